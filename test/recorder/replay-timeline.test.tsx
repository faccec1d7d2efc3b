// Replay's timeline and play, over a recording written by the recorder's own storage: the box climbs to
// a kill, falls back, climbs to a second kill. The timeline line shows the climb, the kills (K) and the
// sample shown (│) at 80x24; space plays at the recorded pace by a clock the test moves (the screen's
// tick loop takes the steps that are due), stops at the step past the next kill, and a step key stops it.
process.env['TZ'] = 'UTC';

import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { RecordedSample } from '../../src/model/recording/sample.js';
import { CURSOR_MARK, KILL_MARK, timelineLine } from '../../src/ui/lines/timeline-line.js';
import { openReplay } from '../../src/recorder/replay.js';
import { ReplayCursor } from '../../src/recorder/replay-cursor.js';
import { ReplayPlayer } from '../../src/recorder/replay-player.js';
import { READ_ONLY_ADJUSTER } from '../../src/ui/state/adjust-effects.js';
import { renderApp } from '../helpers/app.js';
import { KEYS, type Harness } from '../helpers/ink-harness.js';
import { writeRecording } from '../helpers/recording.js';
import { join } from 'node:path';

const START = Date.UTC(2025, 10, 21, 10, 0, 0);
const STEP_MS = 5000;
const at = (i: number) => START + i * STEP_MS;
const TOTAL_KB = 8 << 20;
const FIRST_KILL = at(40.5);
const SECOND_KILL = at(55.5);

/** Used share of RAM: 30 % climbing to 98 % at sample 40, killed; 40 % climbing to 90 % at 55, killed; then 35 %. */
function usedAt(i: number): number {
  if (i <= 40) return 0.3 + (0.68 * i) / 40;
  if (i <= 55) return 0.4 + (0.5 * (i - 41)) / 14;
  return 0.35;
}

function sample(i: number, t = at(i)): RecordedSample {
  const kills = 3 + (t > FIRST_KILL ? 1 : 0) + (t > SECOND_KILL ? 1 : 0);
  return {
    v: 1, t, up: 1000 + i * 5, psi: null, swap: { in: null, out: null }, kills, eta: null, next: null, ranked: 1,
    mem: { totalKb: TOTAL_KB, freeKb: 1 << 20, availableKb: Math.round(TOTAL_KB * (1 - usedAt(i))), swapTotalKb: 0, swapFreeKb: 0 },
    p: [[999_001, 5, 'leaky-worker', Math.round(TOTAL_KB * usedAt(i)), 0, 700 + i, 0, 1, '/jobs/leaky', 600_000]],
    c: [],
  };
}

/** Sixty samples 5 s apart in two segment files, and the two kills' bundles. */
function recording(): string {
  const samples = Array.from({ length: 60 }, (_, i) => sample(i));
  return writeRecording([samples.slice(0, 30), samples.slice(30)], [FIRST_KILL, SECOND_KILL]);
}

const clockOf = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const LEVELS = '▁▂▃▄▅▆▇█';

/** The chart of a timeline line: what lies between its first and last times. */
function chartOf(line: string): string {
  const match = /^\d\d:\d\d:\d\d (\S+) \d\d:\d\d:\d\d {2}/.exec(line);
  assert.ok(match, `a timeline line: ${line}`);
  return match[1]!;
}

test('the timeline from a recording on disk: the climb to each kill, K at the kills, │ at the sample shown', () => {
  const dir = recording();
  const source = openReplay(dir, at(20))!;
  const view = source.snapshot().replay!;
  assert.deepEqual([view.timeline.points.length, view.timeline.killsMs, view.killsBefore], [60, [FIRST_KILL, SECOND_KILL], 0]);
  const line = timelineLine(view, 80).text;
  assert.ok(line.length <= 80, line);
  assert.match(line, /^10:00:00 \S+ 10:04:55 {2}peak 98% {2}kills 0\/2 {2}■ ×1$/);
  const chart = [...chartOf(line)];
  const cells = chart.length - 1;
  assert.ok(cells >= 30, `the chart takes the room the words leave: ${cells} cells`);
  // The cursor goes after the cell of sample 20; the kills are in the cells of their times, after it.
  const cursor = Math.floor((20 / 59) * cells) + 1;
  assert.equal(chart.indexOf(CURSOR_MARK), cursor);
  const kills = chart.flatMap((glyph, cell) => (glyph === KILL_MARK ? [cell] : []));
  assert.deepEqual(kills, [Math.floor((40.5 / 59) * cells) + 1, Math.floor((55.5 / 59) * cells) + 1]);
  assert.equal(chart.filter((glyph) => glyph === CURSOR_MARK).length, 1);
  // The run-up: levels never fall from the start to the first kill, and end near the top.
  const climb = chart.slice(0, kills[0]).filter((glyph) => glyph !== CURSOR_MARK).map((glyph) => LEVELS.indexOf(glyph));
  assert.ok(climb.every((level, i) => level >= 0 && (i === 0 || level >= climb[i - 1]!)), chart.join(''));
  assert.equal(climb[0], 2, '30 % of the box');
  assert.ok(climb.at(-1)! >= 6, 'about 98 % just before the kill');
  assert.ok(LEVELS.indexOf(chart[kills[0]! + 1]!) <= 3, 'and down after it');
  // At the sample before the kill the cursor comes before the kill's cell; at the one after, after it.
  const before = [...chartOf(timelineLine({ ...view, atMs: at(40) }, 80).text)];
  const after = [...chartOf(timelineLine({ ...view, atMs: at(41), killsBefore: 1 }, 80).text)];
  assert.ok(before.indexOf(CURSOR_MARK) < before.indexOf(KILL_MARK), before.join(''));
  assert.ok(after.indexOf(CURSOR_MARK) > after.indexOf(KILL_MARK), after.join(''));
  assert.equal(after.filter((glyph) => glyph === KILL_MARK).length, 2, 'both kills still shown');
});

let harness: Harness | null = null;
afterEach(() => {
  harness?.unmount();
  harness = null;
});

/** The frame's timeline line. */
const timelineOf = (frame: string) => frame.split('\n').find((line) => /^\d\d:\d\d:\d\d \S+ \d\d:\d\d:\d\d {2}/.test(line)) ?? '';

test('replay at 80x24: space plays at the recorded pace to the step past the next kill; > is faster; a step key stops it', async () => {
  let now = 1_000_000;
  const source = openReplay(recording(), at(20), () => now)!;
  harness = renderApp({ source, host: source.host, intervalMs: 20, color: false, adjuster: READ_ONLY_ADJUSTER, modeKeys: source.keys }, 80, 24);
  const first = await harness.waitFor((frame) => frame.includes(`REPLAY 2025-11-21 ${clockOf(at(20))}`) && timelineOf(frame) !== '');
  const lines = harness.lines();
  assert.ok(lines.length <= 23, `${lines.length} lines`);
  assert.ok(lines.every((line) => line.length <= 80), first);
  assert.match(timelineOf(first), /kills 0\/2 {2}■ ×1$/);
  assert.match(lines.at(-1)!, /← → \[ \] step {2}space play {2}< > speed {2}READ-ONLY {2}\? help {2}q quit/);

  await harness.press(']');
  await harness.waitFor((frame) => frame.includes(clockOf(at(40))));
  await harness.press(' ');
  const playing = await harness.waitFor((frame) => timelineOf(frame).endsWith('▶ ×1'));
  assert.match(playing.split('\n').filter((l) => l !== '').at(-1)!, /space stop/);
  // A step is due 5 s (the recorded step) after space: 4.9 s is not enough (asked directly, as a tick would).
  now += 4900;
  assert.equal(source.snapshot().replay!.atMs, at(40), 'still at the sample before the kill');
  now += 100;
  const atKill = await harness.waitFor((frame) => frame.includes(clockOf(at(41))));
  assert.match(timelineOf(atKill), /kills 1\/2 {2}■ ×1$/, 'stopped on the step past the kill');
  assert.match(atKill, /OOM kills 4/);

  // Played on at ×4: 15 s of clock is 60 recorded seconds, 12 steps.
  await harness.press(' ', '>');
  await harness.waitFor((frame) => timelineOf(frame).endsWith('▶ ×4'));
  now += 15_000;
  await harness.waitFor((frame) => frame.includes(clockOf(at(53))));
  // Any step key stops the play: ← steps back one, and more clock moves nothing.
  await harness.press(KEYS.left);
  const stopped = await harness.waitFor((frame) => frame.includes(clockOf(at(52))) && timelineOf(frame).endsWith('■ ×4'));
  assert.match(timelineOf(stopped), /kills 1\/2/);
  now += 60_000;
  await harness.press(KEYS.right);
  await harness.waitFor((frame) => frame.includes(clockOf(at(53))) && timelineOf(frame).endsWith('■ ×4'));

  // Played to the second kill however much clock passes at once.
  await harness.press(' ');
  now += 3_600_000;
  const second = await harness.waitFor((frame) => frame.includes(clockOf(at(56))));
  assert.match(timelineOf(second), /kills 2\/2 {2}■ ×4$/);
  await harness.press('q');
  await harness.exited();
});

test('help in replay names its keys and the timeline, not pause', async () => {
  const source = openReplay(recording(), at(0), () => 0)!;
  harness = renderApp({ source, host: source.host, intervalMs: 20, color: false, adjuster: READ_ONLY_ADJUSTER, modeKeys: source.keys }, 80, 24);
  await harness.waitFor((frame) => frame.includes('kills 0/2'));
  await harness.press('?');
  const help = harness.frame();
  assert.match(help, /← → {2}\[ \] +replay: a sample back or on/);
  assert.match(help, /space {2}< > +replay: play at the recorded pace/);
  assert.match(help, /timeline +used RAM \+ swap over the recording/);
  assert.doesNotMatch(help, /pause: lists and gauges hold still/);
});

test('play stops at the last sample; a gap in the recording is waited for as three recorded steps at most', () => {
  const samples = [...Array.from({ length: 10 }, (_, i) => sample(i)), sample(10, at(9) + 3_600_000)];
  const dir = writeRecording([samples], []);
  const cursor = new ReplayCursor(join(dir, 'samples'), []);
  assert.ok(cursor.seek(at(8)));
  let now = 0;
  const player = new ReplayPlayer(cursor, 3 * STEP_MS, () => now);
  player.toggle();
  now += STEP_MS;
  player.advance();
  assert.deepEqual([cursor.current()!.t, player.playing], [at(9), true]);
  now += 3 * STEP_MS - 1;
  player.advance();
  assert.equal(cursor.current()!.t, at(9), 'the gap is still being waited for');
  now += 1;
  player.advance();
  assert.deepEqual([cursor.current()!.t, player.playing], [at(9) + 3_600_000, false], 'the last sample: stopped');
  player.toggle();
  assert.equal(player.playing, false, 'nothing to play at the end');
});
