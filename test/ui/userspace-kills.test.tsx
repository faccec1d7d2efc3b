// Kills by userspace killers in the App: attributed from real log lines (test/fixtures/killers/logs/, each
// names its source), they open the OOM panel as that killer's kill with the threshold that fired, sit
// between the kernel's kills in the ← → order, and the header counts them beside the kernel's counter.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { attributeKills, type LoggedKill } from '../../src/killers/index.js';
import { IncidentTracker } from '../../src/model/incidents/incidents.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { isoWithOffset } from '../../src/oom/time/wall-format.js';
import { userspaceVerdict } from '../../src/ui/lines/userspace-kill-lines.js';
import { fixtureText } from '../helpers/fixtures.js';
import { KEYS, type Harness } from '../helpers/ink-harness.js';
import { renderApp } from '../helpers/app.js';
import { killCounter, row, scriptedSource, snapshotOf } from '../helpers/rows.js';

const HOST = { hostname: 'h', kernel: '6.8.0', distro: null };
const LOG = { source: '/dev/kmsg', unavailable: null, lostRecords: 0, error: null };
const KILLER_LOG = { source: 'journalctl -f -n 0 -o json -t earlyoom', unavailable: null, error: null };
/** snapshotOf's wall clock starts just after this. */
const NOW = 1_700_000_000_000;
let harness: Harness | null = null;
afterEach(() => {
  harness?.unmount();
  harness = null;
});

const logLines = (name: string) => fixtureText('killers', 'logs', name).split('\n').filter((line) => line !== '' && !line.startsWith('#'));

function logged(name: string, wallMs: number): LoggedKill[] {
  return attributeKills(logLines(name)).map((kill) => ({ ...kill, wallMs, wallTimeApproximate: false }));
}

function kernelReport(fixture: string, wallMs: number) {
  return { ...parseOomReports(fixtureText('oom', fixture))[0]!, wallTime: isoWithOffset(wallMs), wallTimeApproximate: false };
}

test('an earlyoom kill opens the panel as earlyoom\'s, with its threshold; the header counts it', async () => {
  const processes = [row(1, 'alpha', 900, 1000)];
  const tracker = new IncidentTracker();
  const source = scriptedSource(snapshotOf(processes, { oomKills: 0, oom: tracker.session(LOG, KILLER_LOG) }));
  harness = renderApp({ source, host: HOST, intervalMs: 40, color: false }, 120, 40);
  const screen = harness;
  await screen.waitFor((f) => f.includes('alpha'));
  assert.doesNotMatch(screen.frame(), / OOM \d+\/\d+/);
  tracker.addUserspace(logged('earlyoom-1.8-issue-344.txt', NOW - 30_000));
  source.current = snapshotOf(processes, { oomKills: 0, takenAtMs: NOW, oom: tracker.session(LOG, KILLER_LOG) });
  const frame = await screen.waitFor((f) => f.includes(' OOM 1/1'));
  const words = frame.replace(/\s+/g, ' ');
  assert.match(words, /earlyoom killed 1024668 \(Web Content\): mem avail ≤ 10\.00% and swap free ≤ 10\.00% \(earlyoom's SIGTERM limits\)/);
  assert.match(words, / OOM 1\/1 · \d\d:\d\d:\d\d \(30s ago\) · earlyoom /);
  assert.match(words, /Signal SIGTERM, sent by earlyoom itself: the kernel's OOM killer did not act/);
  assert.match(words, /Log journalctl -f -n 0 -o json -t earlyoom/);
  const header = screen.lines()[0] ?? '';
  assert.match(header, /OOM kills 0 \+ earlyoom 1 · last \d\d:\d\d:\d\d \(30s ago\): Web Content \(earlyoom\) \(o\)$/);
});

test('userspace kills sit between the kernel\'s kills by time: ← → walk them in one order', async () => {
  const processes = [row(1, 'alpha', 900, 1000)];
  const tracker = new IncidentTracker();
  const source = scriptedSource(snapshotOf(processes, { oomKills: 0, oom: tracker.session(LOG) }));
  harness = renderApp({ source, host: HOST, intervalMs: 40, color: false }, 120, 40);
  const screen = harness;
  await screen.waitFor((f) => f.includes('alpha'));
  tracker.update(snapshotOf(processes, { oomKills: 0 }), []);
  const twoKills = { oomKills: 2, oomKillCounter: killCounter(2, 0, 2_000) };
  const first = kernelReport('real-memcg-v1-6.18-kmsg.txt', NOW - 180_000);
  const last = kernelReport('global-6.1-arch.txt', NOW - 60_000);
  tracker.update(snapshotOf(processes, twoKills), [first, last]);
  tracker.addUserspace(logged('oomd-master-pr-42321.txt', NOW - 120_000));
  source.current = snapshotOf(processes, { ...twoKills, takenAtMs: NOW, oom: tracker.session(LOG, KILLER_LOG) });
  let frame = await screen.waitFor((f) => f.includes(' OOM 3/3'));
  assert.match(frame, /killed 473206 \(doxygen\)/, 'the newest kill first: the kernel\'s');
  assert.match(screen.lines()[0] ?? '', /OOM kills 2 \(\+2\) \+ systemd-oomd 1 · last/);
  await screen.press(KEYS.left);
  frame = await screen.waitFor((f) => f.includes(' OOM 2/3'));
  const words = frame.replace(/\s+/g, ' ');
  assert.match(words, / OOM 2\/3 · \d\d:\d\d:\d\d \(2m ago\) · systemd-oomd /);
  assert.match(
    words,
    /systemd-oomd killed \/system\.slice\/systemd-journald\.service: memory pressure \(full avg10\) of \/system\.slice 85\.03% > 80\.00% for > 2s with reclaim activity/,
  );
  assert.match(words, /Cgroup \/system\.slice\/systemd-journald\.service/);
  await screen.press(KEYS.left);
  frame = await screen.waitFor((f) => f.includes(' OOM 1/3'));
  assert.match(frame, /killed 3892 \(python3\)/);
});

test('where their log cannot be read, o says that userspace kills cannot be seen', async () => {
  const unreadable = { source: null, unavailable: 'Userspace kills cannot be seen (journalctl: no entries). Give --killer-log FILE.', error: null };
  const source = scriptedSource(snapshotOf([row(1, 'alpha', 900, 1000)], { oomKills: 0, oom: new IncidentTracker().session(LOG, unreadable) }));
  harness = renderApp({ source, host: HOST, intervalMs: 40, color: false }, 100, 30);
  await harness.waitFor((f) => f.includes('alpha'));
  assert.doesNotMatch(harness.frame(), / OOM · /, 'nothing happened: the panel stays shut');
  await harness.press('o');
  const frame = await harness.waitFor((f) => f.includes('Userspace kills cannot be seen'));
  assert.match(frame, /No OOM kill since oomlens started\./);
  assert.match(frame.replace(/\s+/g, ' '), /Give --killer-log FILE\./);
});

test('each killer\'s verdict names whom it killed the way its log does', () => {
  const verdicts = (name: string) => logged(name, NOW).map(userspaceVerdict);
  assert.deepEqual(verdicts('oomd-249-pr-20690.txt'), [
    'systemd-oomd killed /testsuite.slice/testsuite-55.slice/testsuite-55-workload.slice/testsuite-55-testbloat.service: systemd-oomd kill (its reason is cut off in this line)',
  ]);
  assert.deepEqual(verdicts('kubelet-issue-132001.txt'), ['kubelet evicted pod sre/infras-logstash-d484d57fc-rkx95: node under resource pressure (kubelet eviction)']);
  assert.match(verdicts('nohang-2019-issue-56.txt')[0] ?? '', /^nohang killed \d+ \(\S+\): /);
});
