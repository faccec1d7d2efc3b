// The per-scope forecast over hand-made cgroup trees and samples: which wall is reached first, how soon,
// and whom the kernel kills there (the in-cgroup ranking, memory.oom.group, the OOM sysctls).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MemoryCgroup } from '../../src/cgroupfs/memory-cgroup.js';
import { buildForecast, type ForecastInputs } from '../../src/model/forecast/forecast.js';
import { CgroupUsageHistory, scopeTrend } from '../../src/model/forecast/scope-trend.js';
import type { OomPolicy } from '../../src/procfs/oom-policy.js';
import { memoryCgroup } from '../helpers/cgroups.js';
import { ranked, row } from '../helpers/rows.js';

const MB = 1024;
const DEFAULT_POLICY: OomPolicy = { panicOnOom: 0, oomKillAllocatingTask: false, overcommitMemory: 0 };

/** Feeds `ticks` samples one second apart; `usageAt(i)` gives each cgroup's usage at sample i. */
function historyOf(ticks: number, frames: (i: number) => MemoryCgroup[]): { history: CgroupUsageHistory; last: MemoryCgroup[] } {
  const history = new CgroupUsageHistory(1000);
  let last: MemoryCgroup[] = [];
  for (let i = 0; i < ticks; i++) {
    last = frames(i);
    history.update(last, 1000 * i);
  }
  return { history, last };
}

function inputs(cgroups: MemoryCgroup[], history: CgroupUsageHistory, extra: Partial<ForecastInputs> = {}): ForecastInputs {
  return {
    processes: ranked([
      row(300, 'bigjava', 900, 1800 * MB, { memoryCgroup: '/batch.service' }),
      row(101, 'python3', 700, 100 * MB, { memoryCgroup: '/app.slice/app.service', growthKbPerMin: 600 * MB }),
      row(102, 'nginx', 690, 20 * MB, { memoryCgroup: '/app.slice/app.service' }),
      row(103, 'sidecar', 680, 10 * MB, { memoryCgroup: '/app.slice/app.service/sidecar', oomScoreAdj: -1000 }),
      row(104, 'helper', 670, 5 * MB, { memoryCgroup: '/app.slice/app.service/sidecar' }),
    ]),
    cgroups,
    memory: { totalKb: 24 * 1024 * MB, freeKb: 20 * 1024 * MB, availableKb: 22 * 1024 * MB, swapTotalKb: 0, swapFreeKb: 0 },
    boxEtaSeconds: null,
    boxHeadroomKbPerMin: null,
    policy: DEFAULT_POLICY,
    history,
    ...extra,
  };
}

/** app.slice limited to 200 MB; app.service under it unlimited, leaking 10 MB/s; sidecar below; batch apart. */
function leakingTree(options: { oomGroupOnService?: boolean } = {}) {
  return historyOf(5, (i) => [
    memoryCgroup({ path: '/', usageKb: 3000 * MB }),
    memoryCgroup({ path: '/app.slice', usageKb: (100 + 10 * i) * MB, limitKb: 200 * MB }),
    memoryCgroup({ path: '/app.slice/app.service', usageKb: (85 + 10 * i) * MB, pids: [101, 102], oomGroup: options.oomGroupOnService ?? false, highKb: 150 * MB }),
    memoryCgroup({ path: '/app.slice/app.service/sidecar', usageKb: 15 * MB, pids: [103, 104] }),
    memoryCgroup({ path: '/batch.service', usageKb: 1800 * MB, pids: [300] }),
  ]);
}

test('a leak under a limited parent: the parent is the wall, the leak is its victim, the box ETA is not the answer', () => {
  const { history, last } = leakingTree();
  const forecast = buildForecast(inputs(last, history));
  const next = forecast.nextKill!;
  assert.equal(next.scope, 'memcg');
  assert.equal(next.cgroup, '/app.slice');
  assert.equal(next.killer, 'kernel');
  assert.equal(next.outcome, 'kill');
  // 140 MB used at the last sample, 10 MB/s, 200 MB limit: 6 s.
  assert.ok(Math.abs(next.etaSeconds! - 6) < 0.01, `eta ${next.etaSeconds}`);
  assert.deepEqual(next.victims, [{ pid: 101, name: 'python3' }]);
  assert.equal(Math.round(next.growthKbPerMin! / MB), 600);
  assert.equal(next.provisional, true, '4 s of samples is not a settled slope');

  const service = forecast.cgroups.find((c) => c.path === '/app.slice/app.service')!;
  assert.equal(service.effectiveLimitKb, 200 * MB, 'no limit of its own: its parent\'s');
  assert.equal(service.domainPath, '/app.slice');
  assert.ok(Math.abs(service.etaSeconds! - 6) < 0.01);
  assert.deepEqual(service.nextVictims, [{ pid: 101, name: 'python3' }]);
  const batch = forecast.cgroups.find((c) => c.path === '/batch.service')!;
  assert.equal(batch.effectiveLimitKb, null, 'nothing limits batch');
  assert.equal(batch.etaSeconds, null);
  assert.equal(batch.growthKbPerMin, 0);
  assert.deepEqual(forecast.global.victims, [{ pid: 300, name: 'bigjava' }], 'the box would kill another process');
});

test('memory.oom.group on the victim\'s cgroup takes the whole group, except adj -1000', () => {
  const { history, last } = leakingTree({ oomGroupOnService: true });
  const next = buildForecast(inputs(last, history)).nextKill!;
  assert.deepEqual(next.victims.map((v) => v.pid), [101, 102, 104]);
});

test('vm.panic_on_oom: 2 turns a cgroup OOM into a panic, 1 only the global one', () => {
  const { history, last } = leakingTree();
  const two = buildForecast(inputs(last, history, { policy: { ...DEFAULT_POLICY, panicOnOom: 2 } }));
  assert.equal(two.nextKill!.outcome, 'panic');
  assert.deepEqual(two.nextKill!.victims, []);
  assert.match(two.nextKill!.reason!, /panic_on_oom=2/);
  const one = buildForecast(inputs(last, history, { policy: { ...DEFAULT_POLICY, panicOnOom: 1 } }));
  assert.equal(one.nextKill!.outcome, 'kill');
  assert.equal(one.global.outcome, 'panic');
});

test('vm.oom_kill_allocating_task: the box\'s victim is the likeliest allocator, not the top score', () => {
  const { history, last } = leakingTree();
  const forecast = buildForecast(inputs(last, history, { policy: { ...DEFAULT_POLICY, oomKillAllocatingTask: true }, boxEtaSeconds: 100 }));
  assert.deepEqual(forecast.global.victims, [{ pid: 101, name: 'python3' }]);
  assert.match(forecast.global.reason!, /allocating/);
  assert.equal(forecast.nextKill!.scope, 'memcg', 'the cgroup wall (6 s) comes before the box (100 s)');
});

test('vm.oom_kill_allocating_task: the likeliest allocator is never oomlens itself, nor an early slope', () => {
  const { history, last } = leakingTree();
  const base = inputs(last, history, { policy: { ...DEFAULT_POLICY, oomKillAllocatingTask: true } });
  const processes = ranked([
    ...base.processes,
    row(process.pid, 'node', 650, 90 * MB, { growthKbPerMin: 9000 * MB }),
    row(400, 'fresh', 640, 10 * MB, { growthKbPerMin: 5000 * MB, growthProvisional: true }),
  ]);
  assert.deepEqual(buildForecast({ ...base, processes }).global.victims, [{ pid: 101, name: 'python3' }]);
});

test('the box is the next kill when it is reached first', () => {
  const { history, last } = leakingTree();
  const forecast = buildForecast(inputs(last, history, { boxEtaSeconds: 3 }));
  assert.equal(forecast.nextKill!.scope, 'global');
  assert.deepEqual(forecast.nextKill!.victims, [{ pid: 300, name: 'bigjava' }]);
});

test('flat usage, a single jump and a shrinking cgroup give no ETA; nothing approaching is null', () => {
  const { history, last } = historyOf(8, (i) => [
    memoryCgroup({ path: '/flat.service', usageKb: 100 * MB, limitKb: 200 * MB, pids: [101] }),
    memoryCgroup({ path: '/burst.service', usageKb: (i < 6 ? 50 : 150) * MB, limitKb: 200 * MB, pids: [102] }),
    memoryCgroup({ path: '/shrinking.service', usageKb: (150 - 5 * i) * MB, limitKb: 200 * MB, pids: [300] }),
  ]);
  const forecast = buildForecast(inputs(last, history));
  assert.equal(forecast.nextKill, null);
  assert.deepEqual(forecast.cgroups.map((c) => c.etaSeconds), [null, null, null]);
  assert.equal(forecast.cgroups[0]!.growthKbPerMin, 0);
  assert.ok(forecast.cgroups[2]!.growthKbPerMin! < 0);
});

test('a wall minutes away at even a provisional growth makes the forecast "approaching"; flat cgroups do not', () => {
  const two = historyOf(2, (i) => [memoryCgroup({ path: '/leak.service', usageKb: (100 + 10 * i) * MB, limitKb: 400 * MB, pids: [101] })]);
  const early = buildForecast(inputs(two.last, two.history));
  assert.equal(early.nextKill, null, 'two samples give no ETA yet');
  assert.equal(early.approaching, true, '290 MB at 10 MB/s is 29 s away');
  const flat = historyOf(5, () => [memoryCgroup({ path: '/flat.service', usageKb: 390 * MB, limitKb: 400 * MB, pids: [101] })]);
  assert.equal(buildForecast(inputs(flat.last, flat.history)).approaching, false);
  const slow = historyOf(5, (i) => [memoryCgroup({ path: '/slow.service', usageKb: 100 * MB + 10 * i, limitKb: 400 * MB, pids: [101] })]);
  assert.equal(buildForecast(inputs(slow.last, slow.history)).approaching, false, '600 KiB/min: hours away');
});

test('growth is there from the second sample, provisional until the window is half full', () => {
  assert.deepEqual(scopeTrend([{ t: 0, value: 100 }], 1000), { growthKbPerMin: null, provisional: true, etaSeconds: null });
  const two = scopeTrend([{ t: 0, value: 100 }, { t: 1000, value: 110 }], 1000);
  assert.equal(two.growthKbPerMin, 600);
  assert.equal(two.provisional, true);
  assert.equal(two.etaSeconds, null, 'two points always fit: no ETA from them');
  const settled = scopeTrend(Array.from({ length: 40 }, (_, i) => ({ t: i * 1000, value: 100 + i })), 1000);
  assert.equal(settled.provisional, false);
  assert.ok(Math.abs(settled.etaSeconds! - 861) < 0.5);
});

test('a cgroup that disappears is forgotten; one recreated under the same path starts afresh', () => {
  const history = new CgroupUsageHistory(1000);
  const cgroup = (usageKb: number) => memoryCgroup({ path: '/job.scope', usageKb, limitKb: 1000 });
  for (let i = 0; i < 5; i++) history.update([cgroup(100 * i)], i * 1000);
  history.update([], 5000);
  history.update([cgroup(10)], 6000);
  assert.deepEqual(history.points('v2:/job.scope'), [{ t: 6000, value: 10 }]);
});

test('a leak after a flat minute: the newest samples on a line give the ETA within three walks', () => {
  const MB = 1024;
  const limitKb = 100 * MB;
  // Walked every 2 s: flat at 20 MB for 60 s, then 6 MB/s (the walk-through's leak that died unforecast).
  const usage = (t: number) => (t <= 60_000 ? 20 * MB : 20 * MB + ((t - 60_000) / 1000) * 6 * MB);
  const series = (until: number) => Array.from({ length: until / 2000 + 1 }, (_, i) => ({ t: i * 2000, value: usage(i * 2000) }));
  assert.equal(scopeTrend(series(62_000), limitKb).etaSeconds, null, 'one rising step is not yet a line');
  const early = scopeTrend(series(64_000), limitKb);
  const truth = (100 * MB - usage(64_000)) / (6 * MB);
  assert.ok(early.etaSeconds !== null && Math.abs(early.etaSeconds - truth) < 0.5, `ETA ${early.etaSeconds} s, truth ${truth.toFixed(1)} s`);
  assert.equal(early.provisional, true);
  assert.ok(Math.abs(early.growthKbPerMin! - 6 * MB * 60) < 1, 'the leak\'s own slope, not the minute\'s average');
});

test('no recent ETA from a single jump, nor from quiet samples that happen to line up', () => {
  const limitKb = 100 * 1024;
  const flat = Array.from({ length: 31 }, (_, i) => ({ t: i * 2000, value: 20_000 }));
  const jump = [...flat, { t: 62_000, value: 40_000 }, { t: 64_000, value: 40_000 }];
  assert.equal(scopeTrend(jump, limitKb).etaSeconds, null, 'a step');
  const quiet = [...flat, { t: 62_000, value: 20_010 }, { t: 64_000, value: 20_020 }, { t: 66_000, value: 20_030 }];
  assert.equal(scopeTrend(quiet, limitKb).etaSeconds, null, '30 KB of 100 MB is no leak');
});
