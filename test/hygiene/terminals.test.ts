// Terminal types and colour switches, in a real terminal (tmux): with NO_COLOR=1, --no-color, TERM=dumb,
// TERM=linux, TERM=screen (16 colours) and TERM=xterm-256color the frame appears and q exits 0. Without
// colour no SGR colour is on screen (read back with `tmux capture-pane -e`) and the selection is still
// visible as a `>` gutter; 16-colour terminals get no 256- or true-colour sequences.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasTmux } from '../helpers/tmux.js';
import { colourSgr, extendedColourSgr, oomlensCommand, screenWithEscapes, waitForExit, waitForKillList, Terminal } from './harness.js';

const skip = hasTmux() ? false : 'tmux is not installed';
if (skip) console.log(`# skipping the terminal-type tests: ${skip}`);

interface Case {
  name: string;
  env: Record<string, string>;
  args?: string[];
  colour: boolean;
  /** A terminal of 16 colours (or fewer): nothing beyond the basic SGR colours. */
  basicColours: boolean;
}

const CASES: Case[] = [
  { name: 'NO_COLOR=1', env: { TERM: 'xterm-256color', NO_COLOR: '1' }, colour: false, basicColours: true },
  { name: '--no-color', env: { TERM: 'xterm-256color' }, args: ['--no-color'], colour: false, basicColours: true },
  { name: 'TERM=dumb', env: { TERM: 'dumb' }, colour: false, basicColours: true },
  { name: 'TERM=linux', env: { TERM: 'linux' }, colour: true, basicColours: true },
  { name: 'TERM=screen', env: { TERM: 'screen' }, colour: true, basicColours: true },
  { name: 'TERM=xterm-256color', env: { TERM: 'xterm-256color' }, colour: true, basicColours: false },
];

for (const c of CASES) {
  test(`${c.name}: the frame appears, ${c.colour ? 'styled' : 'no SGR colour, selection marked by ">"'}, q exits 0`, { skip, timeout: 60_000 }, async () => {
    const terminal = new Terminal(oomlensCommand({ env: c.env, args: [...(c.args ?? []), '--interval', '0.5'] }), 100, 30);
    try {
      const screen = await waitForKillList(terminal);
      assert.match(screen, /^oomlens \S+/);
      assert.match(screen, /^MEM +\[/m);
      assert.match(screen, /q quit/);
      const styled = screenWithEscapes(terminal);
      if (c.colour) {
        // The column header and the selected row are drawn in reverse video.
        assert.match(styled, /\x1b\[[0-9;]*\b7m/, 'reverse video is used');
      } else {
        assert.deepEqual(colourSgr(styled), [], 'no SGR colour at all');
        assert.match(screen, /^> *\d+ /m, 'the selected row is marked without colour');
      }
      if (c.basicColours) assert.deepEqual(extendedColourSgr(styled), [], 'no 256- or true-colour SGR in a 16-colour terminal');
      terminal.keys('q');
      const exit = await waitForExit(terminal);
      assert.equal(exit.code, 0);
      assert.equal(terminal.pane('alternate_on'), '0');
    } finally {
      terminal.kill();
    }
  });
}
