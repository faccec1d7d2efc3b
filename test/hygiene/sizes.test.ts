// Small terminals, in a real terminal (tmux). At 40x12 a reduced but useful view: the title, the column
// header with PID, SCORE and COMMAND, process rows and the footer with "q quit". Below the minimum, one line
// saying the terminal is too small, and q still quits. Resizing 100x30 → 30x8 → 100x30 never crashes and
// the full view comes back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasTmux } from '../helpers/tmux.js';
import { firstRow, hasKillList, oomlensCommand, oomlensPid, sleep, waitForExit, waitForKillList, isAlive, Terminal } from './harness.js';

const skip = hasTmux() ? false : 'tmux is not installed';
if (skip) console.log(`# skipping the terminal-size tests: ${skip}`);

const TOO_SMALL = /^terminal too small: need 40x8 *$/;

function nonBlank(screen: string): string[] {
  return screen.split('\n').filter((line) => line.trim() !== '');
}

function assertReducedView(screen: string, rows: number): void {
  const lines = screen.split('\n');
  assert.match(lines[0]!, /^oomlens /, screen);
  const header = lines.find((line) => /\bPID\b/.test(line)) ?? '';
  for (const column of ['PID', 'SCORE', 'COMMAND']) assert.match(header, new RegExp(`\\b${column}\\b`), `${column} is shown:\n${screen}`);
  assert.match(firstRow(screen), /^[> ]*\d+ +\d+ /, `a process row with its pid and score:\n${screen}`);
  // The footer is the last line of the frame (rows - 1 lines), and keeps "q quit".
  assert.match(lines[rows - 2]!, /q quit/, `the footer is on line ${rows - 1}:\n${screen}`);
}

test('40x12: title, PID/SCORE/COMMAND, rows and the footer', { skip, timeout: 60_000 }, async () => {
  const terminal = new Terminal(oomlensCommand(), 40, 12);
  try {
    assertReducedView(await waitForKillList(terminal), 12);
    terminal.keys('q');
    assert.equal((await waitForExit(terminal)).code, 0);
  } finally {
    terminal.kill();
  }
});

for (const [columns, rows] of [[39, 12], [40, 7], [30, 8], [10, 3]] as const) {
  test(`${columns}x${rows}: one line says the terminal is too small; q quits`, { skip, timeout: 60_000 }, async () => {
    const terminal = new Terminal(oomlensCommand(), columns, rows);
    try {
      const expected = columns >= 30 ? TOO_SMALL : /^terminal /;
      const screen = await terminal.waitFor((s) => expected.test(s.split('\n')[0]!), 30_000);
      // Let a few refreshes pass: still one line, still running.
      await sleep(1500);
      assert.deepEqual(nonBlank(terminal.screen()).length, 1, screen);
      terminal.keys('q');
      const exit = await waitForExit(terminal);
      assert.equal(exit.code, 0);
      assert.equal(terminal.pane('alternate_on'), '0');
    } finally {
      terminal.kill();
    }
  });
}

test('resize 100x30 → 40x12 → 30x8 → 100x30: each size is drawn, no crash, q exits 0', { skip, timeout: 90_000 }, async () => {
  const terminal = new Terminal(oomlensCommand(), 100, 30);
  try {
    await waitForKillList(terminal);
    const pid = await oomlensPid(terminal);
    const resize = (columns: number, rows: number) => terminal.tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));

    resize(40, 12);
    assertReducedView(await terminal.waitFor((s) => hasKillList(s) && s.split('\n').every((line) => line.trimEnd().length <= 40) && !/\bUSER\b/.test(s), 15_000), 12);

    resize(30, 8);
    await terminal.waitFor((s) => TOO_SMALL.test(s.split('\n')[0]!) && nonBlank(s).length === 1, 15_000);

    resize(100, 30);
    const back = await waitForKillList(terminal);
    assert.match(back, /\bPID +USER +▼SCORE +ADJ +RSS/, 'the full column set is back');
    assert.match(back.split('\n')[28]!, /q quit/, 'the footer is on line 29 of 30');
    assert.ok(isAlive(pid));

    // Quick repeated resizes while it refreshes.
    for (let i = 0; i < 10; i++) {
      resize(i % 2 === 0 ? 35 : 90, i % 2 === 0 ? 9 : 25);
      await sleep(100);
    }
    resize(80, 24);
    await terminal.waitFor((s) => hasKillList(s) && /q quit/.test(s.split('\n')[22]!), 15_000);
    terminal.keys('q');
    const exit = await waitForExit(terminal);
    assert.equal(exit.code, 0, exit.screen);
  } finally {
    terminal.kill();
  }
});
