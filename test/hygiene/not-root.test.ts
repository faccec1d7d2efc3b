// Not root: oomlens as nobody (setpriv --reuid=65534 --regid=65534 --clear-groups, HOME a fresh temp dir).
// What a user can read is shown in full — every user's processes with their oom_score, oom_score_adj, RSS
// split and command line (all 0444 in /proc), the memory block, the kill counter — and what it cannot
// do is said: the kernel log (kernel.dmesg_restrict=1 needs CAP_SYSLOG) and a write to another user's
// oom_score_adj. With /proc mounted hidepid=2, other users' processes are invisible, not unreadable.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hasTmux } from '../helpers/tmux.js';
import { BIN, MAX_OUTPUT, hasTool, oomlensCommand, shellQuote, sleep, waitForExit, waitForKillList, Terminal } from './harness.js';

const NOBODY = 65534;
const skip =
  process.getuid?.() !== 0 ? 'not root: cannot switch to nobody' : hasTool('setpriv') ? false : 'setpriv is not installed';
const skipTmux = skip || (hasTmux() ? false : 'tmux is not installed');
if (skip) console.log(`# skipping the unprivileged tests: ${skip}`);

let home = '';
let sleeper: ChildProcess | undefined;

before(() => {
  if (skip) return;
  home = mkdtempSync(join(tmpdir(), 'oomlens-nobody-'));
  chmodSync(home, 0o777);
  // Another user's process (root's), made the first choice so that it heads the list.
  sleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
  spawnSync('sh', ['-c', `echo 1000 > /proc/${sleeper.pid}/oom_score_adj`]);
});

after(() => {
  sleeper?.kill('SIGKILL');
  if (home) rmSync(home, { recursive: true, force: true });
});

const SETPRIV = `setpriv --reuid=${NOBODY} --regid=${NOBODY} --clear-groups`;

function asNobody(args: string[]) {
  const result = spawnSync(
    'setpriv',
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'env', `HOME=${home}`, 'TERM=dumb', process.execPath, BIN, ...args],
    { encoding: 'utf8', timeout: 60_000, maxBuffer: MAX_OUTPUT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function dmesgRestricted(): boolean {
  try {
    return readFileSync('/proc/sys/kernel/dmesg_restrict', 'utf8').trim() === '1';
  } catch {
    return false;
  }
}

test('--once as nobody: root\'s processes with score, adj, RSS and command; the memory block; the kill counter', { skip }, () => {
  const run = asNobody(['--once', '--interval', '0.3']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  const row = run.stdout.split('\n').find((line) => new RegExp(`^ *${sleeper!.pid} `).test(line));
  assert.match(row ?? '', /^ *\d+ root +1\d{3} +1000 +[\d.]+[KMG] +[\d.]+[KMG] +[\d.]+[KMG] .*sleep 300/, `root's sleep, read in full:\n${run.stdout}`);
  assert.match(run.stdout, /^MEM +\[/m);
  assert.match(run.stdout, /^SWAP /m);
  assert.match(run.stdout, /OOM kills \d+/, 'the counter is read from /proc/vmstat, which anyone may read');
  assert.doesNotMatch(run.stdout, /permission|denied/i, 'nothing on this screen needs privileges');
  // What this kernel lacks is n/a for root too; nothing more is n/a for nobody.
  const root = spawnSync(process.execPath, [BIN, '--once', '--interval', '0.3'], { encoding: 'utf8', timeout: 60_000, maxBuffer: MAX_OUTPUT, env: { ...process.env, TERM: 'dumb' } });
  const missing = (text: string) => (text.match(/\bn\/a\b/g) ?? []).length;
  assert.equal(missing(run.stdout), missing(root.stdout), `n/a as nobody vs root:\n${run.stdout}\n${root.stdout}`);
});

test('--json as nobody: root\'s process has every field the root run has', { skip }, () => {
  const run = asNobody(['--json', '--interval', '0.3']);
  assert.equal(run.status, 0, run.stderr);
  type Row = Record<string, unknown> & { pid: number };
  const snapshot = JSON.parse(run.stdout) as { processes: Row[]; memory: object; zones: unknown[]; oomKills: number | null };
  const mine = snapshot.processes.find((p) => p.pid === sleeper!.pid);
  assert.ok(mine, 'root\'s sleep is listed');
  for (const key of ['oomScore', 'oomScoreAdj', 'rssKb', 'rssAnonKb', 'rssFileKb', 'rssShmemKb', 'swapKb', 'uid', 'cgroup']) {
    assert.notEqual(mine[key], null, `${key} was read`);
  }
  assert.equal(mine['user'], 'root');
  assert.ok(snapshot.zones.length > 0);
  assert.equal(typeof snapshot.oomKills, 'number');
});

test('explain as nobody without a file: one line says the kernel log is not readable and why; exit 2', { skip }, (t) => {
  if (!dmesgRestricted()) return t.skip('kernel.dmesg_restrict is not 1 here: nobody may read the log');
  const run = asNobody(['explain']);
  assert.equal(run.status, 2);
  assert.equal(run.stdout, '');
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0]!, /^oomlens: cannot read the kernel log: /);
  assert.match(lines[0]!, /dmesg_restrict/);
  assert.match(lines[0]!, /CAP_SYSLOG|sudo|root/);
});

test('in tmux as nobody: the full screen; changing root\'s process is refused with a reason and writes nothing', { skip: skipTmux, timeout: 60_000 }, async () => {
  const command = oomlensCommand({ prefix: `${SETPRIV} env HOME=${shellQuote(home)}` });
  const terminal = new Terminal(command, 120, 30);
  try {
    const screen = await waitForKillList(terminal);
    assert.match(screen, /^MEM +\[/m);
    assert.match(screen, /OOM kills \d+/);
    // Show only root's sleep, then try to lower its adj by one step and write.
    terminal.keys('/', String(sleeper!.pid), 'Enter');
    await terminal.waitFor((s) => new RegExp(`^[> ]*${sleeper!.pid} +root +\\d+ +1000 `, 'm').test(s), 10_000);
    terminal.keys('-');
    await sleep(500);
    terminal.keys('Enter');
    const refused = await terminal.waitFor((s) => /not your process|owner|permission|denied/i.test(s), 10_000);
    const message = refused.split('\n').find((line) => /not your process|owner|permission|denied/i.test(line))!.trim();
    console.log(`# as nobody, a write to root's process: "${message}"`);
    assert.equal(readFileSync(`/proc/${sleeper!.pid}/oom_score_adj`, 'utf8').trim(), '1000', 'nothing was written');
    terminal.keys('Escape', 'q');
    const exit = await waitForExit(terminal);
    assert.equal(exit.code, 0, exit.screen);
  } finally {
    terminal.kill();
  }
});

/** Runs `--once` as nobody in a private mount namespace whose /proc is mounted hidepid=2. */
function onceWithHidepid(): { status: number | null; stdout: string; stderr: string } | string {
  if (!hasTool('unshare')) return 'unshare is not installed';
  const script =
    `mount -t proc -o hidepid=2 proc /proc || exit 99; ` +
    `exec ${SETPRIV} env HOME=${shellQuote(home)} ${shellQuote(process.execPath)} ${shellQuote(BIN)} --once --interval 0.3`;
  const result = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { encoding: 'utf8', timeout: 60_000, maxBuffer: MAX_OUTPUT });
  if (result.status === 99) return `cannot mount /proc with hidepid=2 here: ${result.stderr.trim()}`;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('/proc mounted hidepid=2: as nobody only its own processes are listed, and nothing breaks', { skip }, (t) => {
  const run = onceWithHidepid();
  if (typeof run === 'string') return t.skip(run);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^MEM +\[/m);
  const rows = run.stdout.split('\n').filter((line) => /^ *\d+ \S+ +\d+ /.test(line));
  assert.ok(rows.length >= 1, run.stdout);
  for (const row of rows) assert.match(row, /^ *\d+ nobody /, 'only nobody\'s own processes are visible');
  assert.ok(!rows.some((row) => row.includes(`${sleeper!.pid} `)), 'root\'s sleep is hidden');
});

test('/proc mounted hidepid=2: the screen says other users\' processes are hidden', { skip }, (t) => {
  const run = onceWithHidepid();
  if (typeof run === 'string') return t.skip(run);
  assert.match(run.stdout, /hidepid|hidden/i);
});
