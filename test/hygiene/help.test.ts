// The help at 80x24, in a real terminal (tmux): the first page keeps the keys and how to read SCORE, the
// footer says which lines are shown and how to see more, and space pages to the legend of the screen
// (the memory columns, GROW/m, the zone letters, zsw, PSI now, the row colours). Esc goes back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import stringWidth from 'string-width';
import { fixturePath } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { hasTmux } from '../helpers/tmux.js';
import { hasKillList, oomlensCommand, Terminal } from './harness.js';

const skip = hasTmux() ? false : 'tmux is not installed';
if (skip) console.log(`# skipping the help test: ${skip}`);

test('80x24: ? shows keys and SCORE on the first page; space pages to the legend; Esc goes back', { skip, timeout: 60_000 }, async () => {
  const command = oomlensCommand({
    args: ['--root', fixturePath('proc-basic'), '--kernel-log', '/dev/null', '--interval', '0.5'],
    env: { XDG_STATE_HOME: tempDir('oomlens-help-') },
  });
  const terminal = new Terminal(command, 80, 24);
  try {
    await terminal.waitFor(hasKillList);
    terminal.keys('?');
    const first = await terminal.waitFor((s) => /^lines 1-21 of \d+ · space PgDn/m.test(s));
    const lines = first.split('\n');
    assert.match(lines[22]!, /^lines 1-21 of \d+ · space PgDn ↓ more, PgUp ↑ back · Esc, \? or Enter: close/, 'the footer is the frame\'s last line');
    for (const line of lines) assert.ok(stringWidth(line) <= 80);
    assert.match(first, /Ctrl-L +clear the terminal/);
    assert.match(first, /about 666/);
    // The legend runs over the next pages.
    terminal.keys('Space');
    const second = await terminal.waitFor((s) => s.includes('READING THE SCREEN'));
    terminal.keys('Space');
    const third = await terminal.waitFor((s) => s !== second && /^lines (\d+)-/m.test(s) && !s.includes('OOM SETTINGS HERE'));
    const legend = `${second}\n${third}`;
    for (const term of [/ANON \(heap/, /FILE \(page cache/, /SHMEM \(tmpfs/, /^GROW\/m /m, /zsw: zswap/, /now: the stall share/, /M min, L low, H high/, /lower case: at or below/, /^red row/m]) {
      assert.match(legend, term);
    }
    terminal.keys('End');
    await terminal.waitFor((s) => /^lines \d+-(\d+) of \1 /m.test(s));
    terminal.keys('Escape');
    await terminal.waitFor((s) => hasKillList(s) && !s.includes('READING THE SCREEN'));
  } finally {
    terminal.kill();
  }
});
