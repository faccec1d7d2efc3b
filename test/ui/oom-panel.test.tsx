// The OOM panel in the App: it opens when a kill arrives, o toggles it, ←→ browse, Esc closes.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { IncidentTracker } from '../../src/model/incidents/incidents.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { fixtureText } from '../helpers/fixtures.js';
import { KEYS, type Harness } from '../helpers/ink-harness.js';
import { renderApp } from '../helpers/app.js';
import { killCounter, row, scriptedSource, snapshotOf } from '../helpers/rows.js';

const HOST = { hostname: 'h', kernel: '6.8.0', distro: null };
const LOG = { source: '/dev/kmsg', unavailable: null, lostRecords: 0, error: null };
let harness: Harness | null = null;
afterEach(() => {
  harness?.unmount();
  harness = null;
});

test('a new incident opens the panel; ←→ browse; o and Esc close it', async () => {
  const processes = [row(1, 'alpha', 900, 1000)];
  const tracker = new IncidentTracker();
  const quiet = snapshotOf(processes, { oomKills: 0, oom: tracker.session(LOG) });
  const source = scriptedSource(quiet);
  harness = renderApp({ source, host: HOST, intervalMs: 40, color: false }, 100, 40);
  const screen = harness;
  await screen.waitFor((f) => f.includes('alpha'));
  assert.doesNotMatch(screen.frame(), / OOM \d+\/\d+/, 'no panel before a kill');

  const memcg = parseOomReports(fixtureText('oom', 'real-memcg-v1-6.18-kmsg.txt'))[0]!;
  const global = parseOomReports(fixtureText('oom', 'global-6.1-arch.txt'))[0]!;
  tracker.update(snapshotOf(processes, { oomKills: 0 }), []);
  const twoKills = { oomKills: 2, oomKillCounter: killCounter(2, 0, 2_000) };
  tracker.update(snapshotOf(processes, twoKills), [memcg, global]);
  source.current = snapshotOf(processes, { ...twoKills, oom: tracker.session(LOG) });
  let frame = await screen.waitFor((f) => f.includes(' OOM 2/2'));
  assert.match(frame, /killed 473206 \(doxygen\)/, 'the newest incident first');
  assert.match(frame, /alpha/, 'at 100x40 the kill list keeps the upper half');
  // The counter off the snapshot, and the newest kill (this report has no stamps: no time of day).
  assert.match(frame, /OOM kills 2 \(\+2\) · last: doxygen in …\/session-2\.scope \(o\)/, "the header reads the sampler's counter off the snapshot");

  await screen.press(KEYS.left);
  frame = await screen.waitFor((f) => f.includes(' OOM 1/2'));
  assert.match(frame, /killed 3892 \(python3\)/);
  await screen.press('o');
  await screen.waitFor((f) => !f.includes(' OOM 1/2'));
  await screen.press('o');
  await screen.waitFor((f) => f.includes(' OOM 2/2'));
  await screen.press(KEYS.escape);
  await screen.waitFor((f) => !f.includes(' OOM 2/2'));
});

test('on a short terminal the panel takes the whole list area', async () => {
  const tracker = new IncidentTracker();
  tracker.update(snapshotOf([], { oomKills: 0 }), []);
  const oneKill = { oomKills: 1, oomKillCounter: killCounter(1, 0, 2_000) };
  tracker.update(snapshotOf([], oneKill), parseOomReports(fixtureText('oom', 'real-memcg-v1-6.18-kmsg.txt')));
  const source = scriptedSource(snapshotOf([row(1, 'alpha', 900, 1000)], { ...oneKill, oom: tracker.session(LOG) }));
  const seen = scriptedSource(snapshotOf([row(1, 'alpha', 900, 1000)], { oomKills: 0, oom: new IncidentTracker().session(LOG) }));
  harness = renderApp({ source: seen, host: HOST, intervalMs: 40, color: false }, 80, 24);
  await harness.waitFor((f) => f.includes('alpha'));
  seen.current = source.current;
  const frame = await harness.waitFor((f) => f.includes(' OOM 1/1'));
  assert.ok(!/\balpha\b/.test(frame), 'the list gives way to the panel');
  assert.ok(harness.lines().length <= 23);
});

test('a kill without a report: the panel takes only its lines, the list keeps the rest (80x24)', async () => {
  const processes = [row(1, 'alpha', 900, 1000), row(2, 'beta', 800, 1000)];
  const tracker = new IncidentTracker();
  tracker.update(snapshotOf(processes, { oomKills: 0 }), []);
  const source = scriptedSource(snapshotOf(processes, { oomKills: 0, oom: tracker.session(LOG) }));
  harness = renderApp({ source, host: HOST, intervalMs: 40, color: false }, 80, 24);
  await harness.waitFor((f) => f.includes('alpha'));
  const oneKill = { oomKills: 1, oomKillCounter: killCounter(1, 0, 2_000) };
  tracker.update(snapshotOf(processes, oneKill), []);
  source.current = snapshotOf(processes, { ...oneKill, oom: tracker.session(LOG) });
  const frame = await harness.waitFor((f) => f.includes('a kill without a report'));
  assert.match(frame, /alpha[\s\S]*beta/, 'the list stays above the panel');
  const lines = harness.lines();
  const title = lines.findIndex((line) => line.includes('a kill without a report'));
  const blank = lines.slice(title, -1).filter((line) => line.trim() === '');
  assert.deepEqual(blank, [], `no blank rows in the panel:\n${frame}`);
  assert.equal(lines.length, 23);
});

test("the footer shows the panel's keys while it is open, and says which end ← and → have reached", async () => {
  const processes = [row(1, 'alpha', 900, 1000)];
  const tracker = new IncidentTracker();
  const source = scriptedSource(snapshotOf(processes, { oomKills: 0, oom: tracker.session(LOG) }));
  harness = renderApp({ source, host: HOST, intervalMs: 40, color: false }, 80, 40);
  const screen = harness;
  await screen.waitFor((f) => f.includes('alpha'));
  assert.doesNotMatch(screen.lines().at(-1)!, /o\/Esc close/, 'no panel keys before a kill');
  tracker.update(snapshotOf(processes, { oomKills: 0 }), []);
  const twoKills = { oomKills: 2, oomKillCounter: killCounter(2, 0, 2_000) };
  const reports = [fixtureText('oom', 'real-memcg-v1-6.18-kmsg.txt'), fixtureText('oom', 'global-6.1-arch.txt')];
  tracker.update(snapshotOf(processes, twoKills), reports.map((text) => parseOomReports(text)[0]!));
  source.current = snapshotOf(processes, { ...twoKills, oom: tracker.session(LOG) });
  await screen.waitFor((f) => f.includes(' OOM 2/2'));
  const footer = () => screen.lines().at(-1)!;
  assert.match(footer(), /^← older {2}newest kill {2}o\/Esc close {2}.*\? help {2}q quit/);
  await screen.press(KEYS.right);
  await screen.waitFor(() => footer().includes('newest kill'));
  await screen.press(KEYS.left);
  await screen.waitFor((f) => f.includes(' OOM 1/2') && footer().startsWith('oldest kill  → newer  o/Esc close'));
  await screen.press(KEYS.left);
  await screen.waitFor((f) => f.includes(' OOM 1/2') && footer().startsWith('oldest kill'));
  await screen.press(KEYS.escape);
  await screen.waitFor((f) => !f.includes(' OOM 1/2'));
  assert.doesNotMatch(footer(), /o\/Esc close/);
});
