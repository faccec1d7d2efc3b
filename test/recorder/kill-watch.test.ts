// Which kills get a bundle, tick by tick, and what the bundle holds: a report makes one at once and
// accounts for the counter rise; a rise no report explains within the wait makes one of its own, naming the
// cgroup that ticked and the process that vanished from it; a report before its rise is not counted twice.
// And the exporter counts a cgroup born and OOM-killed between two walks as memcg, not global.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KillWatch } from '../../src/model/incidents/kill-watch.js';
import { buildBundle } from '../../src/model/recording/bundle.js';
import { toRecordedSample, type RecordedSample } from '../../src/model/recording/sample.js';
import { OomMetrics } from '../../src/exporter/metrics.js';
import type { DepartedProcess, Snapshot } from '../../src/model/snapshot.js';
import type { OomReport } from '../../src/oom/types.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { memoryCgroup } from '../helpers/cgroups.js';
import { oomFixture } from '../helpers/fixtures.js';
import { row, snapshotOf } from '../helpers/rows.js';

const leaky = (rssKb: number) => row(4242, 'leaky', 700, rssKb, { memoryCgroup: '/jobs/leaky', cgroup: '/jobs/leaky' });

function tick(kills: number, cgroupKills: number, extra: Partial<Snapshot> = {}): Snapshot {
  const rows = extra.processes ?? [leaky(100_000), row(1, 'init', 666, 5_000)];
  return snapshotOf([...rows], {
    oomKills: kills,
    cgroups: { list: [memoryCgroup({ path: '/jobs/leaky', version: 1, limitKb: 600_000, usageKb: 500_000, oomKills: cgroupKills, oomKillsLocal: cgroupKills })], truncated: false, recentOomKills: [] },
    ...extra,
  });
}

function gone(pid: number, name: string, goneAtMs: number): DepartedProcess {
  return { pid, starttime: pid * 10, name, cgroup: '/jobs/leaky', lastRank: 1, rankedOf: 2, lastRssKb: 590_000, lastSwapKb: 0, footprint: [], growthKbPerMin: 100_000, goneAtMs };
}

function aReport(): OomReport {
  const [report] = parseOomReports(oomFixture('real-memcg-v1-6.18-dmesg.txt'));
  return report!;
}

test('a counter rise no report explains becomes a bundle after the wait, with the cgroup and the vanished process', () => {
  const watch = new KillWatch(10_000);
  const samples: RecordedSample[] = [];
  const feed = (snapshot: Snapshot) => {
    samples.push(toRecordedSample(snapshot));
    return watch.update(snapshot, []);
  };
  for (let i = 0; i < 4; i += 1) assert.deepEqual(feed(tick(7, 0, { processes: [leaky(100_000 + i * 100_000), row(1, 'init', 666, 5_000)] })), []);
  const rose = tick(8, 1, { processes: [row(1, 'init', 666, 5_000)] });
  assert.deepEqual(feed({ ...rose, departed: [gone(4242, 'leaky', rose.monotonicMs)] }), [], 'waits for a report');
  assert.equal(watch.waiting, 1);
  let events: ReturnType<KillWatch['update']> = [];
  for (let i = 0; i < 12 && events.length === 0; i += 1) events = feed(tick(8, 1, { processes: [row(1, 'init', 666, 5_000)] }));
  assert.equal(events.length, 1);
  const bundle = buildBundle(events[0]!, samples, 600_000, Date.now());
  assert.equal(bundle.kill.witness, 'counter');
  assert.equal(bundle.kill.scope, 'memcg');
  assert.equal(bundle.kill.cgroup, '/jobs/leaky');
  assert.equal(bundle.report, null);
  assert.deepEqual(bundle.victims.map((v) => [v.pid, v.guessed, v.series.map((p) => p.rssKb)]), [[4242, true, [100_000, 200_000, 300_000, 400_000]]]);
  assert.equal(bundle.cgroup?.series.length, 4, 'only the samples before the rise');
  assert.equal(watch.waiting, 0);
});

test('a report accounts for its counter rise; a report before the rise is not bundled twice', () => {
  const report = aReport();
  const watch = new KillWatch(10_000);
  watch.update(tick(7, 0), []);
  const events = watch.update(tick(8, 1), [report]);
  assert.equal(events.length, 1);
  assert.equal(events[0]!.counterDelta, 1);
  assert.equal(watch.waiting, 0);
  // The report first, its rise one tick later: one bundle, not two.
  const early = new KillWatch(10_000);
  early.update(tick(7, 0), []);
  assert.equal(early.update(tick(7, 0), [report]).length, 1);
  early.update(tick(8, 1), []);
  for (let i = 0; i < 15; i += 1) assert.deepEqual(early.update(tick(8, 1), []), []);
  assert.equal(early.waiting, 0);
});

test('the exporter counts a cgroup born and OOM-killed between two walks as a memcg kill', async () => {
  const metrics = new OomMetrics();
  metrics.update(tick(7, 0, { cgroups: { list: [memoryCgroup({ path: '/a' })], truncated: false, recentOomKills: [] } }), []);
  const born = memoryCgroup({ path: '/short-job', version: 1, limitKb: 16_384, usageKb: 100, oomKills: 1, oomKillsLocal: 1 });
  metrics.update(tick(8, 0, { cgroups: { list: [memoryCgroup({ path: '/a' }), born], truncated: false, recentOomKills: [] } }), []);
  const text = await metrics.registry.metrics();
  assert.match(text, /^oomlens_oom_kills_total\{scope="memcg",killer="kernel"\} 1$/m);
  assert.match(text, /^oomlens_oom_kills_total\{scope="global",killer="kernel"\} 0$/m);
  assert.match(text, /^oomlens_last_kill_info\{scope="memcg",killer="kernel",cgroup="\/short-job",name="",pid=""\} 1$/m);
});
