// Redrawing, in a real terminal (tmux), over the fixture tree so that the screen holds still: after each
// shrink (120x40 → 100x30 → 80x24 → 72x22) the screen is the one a fresh start at that size draws, line
// for line (no MEM, SWAP or column header twice, no row lost); Ctrl-L wipes what something else wrote.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fixturePath } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { hasTmux } from '../helpers/tmux.js';
import { hasKillList, oomlensCommand, Terminal } from './harness.js';

const skip = hasTmux() ? false : 'tmux is not installed';
if (skip) console.log(`# skipping the redraw tests: ${skip}`);

function command(): string {
  return oomlensCommand({
    args: ['--root', fixturePath('proc-basic'), '--kernel-log', '/dev/null', '--interval', '0.5'],
    env: { XDG_STATE_HOME: tempDir('oomlens-redraw-') },
  });
}

/**
 * What each line of the screen is, by its first word (MEM, SWAP, PSI, zones, PID, a pid, the footer's ↑↓,
 * '' for a blank line): the numbers in a line move with time (the sparkline grows, GROW/m appears), what
 * the line is does not.
 */
function shape(screen: string): string[] {
  return screen.split('\n').map((line) => line.trim().split(/\s+/)[0] ?? '');
}

/** The screen once the kill list and the footer (on the frame's last line, rows - 1) are drawn. */
async function drawn(terminal: Terminal, rows: number): Promise<string> {
  return terminal.waitFor((s) => hasKillList(s) && /q quit/.test(s.split('\n')[rows - 2] ?? ''), 20_000);
}

async function freshShape(columns: number, rows: number): Promise<string[]> {
  const terminal = new Terminal(command(), columns, rows);
  try {
    return shape(await drawn(terminal, rows));
  } finally {
    terminal.kill();
  }
}

test('shrinking 120x40 → 100x30 → 80x24 → 72x22: each screen is what a fresh start draws', { skip, timeout: 120_000 }, async () => {
  const terminal = new Terminal(command(), 120, 40);
  try {
    await drawn(terminal, 40);
    for (const [columns, rows] of [[100, 30], [80, 24], [72, 22]] as const) {
      const expected = await freshShape(columns, rows);
      terminal.tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
      let screen = '';
      try {
        screen = await terminal.waitFor((s) => JSON.stringify(shape(s)) === JSON.stringify(expected), 5_000);
      } catch {
        screen = terminal.screen();
      }
      assert.deepEqual(shape(screen), expected, `at ${columns}x${rows} after the resize:\n${screen}`);
      for (const once of [/^MEM /, /^SWAP /, /\bPID\b.*\bSCORE\b/]) {
        assert.equal(screen.split('\n').filter((line) => once.test(line)).length, 1, `${once} once at ${columns}x${rows}:\n${screen}`);
      }
    }
  } finally {
    terminal.kill();
  }
});

test('Ctrl-L clears what something else wrote on the screen and draws the frame again', { skip, timeout: 60_000 }, async () => {
  const terminal = new Terminal(command(), 80, 24);
  try {
    await drawn(terminal, 24);
    // A line the frame leaves blank, so that no refresh rewrites it by chance.
    writeFileSync(terminal.pane('pane_tty'), '\x1b[18;5HSTRAY OUTPUT FROM A WALL MESSAGE');
    await terminal.waitFor((s) => s.includes('STRAY OUTPUT'));
    terminal.keys('C-l');
    const screen = await terminal.waitFor((s) => !s.includes('STRAY OUTPUT'), 5_000);
    assert.ok(hasKillList(screen), screen);
  } finally {
    terminal.kill();
  }
});
