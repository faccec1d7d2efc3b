// The built program in a real terminal (tmux), on this machine.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { BIN } from '../helpers/run-cli.js';
import { hasTmux, TmuxTerminal } from '../helpers/tmux.js';

const skip = hasTmux() ? false : 'tmux is not installed';
let sleeper: ChildProcess;

before(() => {
  // The kernel's most willing victim: any process may raise its own oom_score_adj to 1000.
  sleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
  writeFileSync(`/proc/${sleeper.pid}/oom_score_adj`, '1000');
});

after(() => {
  sleeper.kill('SIGKILL');
});

const command = `${process.execPath} ${BIN} --interval 0.5`;

test('80x24: a sleep at adj 1000 is the first row; q exits 0 and restores the terminal', { skip }, async () => {
  const terminal = new TmuxTerminal(command, 80, 24);
  try {
    const firstRow = (s: string) => {
      const lines = s.split('\n');
      return lines[lines.findIndex((line) => /\bPID\b.*\bSCORE\b/.test(line)) + 1] ?? '';
    };
    const screen = await terminal.waitFor((s) => /^ *\d+ /.test(firstRow(s)));
    const lines = screen.split('\n');
    assert.match(firstRow(screen), new RegExp(`^ *${sleeper.pid} +\\S+ +1\\d{3} +1000 .*sleep`), screen);
    assert.match(lines[1]!, /^next kill/, 'the next kill, under the title');
    // MEM follows, after any notice ("reading 2,000 more processes" on a busy box).
    assert.ok(lines.slice(2, 6).some((line) => /^MEM +\[/.test(line)), 'the MEM gauge is near the top');
    assert.equal(terminal.pane('alternate_on'), '1', 'the alternate screen is in use');
    assert.match(lines[22]!, /q quit/, 'the footer is on line 23 of 24: the frame is rows-1 lines');
    assert.equal(lines[23]!.trim(), '');
    terminal.keys('q');
    const after = await terminal.waitFor((s) => s.includes('OOMLENS_EXIT='));
    assert.match(after, /OOMLENS_EXIT=0/);
    assert.equal(terminal.pane('alternate_on'), '0', 'the alternate screen was left');
    assert.equal(terminal.pane('cursor_flag'), '1', 'the cursor is visible again');
    assert.doesNotMatch(after, /PID USER/, 'the kill list does not linger on the normal screen');
  } finally {
    terminal.kill();
  }
});

test('SIGTERM and SIGHUP also restore the terminal', { skip }, async () => {
  for (const [signal, code] of [['TERM', 143], ['HUP', 129]] as const) {
    const terminal = new TmuxTerminal(command, 80, 24);
    try {
      await terminal.waitFor((s) => s.includes('OOM kills'));
      const shellPid = terminal.pane('pane_pid');
      const child = spawn('pgrep', ['-P', shellPid, '-f', BIN]);
      const pid = await new Promise<string>((resolve) => {
        let out = '';
        child.stdout!.on('data', (d) => (out += d));
        child.on('close', () => resolve(out.trim().split('\n')[0]!));
      });
      assert.match(pid, /^\d+$/);
      process.kill(Number(pid), `SIG${signal}`);
      const screen = await terminal.waitFor((s) => s.includes('OOMLENS_EXIT='));
      assert.match(screen, new RegExp(`OOMLENS_EXIT=${code}`));
      assert.equal(terminal.pane('alternate_on'), '0');
      assert.equal(terminal.pane('cursor_flag'), '1');
    } finally {
      terminal.kill();
    }
  }
});

test('stdin from /dev/null: keys are read from the terminal, q still quits', { skip }, async () => {
  const terminal = new TmuxTerminal(`${command} < /dev/null`, 80, 24);
  try {
    await terminal.waitFor((s) => s.includes('OOM kills'));
    terminal.keys('q');
    const screen = await terminal.waitFor((s) => s.includes('OOMLENS_EXIT='));
    assert.match(screen, /OOMLENS_EXIT=0/);
  } finally {
    terminal.kill();
  }
});
