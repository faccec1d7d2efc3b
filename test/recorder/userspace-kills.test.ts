// Kills by userspace killers in the daemons, attributed from real log lines (test/fixtures/killers/logs/,
// each names its source): the exporter counts them by killer (their series appear once the killer is seen
// running: absent before, not 0), and each gets a bundle with the victim's samples before it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OomMetrics } from '../../src/exporter/metrics.js';
import { startMetricsServer } from '../../src/exporter/server.js';
import { attributeKills, type LoggedKill } from '../../src/killers/index.js';
import { bundleLabel, buildBundle } from '../../src/model/recording/bundle.js';
import { historyForReport } from '../../src/model/recording/history-match.js';
import { userspaceKillEvent } from '../../src/model/incidents/kill-watch.js';
import { toRecordedSample, type RecordedSample } from '../../src/model/recording/sample.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { fixtureText, oomFixture } from '../helpers/fixtures.js';
import { row, snapshotOf } from '../helpers/rows.js';

const logLines = (name: string) => fixtureText('killers', 'logs', name).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
const logged = (name: string, wallMs: number): LoggedKill[] => attributeKills(logLines(name)).map((kill) => ({ ...kill, wallMs, wallTimeApproximate: false }));
const EARLYOOM = { name: 'earlyoom' as const, pid: 530, thresholds: null };

async function killSeries(metrics: OomMetrics): Promise<string[]> {
  const text = await metrics.registry.metrics();
  return text.split('\n').filter((line) => line.startsWith('oomlens_oom_kills_total{')).sort();
}

test('the exporter counts userspace kills by killer and scope, from the tick their killer is seen running', async () => {
  const metrics = new OomMetrics();
  metrics.update(snapshotOf([], { oomKills: 7 }), []);
  assert.deepEqual(await killSeries(metrics), [
    'oomlens_oom_kills_total{scope="global",killer="kernel"} 0',
    'oomlens_oom_kills_total{scope="memcg",killer="kernel"} 0',
  ]);
  metrics.update(snapshotOf([], { oomKills: 7, killers: [EARLYOOM] }), []);
  assert.ok((await killSeries(metrics)).includes('oomlens_oom_kills_total{scope="global",killer="earlyoom"} 0'), 'earlyoom runs: its series start at 0');
  metrics.update(snapshotOf([], { oomKills: 7, killers: [EARLYOOM] }), [], logged('earlyoom-1.8-issue-344.txt', Date.now()));
  // A memory-pressure kill is a cgroup's own rule; PID 1's echo of it is not a second kill.
  metrics.update(snapshotOf([], { oomKills: 7, killers: [EARLYOOM] }), [], logged('oomd-master-pr-42321.txt', Date.now()));
  assert.deepEqual(await killSeries(metrics), [
    'oomlens_oom_kills_total{scope="global",killer="earlyoom"} 1',
    'oomlens_oom_kills_total{scope="global",killer="kernel"} 0',
    'oomlens_oom_kills_total{scope="global",killer="systemd-oomd"} 0',
    'oomlens_oom_kills_total{scope="memcg",killer="earlyoom"} 0',
    'oomlens_oom_kills_total{scope="memcg",killer="kernel"} 0',
    'oomlens_oom_kills_total{scope="memcg",killer="systemd-oomd"} 1',
  ]);
});

test('/metrics names the last kill with its killer: the kernel\'s, then a userspace killer\'s that came after it', async () => {
  const metrics = new OomMetrics();
  const server = await startMetricsServer({ host: '127.0.0.1', port: 0 }, metrics.registry);
  const scrape = async () => {
    const text = await (await fetch(server.url)).text();
    return text.split('\n').filter((line) => /^oomlens_last_kill_(info|timestamp_seconds)\b/.test(line));
  };
  try {
    const report = parseOomReports(oomFixture('real-memcg-v1-6.18-dmesg.txt'))[0]!;
    const victim = report.victims[0]!;
    metrics.update(snapshotOf([], { oomKills: 7, killers: [EARLYOOM] }), []);
    assert.deepEqual(await scrape(), [], 'no kill yet: no last kill, and no timestamp of 0 (1970)');
    metrics.update(snapshotOf([], { oomKills: 8, killers: [EARLYOOM] }), [report]);
    const kernel = await scrape();
    assert.ok(
      kernel.includes(`oomlens_last_kill_info{scope="memcg",killer="kernel",cgroup="${report.memcg}",name="${victim.name}",pid="${victim.pid}"} 1`),
      kernel.join('\n'),
    );
    const wallMs = Date.parse('2025-11-21T10:00:00.250Z');
    metrics.update(snapshotOf([], { oomKills: 8, killers: [EARLYOOM] }), [], logged('earlyoom-1.8-issue-344.txt', wallMs));
    assert.deepEqual(await scrape(), [
      'oomlens_last_kill_info{scope="global",killer="earlyoom",cgroup="",name="Web Content",pid="1024668"} 1',
      `oomlens_last_kill_timestamp_seconds ${wallMs / 1000}`,
    ]);
    // A systemd-oomd unit kill names the unit and no pid; one series, replaced.
    metrics.update(snapshotOf([], { oomKills: 8, killers: [EARLYOOM] }), [], logged('oomd-master-pr-42321.txt', wallMs + 1000));
    const oomd = (await scrape()).filter((line) => line.startsWith('oomlens_last_kill_info'));
    assert.equal(oomd.length, 1, oomd.join('\n'));
    assert.match(oomd[0]!, /^oomlens_last_kill_info\{scope="memcg",killer="systemd-oomd",cgroup="[^"]*",name="[^"]+",pid=""\} 1$/);
  } finally {
    await server.close();
  }
});

function samplesOf(rssKb: number[], name = 'Web Content'): { samples: RecordedSample[]; lastMs: number } {
  const snapshots = rssKb.map((rss) => snapshotOf([row(1024668, name, 900, rss), row(1, 'init', 666, 5_000)]));
  return { samples: snapshots.map((snapshot) => toRecordedSample(snapshot)), lastMs: snapshots.at(-1)!.takenAtMs };
}

test('an earlyoom kill gets a bundle: the killer, its threshold, and the victim\'s samples before it', () => {
  const { samples, lastMs } = samplesOf([100_000, 400_000, 900_000]);
  const [kill] = logged('earlyoom-1.8-issue-344.txt', lastMs + 300);
  const bundle = buildBundle(userspaceKillEvent(kill!, lastMs + 1000), samples, 600_000, lastMs + 1000);
  assert.deepEqual(bundle.kill.killer, { name: 'earlyoom', signal: 'SIGTERM', reason: "mem avail ≤ 10.00% and swap free ≤ 10.00% (earlyoom's SIGTERM limits)" });
  assert.deepEqual([bundle.kill.witness, bundle.kill.scope, bundle.kill.wallTime, bundle.kill.counterDelta], ['killer-log', 'global', new Date(lastMs + 300).toISOString(), 0]);
  assert.equal(bundle.report, null);
  assert.deepEqual(bundle.victims.map((v) => [v.pid, v.name, v.guessed, v.series.map((p) => p.rssKb)]), [[1024668, 'Web Content', false, [100_000, 400_000, 900_000]]]);
  assert.equal(bundleLabel(bundle), 'pid1024668');
  // Not the kernel's kill: explain --dir does not take its series for a kernel report of the same pid.
  const report = parseOomReports(oomFixture('real-memcg-v1-6.18-dmesg.txt'))[0]!;
  const samePid = { ...report, victims: report.victims.map((v) => ({ ...v, pid: 1024668, name: 'Web Content' })), uptimeSeconds: null };
  assert.deepEqual(historyForReport(samePid, [bundle]), []);
});

test('a pid the sampler saw under another name (a killer in another pid namespace) gets no series; a cgroup kill is labelled by its killer', () => {
  const { samples, lastMs } = samplesOf([100_000, 200_000], 'kthreadd');
  const [kill] = logged('earlyoom-1.8-issue-344.txt', lastMs + 300);
  const bundle = buildBundle(userspaceKillEvent(kill!, lastMs + 1000), samples, 600_000, lastMs + 1000);
  assert.deepEqual(bundle.victims.map((v) => [v.pid, v.name, v.series.length]), [[1024668, 'Web Content', 0]]);
  const [oomd] = logged('oomd-master-pr-42321.txt', lastMs + 300);
  const unit = buildBundle(userspaceKillEvent(oomd!, lastMs + 1000), samples, 600_000, lastMs + 1000);
  assert.deepEqual([unit.kill.scope, unit.kill.cgroup, unit.victims, bundleLabel(unit)], ['memcg', '/system.slice/systemd-journald.service', [], 'systemd-oomd']);
});

test('explain finds the bundle of a report pasted from a wall-clock log (no kernel stamp): by pid and wall time', () => {
  // util-linux dmesg -T of four real kills (TZ=UTC): wall times only, approximate (computed from the boot time).
  const reports = parseOomReports(fixtureText('oom', 'real-memcg-v1-6.18-repeat-dmesg-T.txt'));
  const report = reports.find((r) => r.victims[0]?.name === 'perl')!;
  assert.deepEqual([report.uptimeSeconds, report.wallTimeApproximate, report.victims[0]!.pid], [null, true, 27405]);
  const killMs = Date.parse(report.wallTime!);
  const { samples } = samplesOf([100_000, 200_000, 300_000]);
  const bundleAt = (ms: number, name = 'perl', uptimeSeconds: number | null = 98_765) => {
    const bundle = buildBundle(userspaceKillEvent(logged('earlyoom-1.8-issue-344.txt', ms)[0]!, ms), samples, 600_000, ms);
    // A kernel kill recorded in another boot: its own kernel stamp, the victim as the recorder saw it.
    const series = [{ wallTime: new Date(ms - 5000).toISOString(), rssKb: ms % 1000, swapKb: 0, oomScore: 900, rank: 1 }];
    return { ...bundle, kill: { ...bundle.kill, witness: 'kernel-log' as const, uptimeSeconds, wallTime: new Date(ms).toISOString() }, victims: [{ ...bundle.victims[0]!, pid: 27405, name, series }] };
  };
  const near = bundleAt(killMs + 4_000);
  const dayBefore = bundleAt(killMs - 86_400_000 + 1);
  // Approximate wall time: the name must match, and the nearest bundle wins.
  assert.deepEqual(historyForReport(report, [dayBefore, near]), near.victims[0]!.series);
  assert.deepEqual(historyForReport(report, [bundleAt(killMs + 4_000, 'python3')]), [], 'same pid, another name');
  // An exact wall time (a journal's or RFC 3339 stamp): pid and a minute's tolerance, whatever the name.
  const exact = { ...report, wallTimeApproximate: false };
  assert.deepEqual(historyForReport(exact, [bundleAt(killMs + 30_000, 'perl5')]), [{ ...near.victims[0]!.series[0]!, wallTime: new Date(killMs + 25_000).toISOString(), rssKb: (killMs + 30_000) % 1000 }]);
  assert.deepEqual(historyForReport(exact, [dayBefore]), [], 'a reused pid a day earlier is not this kill');
});
