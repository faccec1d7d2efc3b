import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixturePath } from '../helpers/fixtures.js';
import {
  findMemoryHierarchies,
  listsMemoryController,
  memoryHierarchiesFromMounts,
  parseMountinfo,
  parseProcMounts,
  rebaseMountPoint,
} from '../../src/cgroupfs/mounts.js';
import { LIVE_ROOTS, rootsUnder } from '../../src/procfs/roots.js';

test('parseMountinfo splits at the lone "-" whatever the number of optional fields', () => {
  const text =
    '37 31 0:32 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,memory\n' +
    '26 22 0:24 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n' +
    '90 28 0:50 / /mnt/with\\040space rw master:3 shared:9 - tmpfs none rw\n' +
    'garbage line\n';
  const mounts = parseMountinfo(text);
  assert.equal(mounts.length, 3);
  assert.deepEqual(mounts[0], {
    device: '0:32',
    root: '/',
    mountPoint: '/sys/fs/cgroup/memory',
    fsType: 'cgroup',
    superOptions: ['rw', 'memory'],
  });
  assert.equal(mounts[1]!.fsType, 'cgroup2');
  assert.equal(mounts[2]!.mountPoint, '/mnt/with space');
});

test('parseProcMounts reads the fallback table (no root, no device)', () => {
  const mounts = parseProcMounts('cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0\ncgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0\n');
  assert.deepEqual(
    mounts.map((m) => [m.mountPoint, m.fsType, m.root, m.device, m.superOptions.includes('memory')]),
    [
      ['/sys/fs/cgroup/memory', 'cgroup', '/', null, true],
      ['/sys/fs/cgroup/unified', 'cgroup2', '/', null, false],
    ],
  );
});

test('rebaseMountPoint puts host paths under a capture', () => {
  assert.equal(rebaseMountPoint('/sys/fs/cgroup/memory', rootsUnder('/cap')), '/cap/sys/fs/cgroup/memory');
  assert.equal(rebaseMountPoint('/cgroup/memory', rootsUnder('/cap')), '/cap/cgroup/memory');
  assert.equal(rebaseMountPoint('/sys/fs/cgroup/memory', LIVE_ROOTS), '/sys/fs/cgroup/memory');
  assert.equal(rebaseMountPoint('/cgroup/memory', LIVE_ROOTS), '/cgroup/memory');
});

test('listsMemoryController reads cgroup.controllers', () => {
  assert.equal(listsMemoryController('cpuset cpu io memory hugetlb pids\n'), true);
  assert.equal(listsMemoryController('hugetlb\n'), false);
  assert.equal(listsMemoryController('\n'), false);
  assert.equal(listsMemoryController(null), false);
});

test('pure v2 host: one cgroup2 hierarchy with the memory controller, from mountinfo', () => {
  const root = fixturePath('cgroups', 'v2-host');
  assert.deepEqual(findMemoryHierarchies(rootsUnder(root)), [
    { version: 2, dir: `${root}/sys/fs/cgroup`, kernelPath: '/', hasMemoryController: true },
  ]);
});

test('hybrid host: v1 memory and a unified cgroup2 mount without memory, both found', () => {
  const root = fixturePath('cgroups', 'hybrid-host');
  assert.deepEqual(findMemoryHierarchies(rootsUnder(root)), [
    { version: 2, dir: `${root}/sys/fs/cgroup/unified`, kernelPath: '/', hasMemoryController: false },
    { version: 1, dir: `${root}/sys/fs/cgroup/memory`, kernelPath: '/', hasMemoryController: true },
  ]);
});

test('capture without /proc: the usual mount points are probed', () => {
  const root = fixturePath('cgroups', 'v1-old-host');
  assert.deepEqual(findMemoryHierarchies(rootsUnder(root)), [
    { version: 1, dir: `${root}/sys/fs/cgroup/memory`, kernelPath: '/', hasMemoryController: true },
  ]);
});

test('container without a cgroup namespace: the mount root names the subtree; a second mount of it is ignored', () => {
  const root = fixturePath('cgroups', 'container-v1');
  const hierarchies = findMemoryHierarchies(rootsUnder(root));
  assert.equal(hierarchies.length, 1);
  assert.equal(hierarchies[0]!.dir, `${root}/sys/fs/cgroup/memory`);
  assert.match(hierarchies[0]!.kernelPath, /^\/docker\/[0-9a-f]{64}$/);
});

test('mounts whose directories were not captured are skipped; a mount from outside the namespace reads as "/"', () => {
  const roots = rootsUnder(fixturePath('cgroups', 'hybrid-host'));
  const mounts = parseMountinfo(
    '40 31 0:40 / /sys/fs/cgroup/not-captured rw - cgroup cgroup rw,memory\n' +
      '37 31 0:32 /../.. /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n',
  );
  const hierarchies = memoryHierarchiesFromMounts(mounts, roots);
  assert.deepEqual(
    hierarchies.map((h) => [h.version, h.kernelPath]),
    [[1, '/']],
  );
});

test('stale mountinfo that names nothing present falls back to probing', () => {
  // hybrid-host's mountinfo is real; a mount table naming other places finds nothing, so probing decides.
  const roots = rootsUnder(fixturePath('cgroups', 'v1-old-host'));
  assert.deepEqual(memoryHierarchiesFromMounts(parseMountinfo('1 0 0:1 / /elsewhere rw - cgroup2 cgroup2 rw\n'), roots), []);
  assert.equal(findMemoryHierarchies(roots).length, 1);
});
