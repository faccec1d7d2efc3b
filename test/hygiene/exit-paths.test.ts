// Every way out restores the terminal: q, Ctrl-C, SIGTERM, SIGHUP and three kinds of uncaught error leave
// the alternate screen, show the cursor and give back cooked mode (`stty -a` in the pane afterwards shows
// icanon and echo), and an error prints exactly one line, `oomlens: ...`, never a stack trace. A real
// hang-up (the terminal goes away) ends the process instead of leaving it spinning on a dead tty.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hasTmux, TmuxTerminal } from '../helpers/tmux.js';
import {
  CRASH_PRELOAD,
  isAlive,
  killIfAlive,
  oomlensCommand,
  oomlensPid,
  paneStty,
  sleep,
  sttyFile,
  thenStty,
  waitForExit,
  waitForKillList, Terminal } from './harness.js';
import { PROJECT_DIR } from '../helpers/fixtures.js';

const TREE_ENTRY = join(PROJECT_DIR, 'dist', 'cli', 'main.js');

const skip = hasTmux() ? false : 'tmux is not installed';
if (skip) console.log(`# skipping the exit-path tests: ${skip}`);

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'oomlens-exit-'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Way {
  name: string;
  /** Set OOMLENS_TEST_CRASH to this and load the crash preload (test/fixtures/hygiene). */
  crash?: 'throw' | 'reject' | 'render';
  leave(terminal: TmuxTerminal, pid: number): void;
  code: number;
  /** What the normal screen must hold afterwards: nothing, or one error line. */
  printed: RegExp | null;
}

const WAYS: Way[] = [
  { name: 'q', leave: (t) => t.keys('q'), code: 0, printed: null },
  { name: 'Ctrl-C', leave: (t) => t.keys('C-c'), code: 0, printed: null },
  { name: 'SIGTERM', leave: (_t, pid) => process.kill(pid, 'SIGTERM'), code: 143, printed: null },
  { name: 'SIGHUP', leave: (_t, pid) => process.kill(pid, 'SIGHUP'), code: 129, printed: null },
  {
    name: 'an error thrown from a timer (uncaughtException)',
    crash: 'throw',
    leave: (_t, pid) => process.kill(pid, 'SIGUSR2'),
    code: 1,
    printed: /^oomlens: test crash \(thrown from a timer\)$/,
  },
  {
    name: 'an unhandled promise rejection',
    crash: 'reject',
    leave: (_t, pid) => process.kill(pid, 'SIGUSR2'),
    code: 1,
    printed: /^oomlens: test crash \(an unhandled rejection\)$/,
  },
  {
    name: 'an error thrown while rendering (Ink error boundary)',
    crash: 'render',
    leave: (_t, pid) => process.kill(pid, 'SIGUSR2'),
    code: 1,
    printed: /^oomlens: test crash \(thrown while rendering\)$/,
  },
];

for (const way of WAYS) {
  test(`${way.name}: alternate screen left, cursor shown, icanon and echo back${way.printed ? ', one line, no stack' : ', nothing printed'}`, { skip, timeout: 60_000 }, async () => {
    const stty = join(dir, `stty-${WAYS.indexOf(way)}.txt`);
    // The render crash patches dist/ui/Screen.js as it loads (crash-render-hook.mjs): it runs the compiled
    // tree itself, as bin/oomlens.js does when the bundle is not current, with production React as bin/ sets.
    const tree = way.crash === 'render' ? { program: TREE_ENTRY } : {};
    const command = oomlensCommand({
      env: way.crash ? { OOMLENS_TEST_CRASH: way.crash, ...(way.crash === 'render' ? { NODE_ENV: 'production' } : {}) } : {},
      nodeArgs: way.crash ? ['--import', CRASH_PRELOAD] : [],
      ...tree,
    });
    const terminal = new Terminal(thenStty(command, stty), 80, 24);
    let pid: number | undefined;
    try {
      await waitForKillList(terminal);
      pid = await oomlensPid(terminal);
      // The preconditions, so that "restored" means something: all three were changed.
      assert.equal(terminal.pane('alternate_on'), '1', 'the alternate screen is in use');
      assert.equal(terminal.pane('cursor_flag'), '0', 'the cursor is hidden');
      assert.deepEqual(paneStty(terminal), { icanon: false, echo: false }, 'raw mode is on while oomlens runs');

      way.leave(terminal, pid);
      const exit = await waitForExit(terminal);
      assert.equal(exit.code, way.code, exit.screen);
      assert.equal(terminal.pane('alternate_on'), '0', 'the alternate screen was left');
      assert.equal(terminal.pane('cursor_flag'), '1', 'the cursor is visible');
      assert.deepEqual(sttyFile(stty), { icanon: true, echo: true }, '`stty -a` in the pane after the exit');
      if (way.printed === null) {
        assert.deepEqual(exit.before, [], `nothing is printed on the normal screen:\n${exit.screen}`);
      } else {
        assert.equal(exit.before.length, 1, `exactly one line is printed:\n${exit.screen}`);
        assert.match(exit.before[0]!, way.printed);
        assert.doesNotMatch(exit.screen, /^\s+at |secondLine|Node\.js v\d/m, 'no stack trace');
      }
    } finally {
      terminal.kill();
      killIfAlive(pid);
    }
  });
}

test('a real hang-up (the terminal goes away): oomlens exits within 5 s', { skip, timeout: 60_000 }, async () => {
  const terminal = new Terminal(oomlensCommand(), 80, 24);
  let pid: number | undefined;
  try {
    await waitForKillList(terminal);
    pid = await oomlensPid(terminal);
    // Killing the server closes the pty's master side: the kernel hangs the terminal up (SIGHUP, then EIO
    // on every read and write), as when an SSH link drops.
    terminal.kill();
    const deadline = Date.now() + 5000;
    while (isAlive(pid) && Date.now() < deadline) await sleep(50);
    assert.ok(!isAlive(pid), `oomlens (pid ${pid}) is still running 5 s after its terminal went away`);
  } finally {
    terminal.kill();
    killIfAlive(pid);
  }
});
