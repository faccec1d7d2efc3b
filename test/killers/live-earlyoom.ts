// Helpers for the live earlyoom test: install the real package when missing (and stop any daemon the
// install started, by pid, only if it was not running before), start earlyoom as a child, wait for it
// by polling /proc and its output (never a fixed sleep), and read /proc the way the sampler would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { CandidateProcess } from '../../src/killers/index.js';

export function earlyoomBinary(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v earlyoom'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

function pidsNamed(comm: string): Set<number> {
  const pids = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) pids.add(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function serviceActive(): boolean {
  const result = spawnSync('systemctl', ['is-active', 'earlyoom'], { encoding: 'utf8' });
  return result.error === undefined && result.stdout.trim() === 'active';
}

function aptInstall(): { ok: boolean; output: string } {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-q', 'earlyoom'], { encoding: 'utf8', env, timeout: 240_000 });
  let result = install();
  if (result.status !== 0) {
    spawnSync('apt-get', ['update', '-q'], { encoding: 'utf8', env, timeout: 240_000 });
    result = install();
  }
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ') };
}

/**
 * The earlyoom binary, installing Debian's package when missing; null (with the reason) when it cannot
 * be had. A daemon the install started is stopped: the service if systemd runs it and it was not active
 * before, else the new earlyoom processes by pid.
 */
export function ensureEarlyoom(): { binary: string } | { skip: string } {
  const present = earlyoomBinary();
  if (present !== null) return { binary: present };
  if (process.getuid?.() !== 0) return { skip: 'earlyoom is not installed and installing it needs root' };
  const activeBefore = serviceActive();
  const pidsBefore = pidsNamed('earlyoom');
  const installed = aptInstall();
  if (!installed.ok) return { skip: `apt-get install earlyoom failed: ${installed.output}` };
  if (!activeBefore && serviceActive()) spawnSync('systemctl', ['stop', 'earlyoom'], { timeout: 30_000 });
  for (const pid of pidsNamed('earlyoom')) {
    if (!pidsBefore.has(pid)) process.kill(pid, 'SIGTERM');
  }
  const binary = earlyoomBinary();
  return binary === null ? { skip: 'earlyoom installed but not on PATH' } : { binary };
}

export interface RunningEarlyoom {
  child: ChildProcess;
  pid: number;
  /** Everything it wrote so far (stdout and stderr), split into lines. */
  lines(): string[];
}

export function startEarlyoom(binary: string, args: string[]): RunningEarlyoom {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  if (child.pid === undefined) throw new Error(`could not start ${binary}`);
  return { child, pid: child.pid, lines: () => output.split('\n').filter((line) => line !== '') };
}

/** Polls `ready` every 20 ms until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, ready: () => T | null, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = ready();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Ends a child this test started, by its own pid, and waits for it to exit. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid, signal);
  await exited;
}

export function readOr(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Every process as the sampler would give it to the killers module (comm, cmdline, scores, RSS). */
export function readProcesses(): CandidateProcess[] {
  const rows: CandidateProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = readOr(`/proc/${entry}/comm`);
    const cmdline = readOr(`/proc/${entry}/cmdline`);
    const stat = readOr(`/proc/${entry}/stat`);
    if (comm === null || cmdline === null || stat === null) continue;
    const afterComm = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(afterComm[1]);
    const rssPages = Number(afterComm[21]);
    const score = readOr(`/proc/${entry}/oom_score`);
    const adj = readOr(`/proc/${entry}/oom_score_adj`);
    rows.push({
      pid: Number(entry),
      name: comm.replace(/\n$/, ''),
      cmdline: cmdline.replace(/\0+$/, '').replace(/\0/g, ' '),
      oomScore: score === null ? null : Number(score),
      oomScoreAdj: adj === null ? null : Number(adj),
      rssKb: Number.isFinite(rssPages) ? rssPages * 4 : null, // 4 KiB pages: only a tie-break here
      kernelThread: Number(entry) === 2 || ppid === 2,
    });
  }
  return rows;
}

/** Waits until earlyoom's /proc/PID/cmdline holds `needle`: the exec is done and its argv is readable. */
export function waitForCmdline(pid: number, needle: string): Promise<true> {
  return waitFor('its /proc/PID/cmdline', () => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle) ? true : null;
    } catch {
      return null;
    }
  });
}
