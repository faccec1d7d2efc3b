// The sampler with a fake kernel whose processes bind reads the way the live /proc does: what is read
// for whom on each tick, pid reuse through GONE, skipped listings, and slicing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Sampler, type SystemFiles } from '../../src/model/sampling/sampler.js';
import { sortProcesses } from '../../src/model/ranking/kill-order.js';
import { CAPTURED_TREE_SCAN, LIVE_SCAN, ONE_SHOT_SCAN, type ScanPolicy } from '../../src/model/sampling/scan-policy.js';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { NO_SYSTEM_FILES, fakeClock } from '../helpers/sampler-fakes.js';



function samplerWith(kernel: FakeKernel, policy: Readonly<ScanPolicy>, clock = fakeClock(), system: SystemFiles = NO_SYSTEM_FILES) {
  return new Sampler({ processes: kernel, system, userName: String, clock, pageSize: 4096, intervalMs: 1000, policy });
}

function samplerOver(kernel: FakeKernel, clock = fakeClock(), detailEvery = 5, listEvery = 10) {
  return samplerWith(kernel, { ...LIVE_SCAN, detailEvery, listEvery }, clock);
}

test('scan: every process gets its score every tick and its details at least every detailEvery ticks', () => {
  const kernel = new FakeKernel();
  kernel.populate(1000, 400);
  const clock = fakeClock();
  const sampler = samplerOver(kernel, clock);
  sampler.focus([]);
  sampler.sample();
  kernel.reads.status.clear();
  kernel.reads.score = 0;
  for (let tick = 0; tick < 5; tick++) {
    clock.advance(1000);
    const snapshot = sampler.sample();
    assert.equal(snapshot.processes.length, 400);
  }
  assert.equal(kernel.reads.score, 5 * 400, 'oom_score: everyone, every tick');
  for (let pid = 1000; pid < 1400; pid++) assert.ok((kernel.reads.status.get(pid) ?? 0) >= 1, `pid ${pid} refreshed within 5 ticks`);
  const total = [...kernel.reads.status.values()].reduce((a, b) => a + b, 0);
  assert.ok(total < 5 * 400 * 0.3, `details are read for a slice, not everyone (${total} reads)`);
});

test('scan: focused rows and the top of the ranking are refreshed every tick; details carry their time', () => {
  const kernel = new FakeKernel();
  kernel.populate(1000, 200);
  kernel.procs.get(1150)!.score = 900; // the top of the ranking
  const clock = fakeClock();
  const sampler = samplerOver(kernel, clock);
  sampler.sample();
  sampler.focus(['1077:1177']);
  kernel.reads.status.clear();
  let snapshot = sampler.sample();
  for (let tick = 0; tick < 4; tick++) {
    clock.advance(1000);
    snapshot = sampler.sample();
  }
  assert.equal(kernel.reads.status.get(1077), 5, 'focused: every tick');
  assert.equal(kernel.reads.status.get(1150), 5, 'top of the ranking: every tick');
  assert.equal(snapshot.processes[0]!.pid, 1150);
  assert.equal(snapshot.processes[0]!.detailAtMs, clock.monotonicMs());
  const stale = snapshot.processes.find((row) => row.detailAtMs !== clock.monotonicMs());
  assert.ok(stale !== undefined && stale.detailAtMs! < clock.monotonicMs(), 'an off-screen row says how old its details are');
});

test('scan: a process whose score moves gets fresh details at once; an unchanged row is the same object', () => {
  const kernel = new FakeKernel();
  kernel.populate(1000, 100);
  const sampler = samplerOver(kernel, fakeClock(), 50);
  sampler.focus([]);
  const first = sampler.sample();
  const quiet = first.processes.find((row) => row.pid === 1003)!; // low in the ranking, off its slice
  kernel.procs.get(1042)!.score = 700;
  kernel.procs.get(1042)!.rssKb = 90_000;
  const second = sampler.sample();
  const moved = second.processes.find((row) => row.pid === 1042)!;
  assert.equal(moved.oomScore, 700);
  assert.equal(moved.rssKb, 90_000, 'RSS re-read with the new score');
  assert.equal(second.processes.find((row) => row.pid === 1003), quiet, 'nothing changed: the same immutable row');
  assert.deepEqual(second.processes, sortProcesses(second.processes, 'score'), 'ranked as sortProcesses ranks');
});

test('scan: a reused pid (GONE through the bound read) becomes a new key; the old one departs', () => {
  const kernel = new FakeKernel();
  kernel.populate(1000, 10);
  const sampler = samplerOver(kernel);
  sampler.sample();
  kernel.add({ pid: 1004, comm: 'p1004', starttime: 9999, score: 800, rssKb: 5 });
  const snapshot = sampler.sample();
  const row = snapshot.processes.find((p) => p.pid === 1004)!;
  assert.equal(row.key, '1004:9999');
  assert.equal(row.cmdline, 'cmd 1004');
  assert.equal(snapshot.processes.filter((p) => p.pid === 1004).length, 1);
  assert.equal(snapshot.departed[0]?.starttime, 1104, 'the old process is remembered as departed');
  assert.equal(sampler.trackedCount, 10);
});

test('scan: with no new pid possible the listing is skipped, yet exits are noticed; it is taken every listEvery ticks', () => {
  const kernel = new FakeKernel();
  kernel.populate(1000, 10);
  const sampler = samplerOver(kernel, fakeClock(), 5, 4);
  sampler.sample();
  assert.equal(kernel.reads.list, 1);
  kernel.procs.delete(1003);
  const snapshot = sampler.sample();
  assert.equal(kernel.reads.list, 1, 'skipped');
  assert.ok(!snapshot.processes.some((p) => p.pid === 1003), 'the exit shows through the bound read');
  assert.equal(sampler.trackedCount, 9);
  assert.deepEqual(kernel.released, [1003], 'what is held for the gone process is let go');
  for (let i = 0; i < 3; i++) sampler.sample();
  assert.equal(kernel.reads.list, 2, 'taken again after listEvery ticks');
});

test('scan: sampleSliced lets the event loop run during a long scan and gives the same snapshot', async () => {
  const kernel = new FakeKernel();
  kernel.populate(1000, 3000);
  const slowStatus = kernel.status.bind(kernel);
  // Each status read takes ~20 µs: 3000 of them take ~60 ms.
  kernel.status = (pid) => {
    const until = performance.now() + 0.02;
    while (performance.now() < until);
    return slowStatus(pid);
  };
  const sampler = samplerWith(kernel, CAPTURED_TREE_SCAN);
  let turns = 0;
  const ticking = setInterval(() => turns++, 0);
  const snapshot = await sampler.sampleSliced(5);
  clearInterval(ticking);
  assert.equal(snapshot.processes.length, 3000);
  assert.ok(turns >= 3, `the event loop ran ${turns} times during the scan`);
});

test('scan: probed pids replace the listing; a probed thread id is not a process', () => {
  const kernel = new FakeKernel();
  kernel.populate(1000, 10);
  let probes: number[] | null = null;
  kernel.pidsCreatedSinceListing = () => probes;
  const status = kernel.status.bind(kernel);
  // 1020 is a thread of 1001: its /proc/1020 files exist, its Tgid is 1001.
  kernel.status = (pid) => (pid === 1020 ? { ...status(1001)!, tgid: 1001 } : status(pid));
  const stat = kernel.stat.bind(kernel);
  kernel.stat = (pid) => (pid === 1020 ? { ...stat(1001)!, pid: 1020 } : stat(pid));
  const sampler = samplerOver(kernel);
  sampler.sample();
  assert.equal(kernel.reads.list, 1);
  kernel.add({ pid: 1015, comm: 'p1015', starttime: 7000, score: 900, rssKb: 50 });
  probes = [1014, 1015, 1020];
  const snapshot = sampler.sample();
  assert.equal(kernel.reads.list, 1, 'no listing');
  assert.equal(snapshot.processes[0]!.pid, 1015, 'the new process was found by probing');
  assert.ok(!snapshot.processes.some((p) => p.pid === 1020), 'a thread is not listed as a process');
  assert.equal(snapshot.processes.length, 11);
});

test('scan: the one-shot policy (--once, --json) reads every process\'s details in every sample', () => {
  const kernel = new FakeKernel();
  kernel.populate(1000, 300);
  const sampler = samplerWith(kernel, ONE_SHOT_SCAN);
  sampler.focus([]);
  sampler.sample();
  kernel.reads.status.clear();
  sampler.sample();
  assert.equal(kernel.reads.status.size, 300);
});

test('sampler: a costly cgroup walk is done less often, but at once when oom_kill moves', () => {
  const kernel = new FakeKernel();
  kernel.populate(1000, 5);
  let walks = 0;
  let oomKills = 0;
  const clock = fakeClock();
  const system = {
    ...NO_SYSTEM_FILES,
    vmstat: () => new Map([['oom_kill', oomKills]]),
    cgroups: () => {
      walks++;
      clock.advance(20); // a 20 ms walk: 7 ticks' worth of a 3 ms budget
      return { cgroups: [], truncated: false };
    },
  };
  const sampler = samplerWith(kernel, { ...LIVE_SCAN, detailEvery: 5, cgroupsEvery: 2 }, clock, system);
  for (let tick = 0; tick < 15; tick++) sampler.sample();
  assert.equal(walks, 3, 'ticks 1, 8 and 15');
  oomKills = 1;
  sampler.sample();
  assert.equal(walks, 4, 'oom_kill moved: walked at once');
});

test('scan: thousands of new processes at once are ranked from stat and oom_score first, completed later', () => {
  const kernel = new FakeKernel();
  const count = LIVE_SCAN.skeletonsCompletedPerTick + 1000;
  kernel.populate(1000, count);
  // One process far above the rest, late in pid order: the first screenful is chosen by score.
  kernel.procs.get(2990)!.score = 1500;
  const cmdlines = new Set<number>();
  const cmdline = kernel.cmdline.bind(kernel);
  kernel.cmdline = (pid) => {
    cmdlines.add(pid);
    return cmdline(pid);
  };
  const sampler = samplerWith(kernel, LIVE_SCAN);
  const first = sampler.sample();
  assert.equal(first.processes.length, count, 'every process is in the first ranking');
  assert.equal(first.processes[0]!.pid, 2990);
  assert.equal(first.processes[0]!.rssKb, 1000 + 2990, 'the top of the ranking is complete at once');
  assert.equal(first.processes[0]!.cmdline, 'cmd 2990');
  assert.ok(kernel.reads.status.size <= 64 && cmdlines.size <= 64, `${kernel.reads.status.size} status and ${cmdlines.size} cmdline reads`);
  const skeleton = first.processes.find((row) => row.rssKb === null)!;
  assert.equal(skeleton.oomScore, 666, 'a skeleton row has its score');
  assert.equal(skeleton.name, `p${skeleton.pid}`, 'and its name, from stat');
  assert.equal(skeleton.oomScoreAdj, null, 'and nothing it has not read');
  assert.equal(skeleton.user, '-');
  assert.equal(skeleton.partial, true, 'and says it is a skeleton');
  assert.equal(first.processes[0]!.partial, undefined);
  const second = sampler.sample();
  assert.ok(second.processes.some((row) => row.rssKb === null), 'completed a batch at a time');
  sampler.sample();
  const fourth = sampler.sample();
  assert.equal(fourth.processes.filter((row) => row.rssKb === null).length, 0, 'all complete within a few ticks');
  assert.equal(cmdlines.size, count);
  // A one-shot sample (--once, --json) never shows skeletons.
  const oneShot = samplerWith(kernel, ONE_SHOT_SCAN);
  assert.equal(oneShot.sample().processes.filter((row) => row.rssKb === null).length, 0);
});

test('scan: GROW/m from the second sample, marked early until 5 samples span 10 s, then the settled figure', () => {
  const kernel = new FakeKernel();
  const leaky = kernel.add({ pid: 500, comm: 'leaky', rssKb: 100_000 });
  const clock = fakeClock();
  const sampler = samplerOver(kernel, clock, 1);
  const rowOf = () => sampler.sample().processes.find((row) => row.pid === 500)!;
  const first = rowOf();
  assert.equal(first.growthKbPerMin, null, 'one sample: no slope');
  assert.equal(first.growthProvisional, false);
  const next = () => {
    clock.advance(1000);
    leaky.rssKb += 2048; // 2 MiB/s: 120 MiB/min
    return rowOf();
  };
  for (let second = 1; second < 10; second++) {
    const row = next();
    assert.equal(row.growthKbPerMin, 2048 * 60, `an early slope at ${second} s`);
    assert.equal(row.growthProvisional, true, `marked early at ${second} s`);
  }
  const settled = next();
  assert.equal(settled.growthKbPerMin, 2048 * 60);
  assert.equal(settled.growthProvisional, false, 'settled once 11 samples span 10 s');
});
