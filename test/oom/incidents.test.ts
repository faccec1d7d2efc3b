// The session's incidents: a report joined with oomlens's own samples, and the panel's lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IncidentTracker } from '../../src/model/incidents/incidents.js';
import { isBeforeStart, savedIncident } from '../../src/model/incidents/past.js';
import type { IncidentFile } from '../../src/model/incidents/store.js';
import type { KernelLogStatus } from '../../src/model/incidents/types.js';
import { toReportJson } from '../../src/oom/report-json.js';
import type { OomReport } from '../../src/oom/types.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { oomPanelLines, oomPanelTitle, verdictText } from '../../src/ui/lines/oom-panel-lines.js';
import { lastKillForms } from '../../src/ui/lines/past-kills.js';
import { fixtureText } from '../helpers/fixtures.js';
import { killCounter, row, snapshotOf } from '../helpers/rows.js';

const LOG: KernelLogStatus = { source: '/dev/kmsg', unavailable: null, lostRecords: 0, error: null };
const realReport = () => parseOomReports(fixtureText('oom', 'real-memcg-v1-6.18-kmsg.txt'))[0]!;

test('a real cgroup report: verdict first, victim marked in the task table, the finding in words', () => {
  const report = realReport();
  const tracker = new IncidentTracker();
  tracker.update(snapshotOf([], { oomKills: 10 }), []);
  tracker.update(snapshotOf([], { oomKills: 11, oomKillCounter: killCounter(11, 10, 50_000), monotonicMs: 50_000 }), [report]);
  const session = tracker.session(LOG);
  assert.equal(session.killsVsReports, '1 kill, 1 report.');
  const lines = oomPanelLines(session, null, 100, 12).map((l) => l.text.trimEnd());
  assert.equal(
    `${lines[0]} ${lines[1]}`,
    'Memory cgroup out of memory: killed 3892 (python3) in /oomlens-capture-3851 — a cgroup hit its own limit; the box is fine',
    'the verdict comes first and wraps rather than being cut',
  );
  assert.match(lines.find((l) => l.includes('<- killed'))!, /> +3892 .* python3/);
  assert.ok(lines.some((l) => l.includes('[cgroup-oom]')));
  assert.ok(lines.length <= 12);
  assert.equal(lines.at(-1), '1 kill, 1 report.', "the keys are the screen footer's");
  assert.match(oomPanelTitle(session, null, 52_000), /^ OOM 1\/1 · read 2s ago · kernel time 257\.183159 $/);
});

test('the victim\'s last minutes come from oomlens\'s own samples; a faster grower that survived is named', () => {
  const report = realReport();
  const victim = report.victims[0]!;
  const worker = row(4242, 'worker', 700, 300_000, { growthKbPerMin: 200 * 1024, memoryCgroup: '/oomlens-capture-3851' });
  const outsider = row(5000, 'elsewhere', 700, 300_000, { growthKbPerMin: 900 * 1024, memoryCgroup: '/other' });
  // Faster, in the same cgroup, but oomlens itself, or a slope from its first seconds: never the culprit.
  const self = row(process.pid, 'node', 700, 90_000, { growthKbPerMin: 800 * 1024, memoryCgroup: '/oomlens-capture-3851' });
  const fresh = row(5001, 'fresh', 700, 9_000, { growthKbPerMin: 700 * 1024, growthProvisional: true, memoryCgroup: '/oomlens-capture-3851' });
  const snapshot = snapshotOf([worker, outsider, self, fresh], {
    monotonicMs: 90_000,
    departed: [{
      pid: victim.pid, starttime: 1, name: 'python3', cgroup: '/oomlens-capture-3851', lastRank: 1, rankedOf: 212,
      lastRssKb: 14_000, lastSwapKb: 0, growthKbPerMin: 1024,
      footprint: [{ t: 30_000, value: 8_000 }, { t: 89_000, value: 14_000 }], goneAtMs: 90_000,
    }],
  });
  const tracker = new IncidentTracker();
  const [incident] = tracker.update(snapshot, [report]);
  assert.ok(incident);
  assert.deepEqual(incident.victimsBefore[0], {
    pid: victim.pid, name: 'python3', lastRank: 1, rankedOf: 212,
    footprintFirstKb: 8_000, footprintLastKb: 14_000, windowSeconds: 59, growthKbPerMin: 1024,
  });
  assert.equal(incident.culprit?.name, 'worker', 'only survivors in the OOM cgroup count');
  assert.match(incident.findings.at(-1)!.text, /^worker \(pid 4242\) was growing 200M\/min and survived; the kernel killed python3/);
  const lines = oomPanelLines(tracker.session(LOG), null, 120, 20).map((l) => l.text.trimEnd());
  assert.ok(lines.some((l) => /Before +python3 \(3892\): rank 1 of 212 .* 7\.8M → 14M over 59s/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => l.includes('[culprit-not-victim]')));
});

test('at 80 columns the panel wraps its key lines instead of cutting them; the saved path takes its short form', () => {
  const report = realReport();
  const victim = report.victims[0]!;
  const tracker = new IncidentTracker();
  tracker.update(snapshotOf([], { oomKills: 10 }), []);
  const snapshot = snapshotOf([], {
    oomKills: 11, oomKillCounter: killCounter(11, 10, 90_000), monotonicMs: 90_000,
    departed: [{
      pid: victim.pid, starttime: 1, name: 'python3', cgroup: '/oomlens-capture-3851', lastRank: 1, rankedOf: 212,
      lastRssKb: 14_000, lastSwapKb: 0, growthKbPerMin: 1024, footprint: [{ t: 30_000, value: 8_000 }, { t: 89_000, value: 14_000 }], goneAtMs: 90_000,
    }],
  });
  const [incident] = tracker.update(snapshot, [report]);
  incident!.savedPath = '/root/.local/state/oomlens/incidents/2026-11-28T07-07-57.091Z-pid3892.json';
  const lines = oomPanelLines(tracker.session(LOG), null, 80, 30).map((l) => l.text.trimEnd());
  for (const line of lines) assert.doesNotMatch(line, /…$/, `cut:\n${lines.join('\n')}`);
  const words = lines.join(' ').replace(/\s+/g, ' ');
  assert.match(words, /Trigger python3 \(pid 3892\) asked for an order-0 allocation, gfp_mask 0xcc0, oom_score_adj 0/);
  assert.match(words, /Before python3 \(3892\): rank 1 of 212 in oomlens's last sample · RSS\+swap 7\.8M → 14M over 59s \(\+1M\/min\)/);
  assert.equal(lines.at(-1), '1 kill, 1 report. · saved …/2026-11-28T07-07-57.091Z-pid3892.json');
  const wide = oomPanelLines(tracker.session(LOG), null, 140, 30).map((l) => l.text.trimEnd());
  assert.equal(wide.at(-1), `1 kill, 1 report. · saved ${incident!.savedPath}`, 'the whole path where it fits');
});

test('kills without a report: the counter still tells, and the panel says why the log is unreadable', () => {
  const tracker = new IncidentTracker();
  tracker.update(snapshotOf([], { oomKills: 5 }), []);
  tracker.update(snapshotOf([], { oomKills: 8, oomKillCounter: killCounter(8, 5) }), []);
  const unavailable: KernelLogStatus = {
    source: null, lostRecords: 0, error: null,
    unavailable: '/dev/kmsg: permission denied (kernel.dmesg_restrict=1 needs CAP_SYSLOG); run as root or sysctl kernel.dmesg_restrict=0',
  };
  const session = tracker.session(unavailable);
  assert.equal(session.killsSeen, 3);
  assert.match(session.killsVsReports!, /^3 kills, 0 reports: the kernel log holds no report/);
  const lines = oomPanelLines(session, null, 100, 8).map((l) => l.text.trimEnd());
  assert.match(lines[0]!, /oom_kill rose by 3/);
  assert.ok(lines.some((l) => l.includes('dmesg_restrict')));
});

test('verdicts for global and manual OOMs', () => {
  const global = parseOomReports(fixtureText('oom', 'global-6.1-arch.txt'))[0]!;
  assert.match(verdictText(global), /^Out of memory: killed 473206 \(doxygen\) — the whole machine ran out of memory$/);
  const manual = parseOomReports(fixtureText('oom', 'sysrq-manual-5.13-ubuntu2110.txt'))[0]!;
  assert.match(verdictText(manual), /^Manual OOM: killed .* — a manual kill \(SysRq-f\): not a memory shortage$/);
});

// Kills from before this session: this boot's log at start, and incident files of earlier runs. The four
// kills of the repeat fixture, on the boot they were captured on (btime 1795846839).
const BOOT = 'f3c1a1de-0000-4000-8000-000000000001';
const THIS_BOOT = { nowMs: Date.UTC(2026, 10, 28, 8), boot: { bootWallMs: 1795846839000, suspendedMs: 0 } };
const fourKills = () => parseOomReports(fixtureText('oom', 'real-memcg-v1-6.18-repeat-kmsg.txt'), { clock: THIS_BOOT });

/** The file an earlier run would have saved for `report` (store.ts saveIncident writes this shape). */
function savedFile(report: OomReport, bootId: string | null, context: unknown = {}): IncidentFile {
  return {
    version: 1,
    savedAt: '2026-11-28T07:15:59.500Z',
    kernelRelease: report.kernelRelease,
    bootId,
    kmsgSeq: report.kmsgSeq,
    report: toReportJson(report),
    memory: report.memory,
    rawText: report.rawLines.join('\n'),
    context,
  };
}

test('kills before the start: listed in time order, never counted as this session\'s, no samples claimed', () => {
  const [a1, a2, b1, a3] = fourKills();
  assert.ok(a1 && a2 && b1 && a3);
  const tracker = new IncidentTracker(BOOT);
  const live = tracker.update(snapshotOf([], { oomKills: 40 }), [], [b1, a3, a1, a2]);
  assert.deepEqual(live, [], 'nothing to save: the kernel log holds them');
  const session = tracker.session(LOG);
  assert.deepEqual(session.incidents.map((i) => [i.id, i.report.victims[0]?.pid, i.origin]), [
    [1, 27282, 'before-start'], [2, 27323, 'before-start'], [3, 27364, 'before-start'], [4, 27405, 'before-start'],
  ]);
  assert.equal(session.killsVsReports, null, 'no kill this session');
  assert.ok(session.incidents.every((i) => i.victimsBefore.length === 0 && i.culprit === null));
});

test('isBeforeStart: the kernel stamp against the kernel clock at start; else the wall time', () => {
  const [first] = fourKills();
  assert.ok(first);
  assert.equal(isBeforeStart(first, { monotonicSeconds: 3400, wallMs: 0 }), true);
  assert.equal(isBeforeStart(first, { monotonicSeconds: 3300, wallMs: Infinity }), false, 'the kernel clock decides when there is one');
  const stampless = { ...first, uptimeSeconds: null };
  assert.equal(isBeforeStart(stampless, { monotonicSeconds: 0, wallMs: Date.parse('2026-11-28T07:16:00Z') }), true);
  assert.equal(isBeforeStart({ ...stampless, wallTime: null }, { monotonicSeconds: 0, wallMs: Infinity }), false);
});

test('a kill in the log and in a saved file is listed once, with what the file knew of the victim', () => {
  const [a1, a2] = fourKills();
  assert.ok(a1 && a2);
  const before = { pid: 27323, name: 'python3', lastRank: 1, rankedOf: 21, footprintFirstKb: 14_000, footprintLastKb: 304_000, windowSeconds: 60, growthKbPerMin: 290_000 };
  const saved = savedIncident('/state/oomlens/incidents/2026-11-28T07-15-59.500Z-pid27323.json', savedFile(a2, BOOT, { victimsBefore: [before] }));
  assert.ok(saved);
  assert.equal(saved.report.wallTime, a2.wallTime, 'the saved wall time');
  const tracker = new IncidentTracker(BOOT);
  tracker.addSaved([saved]);
  tracker.update(snapshotOf([], { oomKills: 40 }), [], [a1, a2]);
  const incidents = tracker.session(LOG).incidents;
  assert.deepEqual(incidents.map((i) => i.report.victims[0]?.pid), [27282, 27323], 'once each');
  assert.deepEqual(incidents[1]?.victimsBefore, [before]);
  assert.match(incidents[1]?.savedPath ?? '', /pid27323\.json$/);
  const lines = oomPanelLines(tracker.session(LOG), 1, 120, 30).map((l) => l.text.trimEnd());
  const words = lines.join(' ').replace(/\s+/g, ' ');
  assert.match(words, /Before this kill came before oomlens started \(saved by an earlier run, \S*pid27323\.json\): what that run saw of the victim follows/);
  assert.ok(lines.some((l) => /Before +python3 \(27323\): rank 1 of 21 in oomlens's last sample/.test(l)));
});

test('saved files: another boot is another kill; a file without a boot id matches by kernel stamp and victim', () => {
  const [a1] = fourKills();
  assert.ok(a1);
  const otherBoot = savedIncident('/x/other.json', savedFile(a1, 'another-boot'));
  const thisBoot = savedIncident('/x/this.json', savedFile(a1, BOOT));
  const noBootId = savedIncident('/x/old.json', { ...savedFile(a1, null), kmsgSeq: undefined });
  assert.ok(otherBoot && thisBoot && noBootId);
  const tracker = new IncidentTracker(BOOT);
  tracker.addSaved([otherBoot, thisBoot]);
  tracker.update(snapshotOf([], { oomKills: 40 }), [], [a1]);
  assert.deepEqual(tracker.session(LOG).incidents.map((i) => i.savedPath), ['/x/other.json', '/x/this.json'], 'one kill per boot');
  const older = new IncidentTracker(BOOT);
  older.addSaved([noBootId]);
  older.update(snapshotOf([], { oomKills: 40 }), [], [a1]);
  assert.deepEqual(older.session(LOG).incidents.map((i) => [i.origin, i.savedPath]), [['before-start', '/x/old.json']]);
});

test('an incident file of an older version (no wall time saved): when it was saved, approximately', () => {
  const [a1] = fourKills();
  assert.ok(a1);
  const file = savedFile(a1, null);
  const { wallTime: _w, wallTimeApproximate: _a, wallTimeSource: _s, ...olderJson } = file.report;
  const incident = savedIncident('/x/old.json', { ...file, report: olderJson as IncidentFile['report'] });
  assert.deepEqual([incident?.report.wallTime?.slice(0, 19), incident?.report.wallTimeApproximate], ['2026-11-28T07:15:59', true]);
  assert.equal(savedIncident('/x/empty.json', { ...file, rawText: 'nothing here' }), null);
});

test("this session's kills come after those from before it, whatever their log's stamps claim", () => {
  const [a1, a2] = fourKills();
  assert.ok(a1 && a2);
  const tracker = new IncidentTracker(BOOT);
  tracker.update(snapshotOf([], { oomKills: 40 }), [], [a2]);
  tracker.update(snapshotOf([], { oomKills: 41 }), [{ ...a1, wallTime: '2020-01-01T00:00:00+00:00' }]);
  assert.deepEqual(tracker.session(LOG).incidents.map((i) => [i.id, i.origin]), [[1, 'before-start'], [2, 'live']]);
});

test('a saved file is text: names and paths in it reach the panel sanitised, unknown values are dropped', () => {
  const [a1] = fourKills();
  assert.ok(a1);
  const before = { pid: 27282, name: 'evil\x1b]0;pwned\x07', lastRank: 1, rankedOf: 2, footprintFirstKb: 1, footprintLastKb: 2, windowSeconds: 1, growthKbPerMin: null };
  const file = savedFile(a1, BOOT, { victimsBefore: [before], culprit: { pid: 9, name: '\x1b[2J', growthKbPerMin: 1, rssKb: 1 } });
  const incident = savedIncident('/x/\x1b[31mred.json', { ...file, report: { ...file.report, wallTimeSource: 'made-up' as 'log-stamp' } });
  assert.ok(incident);
  const text = JSON.stringify([incident.victimsBefore, incident.culprit, incident.savedPath]);
  assert.doesNotMatch(text, /\\u001b/, text);
  assert.equal(incident.report.wallTimeSource, null);
});

const wall = (ms: number) => 1_800_000_000_000 + ms;
/** A tick at monotonic `ms` that reads the counter at `kills` (baseline 10). */
const tick = (ms: number, kills: number) =>
  snapshotOf([], { oomKills: kills, oomKillCounter: killCounter(kills, 10, kills > 10 ? ms : null), monotonicMs: ms, takenAtMs: wall(ms) });

test('a counter rise whose report is not in the log yet is named as such, not as the kill before it', () => {
  const tracker = new IncidentTracker();
  tracker.update(tick(10_000, 10), []);
  tracker.update(tick(20_000, 11), [realReport()]);
  assert.equal(tracker.session(LOG).unreportedKill, null, 'the first kill came with its report');

  // The kernel counts the second kill just before it prints the line that ends its report.
  tracker.update(tick(30_000, 12), []);
  const waiting = tracker.session(LOG);
  assert.deepEqual(waiting.unreportedKill, { wallMs: wall(30_000), kills: 1, overdue: false });
  assert.deepEqual(lastKillForms(waiting, wall(31_000)).untimed, ['last: a kill, its report not read yet']);
  assert.match(lastKillForms(waiting, wall(31_000)).timed[0]!, /^last \d\d:\d\d:\d\d \(1s ago\): a kill, its report not read yet$/);
  const panel = oomPanelLines(waiting, null, 100, 12).map((l) => l.text.trimEnd());
  assert.match(panel[0]!, /^oom_kill rose at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: a kill, its report not read yet\. Below: the kill before it\.$/);
  assert.doesNotMatch(oomPanelLines(waiting, 0, 100, 12)[0]!.text, /oom_kill rose/, 'browsing with an index shows the kill itself');

  tracker.update(tick(31_000, 12), [realReport()]);
  const reported = tracker.session(LOG);
  assert.equal(reported.unreportedKill, null);
  assert.deepEqual(lastKillForms(reported, wall(32_000)).untimed, ['last: python3 in /oomlens-capture-3851', 'last: python3']);
  assert.doesNotMatch(oomPanelLines(reported, null, 100, 12)[0]!.text, /oom_kill rose/);
});

test('a rise with no report in 10 s is a kill without a report, until a newer kill comes with its own', () => {
  const tracker = new IncidentTracker();
  tracker.update(tick(10_000, 10), []);
  tracker.update(tick(20_000, 11), []);
  tracker.update(tick(30_000, 11), []);
  const lost = tracker.session(LOG);
  assert.deepEqual(lost.unreportedKill, { wallMs: wall(20_000), kills: 1, overdue: true });
  assert.deepEqual(lastKillForms(lost, wall(31_000)).untimed, ['last: a kill without a report']);
  assert.match(oomPanelLines(lost, null, 100, 12)[0]!.text, /oom_kill rose by 1 since oomlens started, and no report has been read/, 'no kill listed: the panel says what the counter saw');
  // A newer kill whose report is read a tick before the counter shows it: nothing is unreported.
  tracker.update(tick(40_000, 11), [realReport()]);
  assert.equal(tracker.session(LOG).unreportedKill, null);
  tracker.update(tick(41_000, 12), []);
  assert.equal(tracker.session(LOG).unreportedKill, null, 'the rise is the reported kill, not a new one');
});

test('a kill counted while the one before still awaits its report: the newer one is the unreported one', () => {
  const tracker = new IncidentTracker();
  tracker.update(tick(10_000, 10), []);
  tracker.update(tick(20_000, 11), []);
  tracker.update(tick(21_000, 12), [realReport()]);
  const session = tracker.session(LOG);
  assert.deepEqual(session.unreportedKill, { wallMs: wall(21_000), kills: 1, overdue: false });
  assert.deepEqual(lastKillForms(session, wall(22_000)).untimed, ['last: a kill, its report not read yet'], 'not the kill whose report just came');
});

test('two kills counted in one tick and one report read: one kill still awaits its report', () => {
  const tracker = new IncidentTracker();
  tracker.update(tick(10_000, 10), []);
  tracker.update(tick(20_000, 12), [realReport()]);
  assert.deepEqual(tracker.session(LOG).unreportedKill, { wallMs: wall(20_000), kills: 1, overdue: false });
});

test('with no kernel log to read, a counted kill is one without a report at once', () => {
  const tracker = new IncidentTracker();
  tracker.update(tick(10_000, 10), []);
  tracker.update(tick(20_000, 11), []);
  const session = tracker.session({ ...LOG, source: null, unavailable: '/dev/kmsg: permission denied' });
  assert.deepEqual(lastKillForms(session, wall(21_000)).untimed, ['last: a kill without a report']);
});

test("a userspace killer's kill logged after the unreported rise is the last kill", () => {
  const tracker = new IncidentTracker();
  tracker.update(tick(10_000, 10), []);
  tracker.update(tick(20_000, 11), [realReport()]);
  tracker.update(tick(30_000, 12), []);
  tracker.addUserspace([{ killer: 'earlyoom', pid: 4321, name: 'stress', cgroup: null, signal: 'SIGTERM', reason: 'mem avail 4 %', wallMs: wall(30_500), wallTimeApproximate: false }]);
  const session = tracker.session(LOG);
  assert.equal(session.unreportedKill?.overdue, false);
  assert.match(lastKillForms(session, wall(31_000)).untimed[0]!, /stress/, 'earlyoom struck after the counted kill');
  assert.doesNotMatch(oomPanelLines(session, null, 100, 12)[0]!.text, /oom_kill rose/);
});
