// Replay's OOM panel over a recording whose three bundles the recorder's own code wrote
// (test/helpers/recording.ts writeKillRecording): a real kernel report, a counter rise without one, an
// earlyoom kill. The panel opens when a step reaches a kill, shows that kill's bundle, follows the time
// cursor (← → step time even while it is open; [ ] go kill to kill), and says what a bundle lacks.
process.env['TZ'] = 'UTC';

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { openReplay } from '../../src/recorder/replay.js';
import { READ_ONLY_ADJUSTER } from '../../src/ui/state/adjust-effects.js';
import { renderApp } from '../helpers/app.js';
import { KEYS, type Harness } from '../helpers/ink-harness.js';
import { writeKillRecording } from '../helpers/recording.js';

const START = Date.UTC(2025, 10, 21, 10, 0, 0);
const clockOf = (ms: number) => new Date(ms).toISOString().slice(11, 19);

let harness: Harness | null = null;
afterEach(() => {
  harness?.unmount();
  harness = null;
});

function replayAt(index: number, columns: number, rows: number) {
  const { dir, at } = writeKillRecording(START);
  const source = openReplay(dir, at(index), () => 0)!;
  harness = renderApp(
    { source, host: source.host, intervalMs: 20, color: false, adjuster: READ_ONLY_ADJUSTER, modeKeys: source.keys, initialState: { oomSeen: source.oomSeenAtStart() } },
    columns, rows,
  );
  return { at, harness };
}

const panelTitle = (frame: string) => frame.split('\n').find((line) => /^ OOM \d+\/\d+/.test(line))?.trim() ?? null;

test('] lands before a kill and the panel opens on its bundle; ← → step time with it open; [ ] go kill to kill', async () => {
  const { at, harness: h } = replayAt(5, 100, 40);
  const first = await h.waitFor((frame) => frame.includes(`REPLAY 2025-11-21 ${clockOf(at(5))}`));
  assert.equal(panelTitle(first), null, 'no kill yet: no panel');
  await h.press('o');
  await h.waitFor((frame) => frame.includes('No kill recorded up to this sample: ] jumps to the next (3 later).'));

  // The kernel's report, parsed again from the bundle's raw lines, with the victim's recorded run-up.
  await h.press(']');
  const kernel = await h.waitFor((frame) => frame.includes(clockOf(at(11))) && panelTitle(frame) !== null);
  assert.equal(panelTitle(kernel), 'OOM 1/1 · 10:00:57 (in 2s)');
  assert.match(kernel, /Memory cgroup out of memory: killed 3892 \(python3\) in \/oomlens-capture-3851/);
  assert.match(kernel, /Before {3}12 samples over 55 s \(oomlens record, last 2025-11-21T10:00:55\.000Z\): RSS 2\.0M → 13M,\s+score 700 → 711, rank #1/);
  assert.match(kernel, />\s+3892\s+0\s+14\.3 MiB .*python3\s+<- killed/);
  assert.match(kernel, /saved \/\S+\/bundles\/2025-11-21T10-00-57\.\d{3}Z-pid3892\.json/);
  assert.doesNotMatch(kernel, /No kill recorded/, 'the message went with the next key');
  const footer = kernel.split('\n').filter((line) => line !== '').at(-1)!;
  assert.match(footer, /^o\/Esc close .*← → \[ \] step/);
  assert.doesNotMatch(footer, /older|newer/, 'the arrows are the time cursor, not the panel\'s');

  // → steps time with the panel open: the kill is behind the sample now, and the panel stays.
  await h.press(KEYS.right);
  const after = await h.waitFor((frame) => frame.includes(clockOf(at(12))));
  assert.equal(panelTitle(after), 'OOM 1/1 · 10:00:57 (2s ago)');
  assert.match(after, /OOM kills 4/);

  // A rise of the counter that no report explains: what the bundle has, and what it lacks.
  await h.press(']');
  const counter = await h.waitFor((frame) => frame.includes(clockOf(at(17))) && panelTitle(frame)?.startsWith('OOM 2/2') === true);
  assert.equal(panelTitle(counter), 'OOM 2/2 · 10:01:27 (in 2s) · a kill without a report');
  assert.match(counter, /\/proc\/vmstat oom_kill rose: an OOM kill in \/jobs\/batch, and no report of it was recorded/);
  assert.match(counter, /Likely {3}batch \(4100\): vanished from \/jobs\/batch at the rise/);
  assert.match(counter, /Before {3}18 samples over 85 s .*RSS 49M → 82M/);
  assert.match(counter, /Top {6}postgres \(999002\) #2 391M · batch \(4100\) #3 82M/);
  assert.match(counter, /Absent {3}the kernel's report \(trigger, memory state, task table\)/);
  assert.match(counter, /bundle \/\S+-pid4100\.json/);

  // A userspace killer's kill: its verdict, and the run-up the recorder kept.
  await h.press(']');
  const earlyoom = await h.waitFor((frame) => frame.includes(clockOf(at(23))) && panelTitle(frame)?.startsWith('OOM 3/3') === true);
  assert.equal(panelTitle(earlyoom), 'OOM 3/3 · 10:01:57 (in 2s) · earlyoom');
  assert.match(earlyoom, /earlyoom killed 4200 \(hog\): mem avail ≤ 10\.00% and swap free ≤ 10\.00%/);
  assert.match(earlyoom, /Before {3}24 samples over 115 s .*RSS 88M → 268M/);
  assert.match(earlyoom, /Absent {3}the kernel's report .*a userspace killer's kill/s);

  // [ goes back a kill, ← a sample: the kill that sample leads into is no longer reached.
  await h.press('[');
  await h.waitFor((frame) => frame.includes(clockOf(at(17))) && panelTitle(frame)?.startsWith('OOM 2/2') === true);
  await h.press(KEYS.left);
  const back = await h.waitFor((frame) => frame.includes(clockOf(at(16))));
  assert.equal(panelTitle(back), 'OOM 1/1 · 10:00:57 (22s ago)');

  // Esc closes it as live, o opens it again; a steering key stays refused.
  await h.press(KEYS.escape);
  await h.waitFor((frame) => panelTitle(frame) === null);
  await h.press('o');
  await h.waitFor((frame) => panelTitle(frame) === 'OOM 1/1 · 10:00:57 (22s ago)');
  await h.press('q');
  await h.exited();
});

test('kills before the sample replay starts at are history: the panel waits for o; a step reaching a kill opens it', async () => {
  const { at, harness: h } = replayAt(14, 80, 24);
  const first = await h.waitFor((frame) => frame.includes(clockOf(at(14))) && frame.includes('OOM kills 4'));
  assert.equal(panelTitle(first), null);
  await h.press('o');
  const opened = await h.waitFor((frame) => panelTitle(frame) !== null);
  assert.equal(panelTitle(opened), 'OOM 1/1 · 10:00:57 (12s ago)');
  assert.ok(h.lines().every((line) => line.length <= 80), opened);
  await h.press('o');
  await h.waitFor((frame) => panelTitle(frame) === null);
  // Stepped on: the sample that leads into the counter kill opens the panel by itself.
  await h.press(KEYS.right, KEYS.right, KEYS.right);
  const reached = await h.waitFor((frame) => frame.includes(clockOf(at(17))) && panelTitle(frame) !== null);
  assert.match(panelTitle(reached)!, /^OOM 2\/2 · 10:01:27 \(in 2s\) · a kill without a report/);
});

test('[ back to a kill already behind the sample opens the panel on it, as ] does going forward', async () => {
  const { at, harness: h } = replayAt(14, 80, 24);
  await h.waitFor((frame) => frame.includes(clockOf(at(14))));
  assert.equal(panelTitle(h.frame()), null, 'the kill at 10:00:57 is history at the start: closed');
  await h.press('[');
  const back = await h.waitFor((frame) => panelTitle(frame) !== null);
  assert.match(panelTitle(back)!, /^OOM 1\/1 · 10:00:57 \(in \d+s\)/);
  await h.press(KEYS.escape);
  await h.waitFor((frame) => panelTitle(frame) === null);
  await h.press(KEYS.right);
  await h.waitFor((frame) => frame.includes(clockOf(at(12))) || frame.includes(clockOf(at(11))) || frame.includes(clockOf(at(13))));
  assert.equal(panelTitle(h.frame()), null, 'a step past a kill it already showed does not reopen it');
});

test('a bundle file that is not a kill (kill: null, a number for its time) is passed over, not fatal', async () => {
  const { dir, at } = writeKillRecording(START);
  writeFileSync(join(dir, 'bundles', '2025-11-21T10-00-30.000Z-pid1.json'), JSON.stringify({ kind: 'oomlens-incident-bundle', victims: [], kill: null }));
  writeFileSync(join(dir, 'bundles', '2025-11-21T10-00-31.000Z-pid2.json'), JSON.stringify({ kind: 'oomlens-incident-bundle', victims: [], kill: { wallTime: 5 } }));
  const source = openReplay(dir, at(14), () => 0)!;
  assert.ok(source !== null, 'replay opens');
  harness = renderApp(
    { source, host: source.host, intervalMs: 20, color: false, adjuster: READ_ONLY_ADJUSTER, modeKeys: source.keys, initialState: { oomSeen: source.oomSeenAtStart() } },
    80, 24,
  );
  await harness.waitFor((frame) => frame.includes(clockOf(at(14))));
  await harness.press('o');
  const opened = await harness.waitFor((frame) => panelTitle(frame) !== null);
  assert.equal(panelTitle(opened), 'OOM 1/1 · 10:00:57 (12s ago)', 'the two bad files are not kills');
});

test('replay\'s header has no refresh interval, and says zones were not recorded rather than absent', async () => {
  const { at, harness: h } = replayAt(14, 100, 40);
  const frame = await h.waitFor((f) => f.includes(clockOf(at(14))) && f.includes('OOM kills 4'));
  const title = frame.split('\n')[0] ?? '';
  assert.match(title, /REPLAY .* · up \d/);
  assert.doesNotMatch(title, /· \d+(\.\d+)?s\b/, 'the redraw tick is no sampling interval');
  assert.match(frame, /zones not recorded/);
  assert.doesNotMatch(frame, /no \/proc\/zoneinfo/);
});
