// Kills from before oomlens started, on rendered frames: the header names the last one with its wall time and
// age, the panel stays shut until `o`, ←→ walk them, the panel says the kill came first and what it cannot
// show; a live kill after them still opens the panel; `o` with nothing to show says so in a line. The kills
// are the repeat fixture's four, captured on this project's VM (TZ=UTC, btime 1795846839).
process.env['TZ'] = 'UTC';

import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { IncidentTracker } from '../../src/model/incidents/incidents.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { fixtureText } from '../helpers/fixtures.js';
import { KEYS, type Harness } from '../helpers/ink-harness.js';
import { renderApp } from '../helpers/app.js';
import { killCounter, row, scriptedSource, snapshotOf } from '../helpers/rows.js';

const HOST = { hostname: 'h', kernel: '6.18.44', distro: null };
const LOG = { source: '/dev/kmsg', unavailable: null, lostRecords: 0, error: null };
const CLOCK = { nowMs: Date.UTC(2026, 10, 28, 8), boot: { bootWallMs: 1795846839000, suspendedMs: 0 } };
/** Three minutes after the last of the four kills (07:15:58 UTC). */
const NOW = Date.UTC(2026, 10, 28, 7, 19, 0);

let harness: Harness | null = null;
afterEach(() => {
  harness?.unmount();
  harness = null;
});

test('kills before the start: the header names the last with its time; o opens it; ←→ walk; the panel says what it lacks', async () => {
  const reports = parseOomReports(fixtureText('oom', 'real-memcg-v1-6.18-repeat-kmsg.txt'), { clock: CLOCK });
  const tracker = new IncidentTracker('boot');
  const processes = [row(1, 'alpha', 900, 1000)];
  tracker.update(snapshotOf(processes, { oomKills: 31 }), [], reports);
  const source = scriptedSource(snapshotOf(processes, { oomKills: 31, takenAtMs: NOW, oom: tracker.session(LOG) }));
  // 120 columns: the title whole, and the kill with its cgroup; 40 rows: room for the When line beside the
  // task table (a shorter panel drops When first: its title gives the wall time too).
  harness = renderApp({ source, host: HOST, intervalMs: 40, color: false }, 120, 40);
  const frame = await harness.waitFor((f) => f.includes('OOM kills 31'));
  assert.match(harness.lines()[0]!, /OOM kills 31 · last 07:15:58 \(3m ago\): perl in \/oomlens-repeat-a-27271 \(o\)$/);
  assert.doesNotMatch(frame, / OOM \d\/4/, 'history does not open the panel');

  await harness.press('o');
  let panel = await harness.waitFor((f) => f.includes(' OOM 4/4'));
  assert.match(panel, / OOM 4\/4 · 07:15:58 \(3m ago\) · before oomlens started/);
  const words = panel.replace(/\s+/g, ' ');
  assert.match(words, /killed 27405 \(perl\) in \/oomlens-repeat-a-27271/);
  assert.match(words, /Before this kill came before oomlens started \(found in this boot's kernel log\): no samples of the victim before it, so no rank, RSS trend or faster grower to show/);
  assert.match(words, /When 2026-11-28 07:15:58 \+00:00 · 3319\.751543 s after boot/);

  await harness.press(KEYS.left);
  panel = await harness.waitFor((f) => f.includes(' OOM 3/4'));
  assert.match(panel.replace(/\s+/g, ' '), /killed 27364 \(python3\) in \/oomlens-repeat-b-27271/);
  await harness.press(KEYS.left, KEYS.left);
  panel = await harness.waitFor((f) => f.includes(' OOM 1/4'));
  assert.match(panel.replace(/\s+/g, ' '), /killed 27282 \(python3\)/);
  await harness.press('o');
  await harness.waitFor((f) => !f.includes(' OOM 1/4'));

  // A kill while oomlens watches opens the panel on it, after the four.
  const [live] = parseOomReports(fixtureText('oom', 'real-memcg-v1-6.18-kmsg.txt'));
  const counter = { oomKills: 32, oomKillCounter: killCounter(32, 31, 5_000) };
  tracker.update(snapshotOf(processes, counter), [{ ...live!, wallTime: '2026-11-28T07:18:58+00:00' }]);
  source.current = snapshotOf(processes, { ...counter, takenAtMs: NOW, oom: tracker.session(LOG) });
  panel = await harness.waitFor((f) => f.includes(' OOM 5/5'));
  assert.match(panel, / OOM 5\/5 · 07:18:58 \(2s ago\)$/m);
  assert.doesNotMatch(panel, /before oomlens started/);
  assert.match(harness.lines()[0]!, /OOM kills 32 \(\+1\) · last 07:18:58 \(2s ago\): python3 in \/oomlens-capture-3851 \(o\)$/);
});

test('o with nothing to show says so in a line, and the next key takes the line away', async () => {
  const source = scriptedSource(snapshotOf([row(1, 'alpha', 900, 1000)], { oomKills: 3, oom: new IncidentTracker().session(LOG) }));
  harness = renderApp({ source, host: HOST, intervalMs: 40, color: false }, 80, 24);
  await harness.waitFor((f) => f.includes('alpha'));
  await harness.press('o');
  const frame = await harness.waitFor((f) => f.includes('No OOM kill'));
  assert.match(frame, /No OOM kill in this boot's kernel log \(\/dev\/kmsg\) nor saved by earlier runs\./);
  assert.doesNotMatch(frame, / OOM · /, 'no empty panel');
  await harness.press(KEYS.down);
  await harness.waitFor((f) => !f.includes('No OOM kill'));
});
