import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixturePath } from '../helpers/fixtures.js';
import { findMemoryHierarchies } from '../../src/cgroupfs/mounts.js';
import type { MemoryCgroup } from '../../src/cgroupfs/memory-cgroup.js';
import { readAllMemoryCgroups, readMemoryCgroup, readMemoryCgroups } from '../../src/cgroupfs/memory-cgroups.js';
import { rootsUnder } from '../../src/procfs/roots.js';

const H64 = '4c6b7a1d2e3f40516273849506a7b8c9dae0f1a2b3c4d5e6f708192a3b4c5d6e';
const H64B = '9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0';

function byPath(cgroups: readonly MemoryCgroup[], path: string): MemoryCgroup {
  const found = cgroups.find((c) => c.path === path);
  assert.ok(found, `cgroup ${path} listed`);
  return found;
}

test('v2 host: every memory cgroup, parents first, the root and memory-less children skipped', () => {
  const scan = readAllMemoryCgroups(rootsUnder(fixturePath('cgroups', 'v2-host')));
  assert.equal(scan.truncated, false);
  assert.deepEqual(
    scan.cgroups.map((c) => c.path),
    [
      '/init.scope',
      '/kubepods.slice',
      `/kubepods.slice/cri-containerd-${H64}.scope`,
      '/system.slice',
      '/system.slice/atlimit.service',
      '/system.slice/foo.service',
      '/user.slice',
      '/user.slice/user-1000.slice',
      '/user.slice/user-1000.slice/session-1.scope',
    ],
  );
  assert.ok(scan.cgroups.every((c) => c.version === 2 && c.underOom === null && c.oomKillDisabled === null));
});

test('v2 limited service: usage, limit, swap, events, local events, PSI, processes', () => {
  const foo = byPath(readAllMemoryCgroups(rootsUnder(fixturePath('cgroups', 'v2-host'))).cgroups, '/system.slice/foo.service');
  assert.deepEqual(foo, {
    path: '/system.slice/foo.service',
    version: 2,
    usageKb: 262144,
    limitKb: 524288,
    highKb: null,
    highEvents: 0,
    maxEvents: 1423,
    failcnt: null,
    oomGroup: null,
    swapKb: 4096,
    swapLimitKb: null,
    oomKills: 2,
    oomKillsLocal: 2,
    oomEvents: 3,
    oomGroupKills: 0,
    underOom: null,
    oomKillDisabled: null,
    pressure: {
      some: { avg10: 12.5, avg60: 4.1, avg300: 1.02, totalUs: 9876543 },
      full: { avg10: 8.25, avg60: 2, avg300: 0.51, totalUs: 5432109 },
    },
    processCount: 2,
    pids: [812, 815],
  });
});

test('v2 at the limit without swap accounting; unlimited parents; hierarchical vs local kill counts', () => {
  const cgroups = readAllMemoryCgroups(rootsUnder(fixturePath('cgroups', 'v2-host'))).cgroups;
  const atLimit = byPath(cgroups, '/system.slice/atlimit.service');
  assert.equal(atLimit.usageKb, 65536);
  assert.equal(atLimit.limitKb, 65536);
  assert.equal(atLimit.swapKb, null, 'no memory.swap.current: absent, not zero');
  assert.equal(atLimit.oomGroupKills, 1);
  const slice = byPath(cgroups, '/system.slice');
  assert.equal(slice.limitKb, null);
  assert.equal(slice.oomKills, 7, 'memory.events counts the descendants');
  assert.equal(slice.oomKillsLocal, 0, 'memory.events.local does not');
  assert.equal(slice.processCount, 0);
  const pod = byPath(cgroups, '/kubepods.slice');
  assert.equal(pod.limitKb, 2097152);
});

test('v1 old kernel (no /proc captured, no oom_kill, no memsw): limits, stalled cgroup, nulls for absent files', () => {
  const cgroups = readAllMemoryCgroups(rootsUnder(fixturePath('cgroups', 'v1-old-host'))).cgroups;
  assert.deepEqual(
    cgroups.map((c) => c.path),
    ['/', '/docker', `/docker/${H64}`, `/docker/${H64B}`],
  );
  const root = byPath(cgroups, '/');
  assert.equal(root.limitKb, null, '9223372036854771712 is unlimited');
  assert.equal(root.usageKb, 3145728);
  assert.deepEqual(root.pids, [1, 2, 310]);
  const stalled = byPath(cgroups, `/docker/${H64}`);
  assert.deepEqual(
    { ...stalled, pressure: undefined },
    {
      path: `/docker/${H64}`,
      version: 1,
      usageKb: 262144,
      limitKb: 262144,
      highKb: null,
      highEvents: null,
      maxEvents: null,
      failcnt: null,
      oomGroup: null,
      swapKb: null,
      swapLimitKb: null,
      oomKills: null,
      oomKillsLocal: null,
      oomEvents: null,
      oomGroupKills: null,
      underOom: true,
      oomKillDisabled: true,
      pressure: undefined,
      processCount: 2,
      pids: [4242, 4243],
    },
  );
  assert.equal(stalled.pressure, null);
});

test('hybrid host: v1 memory with memsw swap, PSI borrowed from the unified tree at the same path', () => {
  const cgroups = readAllMemoryCgroups(rootsUnder(fixturePath('cgroups', 'hybrid-host'))).cgroups;
  assert.ok(cgroups.every((c) => c.version === 1), 'the unified mount has no memory controller');
  const foo = byPath(cgroups, '/system.slice/foo.service');
  assert.equal(foo.usageKb, 122880);
  assert.equal(foo.limitKb, 131072);
  assert.equal(foo.swapKb, 8192, 'memsw.usage − usage');
  assert.equal(foo.swapLimitKb, 131072, 'memsw.limit − limit');
  assert.equal(foo.oomKills, 1);
  assert.equal(foo.pressure?.some.avg10, 25);
  assert.equal(foo.pressure?.full?.avg10, 20);
  const root = byPath(cgroups, '/');
  assert.equal(root.swapKb, 65536);
  assert.equal(root.swapLimitKb, null);
  assert.equal(root.pressure?.some.avg10, 0.1);
  assert.equal(byPath(cgroups, '/system.slice/bar.service').pressure, null, 'no unified counterpart');
  assert.equal(byPath(cgroups, '/system.slice').pressure, null, 'unified counterpart without memory.pressure');
});

test('container without cgroupns: paths carry the mount root, as /proc/PID/cgroup shows them', () => {
  const cgroups = readAllMemoryCgroups(rootsUnder(fixturePath('cgroups', 'container-v1'))).cgroups;
  assert.equal(cgroups.length, 1, 'the second mount of the same hierarchy is not read again');
  assert.equal(cgroups[0]!.path, `/docker/${H64}`);
  assert.equal(cgroups[0]!.limitKb, 262144);
  assert.equal(cgroups[0]!.oomKills, 4);
});

test('walk bounds: count and depth stop the walk and say so', () => {
  const [hierarchy] = findMemoryHierarchies(rootsUnder(fixturePath('cgroups', 'v2-host')));
  assert.ok(hierarchy);
  const byCount = readMemoryCgroups(hierarchy, { maxDepth: 32, maxCgroups: 3 });
  assert.equal(byCount.truncated, true);
  assert.deepEqual(byCount.cgroups.map((c) => c.path), ['/init.scope']);
  const byDepth = readMemoryCgroups(hierarchy, { maxDepth: 1, maxCgroups: 100 });
  assert.equal(byDepth.truncated, true);
  assert.deepEqual(
    byDepth.cgroups.map((c) => c.path),
    ['/init.scope', '/kubepods.slice', '/system.slice', '/user.slice'],
  );
});

test('a cgroup that is gone, or a hierarchy without the memory controller, yields nothing', () => {
  const hierarchies = findMemoryHierarchies(rootsUnder(fixturePath('cgroups', 'hybrid-host')));
  const v1 = hierarchies.find((h) => h.version === 1)!;
  const unified = hierarchies.find((h) => h.version === 2)!;
  assert.equal(readMemoryCgroup(v1, 'system.slice/vanished.service'), null);
  assert.deepEqual(readMemoryCgroups(unified), { cgroups: [], truncated: false });
  assert.deepEqual(readMemoryCgroups({ ...v1, dir: `${v1.dir}/vanished` }), { cgroups: [], truncated: false });
});

test('a tree with no cgroups at all reads as empty, not as an error', () => {
  assert.deepEqual(readAllMemoryCgroups(rootsUnder(fixturePath('cgroups', 'no-such-capture'))), { cgroups: [], truncated: false });
});
