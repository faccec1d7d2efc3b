// `oomlens replay` over a recording made here: the cursor steps across segments and seeks times; the plain
// frame (stdout not a terminal) shows the sample at --at; in a real terminal (tmux) → steps a sample, ]
// jumps to the last sample before the recorded kill and the OOM panel shows that kill's bundle, q quits,
// and a steering key changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openReplay, type ReplaySource } from '../../src/recorder/replay.js';
import { ReplayCursor } from '../../src/recorder/replay-cursor.js';
import type { RecordedSample } from '../../src/model/recording/sample.js';
import { hasTmux, TmuxTerminal } from '../helpers/tmux.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import { writeKillRecording, writeRecording } from '../helpers/recording.js';

const START = Date.parse('2025-11-21T10:00:00Z');
const at = (i: number) => START + i * 5000;

function sample(i: number): RecordedSample {
  return {
    v: 1, t: at(i), up: 1000 + i * 5, psi: null, swap: { in: null, out: null }, kills: i < 7 ? 3 : 4, eta: null, next: null, ranked: 2,
    mem: { totalKb: 8 << 20, freeKb: 1 << 20, availableKb: (2 << 20) - i * 100_000, swapTotalKb: 0, swapFreeKb: 0 },
    p: [
      [999_001, 5, 'leaky-worker', 100_000 + i * 50_000, 0, 700 + i, 0, 1, '/jobs/leaky', 600_000],
      [999_002, 6, 'postgres', 400_000, 0, 680, 0, 2, '/system.slice/postgresql.service', null],
    ],
    c: [['/jobs/leaky', 1, 100_000 + i * 50_000, 600_000, 600_000, 600_000, 60 - i * 5, 0]],
  };
}

/** Ten samples 5 s apart in two segments, and a kill between samples 6 and 7. */
function recording(): string {
  const samples = Array.from({ length: 10 }, (_, i) => sample(i));
  return writeRecording([samples.slice(0, 5), samples.slice(5)], [at(6.5)]);
}

const localClock = (ms: number) => new Date(ms).toTimeString().slice(0, 8);

/** A steering key is refused as read-only, and q quits with status 0. */
async function refusesSteeringAndQuits(terminal: TmuxTerminal): Promise<void> {
  terminal.keys('+');
  await terminal.waitFor((screen) => /read-only/i.test(screen.split('\n').slice(-3).join('\n')));
  terminal.keys('q');
  await terminal.waitFor((screen) => screen.includes('OOMLENS_EXIT=0'));
}

/** A key press with no arrow (replay's keys are read from the input text). */
const NO_ARROW = { leftArrow: false, rightArrow: false } as Parameters<ReplaySource['keys']>[1];

test('the cursor seeks, steps across segments and jumps to the last sample before a kill', () => {
  const dir = recording();
  const cursor = new ReplayCursor(join(dir, 'samples'), [at(6.5)]);
  assert.ok(cursor.seek(at(3) + 1));
  assert.equal(cursor.current()?.t, at(3));
  cursor.step(1);
  cursor.step(1);
  assert.equal(cursor.current()?.t, at(5), 'into the second segment');
  cursor.step(-1);
  assert.equal(cursor.current()?.t, at(4), 'and back');
  assert.ok(cursor.jumpToKill(1));
  assert.equal(cursor.current()?.t, at(6));
  assert.equal(cursor.jumpToKill(1), false, 'no later kill');
  cursor.seek(0);
  assert.equal(cursor.current()?.t, at(0), 'before the recording: its first sample');
  cursor.seek(Infinity);
  assert.equal(cursor.current()?.t, at(9));
  cursor.step(1);
  assert.equal(cursor.current()?.t, at(9), 'stays at the end');
});

test('replay on a pipe prints the frame of the sample at --at', () => {
  const dir = recording();
  const run = runCli(['replay', '--dir', dir, '--at', new Date(at(4) + 2000).toISOString()], { env: { COLUMNS: '120' } });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`REPLAY \\d{4}-\\d\\d-\\d\\d ${localClock(at(4))}`));
  assert.match(run.stdout, /999001 .* 700K? .*leaky-worker|leaky-worker/);
  assert.match(run.stdout, /read-only/);
  assert.match(run.stdout, /OOM kills 3/);
});

test('replay in a terminal: → a sample, ] the last sample before the kill, q quits', { timeout: 60_000 }, async (t) => {
  if (!hasTmux()) return t.skip('no tmux');
  const dir = recording();
  const terminal = new TmuxTerminal(`node ${BIN} replay --dir ${dir} --at ${new Date(at(2)).toISOString()}`, 120, 30);
  try {
    await terminal.waitFor((screen) => screen.includes(localClock(at(2))), 20_000);
    terminal.keys('Right');
    await terminal.waitFor((screen) => screen.includes(localClock(at(3))));
    terminal.keys(']');
    const before = await terminal.waitFor((screen) => screen.includes(localClock(at(6))));
    assert.match(before, /0\/1 recorded kills before this sample/);
    terminal.keys('Right');
    const after = await terminal.waitFor((screen) => screen.includes(localClock(at(7))));
    assert.match(after, /OOM kills 4/);
    assert.match(after, /1\/1 recorded kills/);
    terminal.keys('[');
    await terminal.waitFor((screen) => screen.includes(localClock(at(6))));
    await refusesSteeringAndQuits(terminal);
  } finally {
    terminal.kill();
  }
});

test('replay in a terminal: ] reaches a recorded kernel kill and the OOM panel shows its bundle', { timeout: 60_000 }, async (t) => {
  if (!hasTmux()) return t.skip('no tmux');
  const { dir, at: atKill } = writeKillRecording(START);
  const terminal = new TmuxTerminal(`node ${BIN} replay --dir ${dir} --at ${new Date(atKill(5)).toISOString()}`, 120, 40);
  try {
    await terminal.waitFor((screen) => screen.includes(localClock(atKill(5))), 20_000);
    terminal.keys(']');
    const panel = await terminal.waitFor((screen) => screen.includes('killed 3892 (python3)'));
    assert.match(panel, / OOM 1\/1 · \d\d:\d\d:57 \(in 2s\)/);
    assert.match(panel, /Memory cgroup out of memory: killed 3892 \(python3\) in \/oomlens-capture-3851/);
    assert.match(panel, /Before {3}12 samples over 55 s \(oomlens record/);
    assert.match(panel, /python3 +<- killed/);
    terminal.keys('Right');
    const after = await terminal.waitFor((screen) => screen.includes(localClock(atKill(12))));
    assert.match(after, /killed 3892 \(python3\)/, 'the panel stays open as time steps on');
    await refusesSteeringAndQuits(terminal);
  } finally {
    terminal.kill();
  }
});

test('the segment shown deleted by retention while replaying: the sample stays, and steps go on', () => {
  const samples = Array.from({ length: 10 }, (_, i) => sample(i));
  // Five segments of two samples; kills in the last three: looking for the previous kill decodes them.
  const kills = [at(4.5), at(6.5), at(8.5)];
  const dir = writeRecording([0, 2, 4, 6, 8].map((i) => samples.slice(i, i + 2)), kills);
  const source = openReplay(dir, at(0), () => 0)!;
  assert.equal(source.snapshot().takenAtMs, at(0));
  rmSync(join(dir, 'samples', readdirSync(join(dir, 'samples')).sort()[0]!)); // as retention does
  assert.ok(source.keys('[', NO_ARROW), '[ is replay\'s key');
  assert.equal(source.snapshot().takenAtMs, at(0), 'no kill before the first sample: the sample shown stays');
  assert.ok(source.keys(']', NO_ARROW));
  assert.equal(source.snapshot().takenAtMs, at(4), 'the sample before the first kill');
});

test('going back before the first sample shown never counts kills as "+-1"', () => {
  const source = openReplay(recording(), at(9), () => 0)!;
  const first = source.snapshot();
  assert.equal(first.oomKills, 4);
  assert.ok(source.keys('[', NO_ARROW));
  const back = source.snapshot();
  assert.equal(back.oomKills, 3, 'the sample before the kill');
  const { value, baseline } = back.oomKillCounter;
  assert.equal((value ?? 0) - (baseline ?? 0), 0, 'counted from the earliest sample shown: no "+-1"');
});
