// The session's incidents: a report joined with oomlens's own samples, and the panel's lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IncidentTracker } from '../../src/model/incidents/incidents.js';
import type { KernelLogStatus } from '../../src/model/incidents/types.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { oomPanelLines, oomPanelTitle, verdictText } from '../../src/ui/lines/oom-panel-lines.js';
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
  assert.match(lines.at(-1)!, /1 kill, 1 report\. · o close/);
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
