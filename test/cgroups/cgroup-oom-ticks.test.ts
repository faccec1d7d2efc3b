import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cgroupKey } from '../../src/cgroupfs/memory-cgroup.js';
import {
  describeCgroupOomTick,
  detectCgroupOomTicks,
  rememberCgroupOomTicks,
  type CgroupOomTick,
} from '../../src/model/incidents/cgroup-oom-ticks.js';

type Counters = { version: 1 | 2; path: string; oomKills: number | null; oomKillsLocal: number | null };

const v1 = (path: string, kills: number | null): Counters => ({ version: 1, path, oomKills: kills, oomKillsLocal: kills });

test('a cgroup seen for the first time does not tick, whatever its counter', () => {
  assert.deepEqual(detectCgroupOomTicks([], [v1('/a', 5)], 1000), []);
  assert.deepEqual(detectCgroupOomTicks([v1('/b', 0)], [v1('/b', 0), v1('/a', 3)], 1000), []);
});

test('an increment ticks by its size, at the given time', () => {
  const ticks = detectCgroupOomTicks(
    [v1('/system.slice/foo.service', 1), v1('/x', 0)],
    [v1('/system.slice/foo.service', 2), v1('/x', 3)],
    5000,
  );
  assert.deepEqual(ticks, [
    { key: 'v1:/x', version: 1, path: '/x', kills: 3, total: 3, atMs: 5000 },
    { key: 'v1:/system.slice/foo.service', version: 1, path: '/system.slice/foo.service', kills: 1, total: 2, atMs: 5000 },
  ]);
});

test('a counter that goes backwards (cgroup recreated) is a new baseline, and ticks again from there', () => {
  assert.deepEqual(detectCgroupOomTicks([v1('/a', 4)], [v1('/a', 1)], 1000), []);
  const ticks = detectCgroupOomTicks([v1('/a', 1)], [v1('/a', 2)], 2000);
  assert.deepEqual(ticks.map((t) => [t.path, t.kills, t.total]), [['/a', 1, 2]]);
});

test('a counter that is absent (pre-4.13) or appears never ticks', () => {
  assert.deepEqual(detectCgroupOomTicks([v1('/a', null)], [v1('/a', null)], 1000), []);
  assert.deepEqual(detectCgroupOomTicks([v1('/a', null)], [v1('/a', 2)], 1000), []);
  assert.deepEqual(detectCgroupOomTicks([v1('/a', 2)], [v1('/a', null)], 1000), []);
});

test('v1 and v2 cgroups with the same path are different cgroups', () => {
  const previous: Counters[] = [v1('/a', 0), { version: 2, path: '/a', oomKills: 7, oomKillsLocal: 7 }];
  const current: Counters[] = [v1('/a', 0), { version: 2, path: '/a', oomKills: 8, oomKillsLocal: 8 }];
  assert.deepEqual(detectCgroupOomTicks(previous, current, 1).map((t) => t.key), ['v2:/a']);
  assert.equal(cgroupKey({ version: 2, path: '/a' }), 'v2:/a');
});

test('v2 watches memory.events.local where it exists, so the parent slice does not tick with its child', () => {
  const previous: Counters[] = [
    { version: 2, path: '/system.slice', oomKills: 7, oomKillsLocal: 0 },
    { version: 2, path: '/system.slice/foo.service', oomKills: 2, oomKillsLocal: 2 },
  ];
  const current: Counters[] = [
    { version: 2, path: '/system.slice', oomKills: 8, oomKillsLocal: 0 },
    { version: 2, path: '/system.slice/foo.service', oomKills: 3, oomKillsLocal: 3 },
  ];
  assert.deepEqual(detectCgroupOomTicks(previous, current, 1).map((t) => t.path), ['/system.slice/foo.service']);
  // Before 5.2 there is no local file: the hierarchical count is all there is.
  const old = (c: Counters): Counters => ({ ...c, oomKillsLocal: null });
  assert.equal(detectCgroupOomTicks(previous.map(old), current.map(old), 1).length, 2);
});

test('the header line and the short memory of ticks', () => {
  const tick = (path: string, kills: number, atMs: number): CgroupOomTick => ({
    key: `v1:${path}`,
    version: 1,
    path,
    kills,
    total: kills,
    atMs,
  });
  assert.equal(describeCgroupOomTick(tick('/system.slice/foo.service', 1, 10_000), 18_000), 'cgroup /system.slice/foo.service: OOM kills 1 (+1, 8s ago)');
  assert.equal(describeCgroupOomTick({ ...tick('/a', 1, 0), total: 3 }, 600_000), 'cgroup /a: OOM kills 3 (+1, 10m ago)', 'two kills before oomlens started');
  let history = rememberCgroupOomTicks([], [tick('/a', 1, 1000)]);
  history = rememberCgroupOomTicks(history, [tick('/b', 1, 2000)]);
  history = rememberCgroupOomTicks(history, [tick('/a', 2, 3000)]);
  assert.deepEqual(history.map((t) => [t.path, t.kills, t.atMs]), [['/a', 3, 3000], ['/b', 1, 2000]]);
  history = rememberCgroupOomTicks(history, [tick('/a', 1, 3_600_000)]);
  assert.deepEqual(history[0] && [history[0].path, history[0].kills, history[0].atMs], ['/a', 4, 3_600_000], 'kills seen since start; the last one when');
  assert.equal(rememberCgroupOomTicks(history, [tick('/c', 1, 4_000_000)], 2).length, 2);
});
