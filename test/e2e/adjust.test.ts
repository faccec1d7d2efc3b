// The steering keys in a real terminal, writing the real /proc/PID/oom_score_adj of a spawned sleep.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { BIN } from '../helpers/run-cli.js';
import { hasTmux, TmuxTerminal } from '../helpers/tmux.js';

const skip = hasTmux() ? false : 'tmux is not installed';
let sleeper: ChildProcess;
let state: string;

beforeEach(() => {
  sleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
  writeFileSync(`/proc/${sleeper.pid}/oom_score_adj`, '1000');
  state = mkdtempSync(join(tmpdir(), 'oomlens-adj-'));
});

afterEach(() => {
  sleeper.kill('SIGKILL');
  rmSync(state, { recursive: true, force: true });
});

const adjOf = (pid: number | undefined) => readFileSync(`/proc/${pid}/oom_score_adj`, 'utf8').trim();

function firstRow(screen: string): string {
  const lines = screen.split('\n');
  return lines[lines.findIndex((line) => /\bPID\b.*\bSCORE\b/.test(line)) + 1] ?? '';
}

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('the sleep at adj 1000 is first; - then Enter writes 900; u restores 1000; both are logged', { skip }, async () => {
  const terminal = new TmuxTerminal(`${process.execPath} ${BIN} --interval 0.5`, 100, 30, { XDG_STATE_HOME: state });
  try {
    await terminal.waitFor((s) => new RegExp(`^ *${sleeper.pid} .*sleep 300`).test(firstRow(s)));
    terminal.keys('-');
    await terminal.waitFor((s) => s.includes('adj 1000 → 900'));
    assert.equal(adjOf(sleeper.pid), '1000', 'the preview writes nothing');
    terminal.keys('Enter');
    await waitUntil(() => adjOf(sleeper.pid) === '900', 'oom_score_adj becomes 900');
    await terminal.waitFor((s) => /oom_score_adj 1000 → 900/.test(s) && new RegExp(`${sleeper.pid} +\\S+ +\\d+ +900 `).test(s));
    terminal.keys('u');
    await waitUntil(() => adjOf(sleeper.pid) === '1000', 'undo restores 1000');
    const log = readFileSync(join(state, 'oomlens', 'adjustments.log'), 'utf8').trim().split('\n');
    assert.equal(log.length, 2);
    assert.match(log[0]!, new RegExp(`pid=${sleeper.pid} .*adj=1000->900`));
    assert.match(log[1]!, /adj=900->1000/);
  } finally {
    terminal.kill();
  }
});

test('--read-only: the keys change nothing', { skip }, async () => {
  const terminal = new TmuxTerminal(`${process.execPath} ${BIN} --interval 0.5 --read-only`, 100, 30, { XDG_STATE_HOME: state });
  try {
    await terminal.waitFor((s) => new RegExp(`^ *${sleeper.pid} `).test(firstRow(s)));
    assert.match(terminal.screen(), /READ-ONLY/);
    terminal.keys('-', 'Enter', 'p', 'Enter', 'u');
    await terminal.waitFor((s) => s.includes('read-only (--read-only)'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(adjOf(sleeper.pid), '1000');
  } finally {
    terminal.kill();
  }
});
