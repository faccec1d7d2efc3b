// Target 1: sampling CPU per refresh, oomlens's sampler vs htop's whole refresh, same population.
// oomlens: the sampler alone in a child process (bench/sampler-probe.ts), CPU per tick at a 1 s interval.
// htop: its utime + stime (/proc/PID/stat) across whole refreshes, counted from its output bursts. htop's
// figure includes drawing its screen; that is a few percent of its refresh and it is all htop does.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startHtop } from './htop.js';
import { cpuMsOf, sleep } from './pty.js';

const PROBE = fileURLToPath(new URL('./sampler-probe.ts', import.meta.url));

export interface SamplingResult {
  oomlensMsPerTick: number[];
  htopMsPerRefresh: number[];
  htopRefreshPeriodMs: number[];
  rows: number;
}

export interface SamplerProbeResult {
  perTickMs: number[];
  /** Per window, the part of perTickMs spent in the forecast; null for samplers without one. */
  forecastPerTickMs: number[] | null;
  rows: number;
  /** Memory cgroups the sampler saw; null with no memory hierarchy. */
  cgroups: number | null;
}

export function measureOomlensSampler(windows: number, ticksPerWindow: number): SamplerProbeResult {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', PROBE, '--windows', String(windows), '--ticks', String(ticksPerWindow)],
    { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(output.trim().split('\n').pop()!);
}

/** htop's CPU per refresh over `windows` windows of `refreshesPerWindow` refreshes each. */
export async function measureHtopRefresh(windows: number, refreshesPerWindow: number): Promise<{ perRefreshMs: number[]; periodMs: number[] }> {
  const htop = startHtop(10);
  try {
    await sleep(1000);
    const pid = htop.programPid();
    if (pid === null) throw new Error('htop did not start');
    for (let i = 0; i < 2; i++) await htop.nextRefresh(); // warm-up: its first scans read every file
    const perRefreshMs: number[] = [];
    const periodMs: number[] = [];
    for (let window = 0; window < windows; window++) {
      let start = await htop.nextRefresh();
      const cpuStart = cpuMsOf(pid)!;
      const firstStart = start;
      for (let i = 0; i < refreshesPerWindow; i++) start = await htop.nextRefresh();
      // The window spans whole refreshes: from the start of one to the start of the one `n` later.
      perRefreshMs.push((cpuMsOf(pid)! - cpuStart) / refreshesPerWindow);
      periodMs.push((start - firstStart) / refreshesPerWindow);
    }
    return { perRefreshMs, periodMs };
  } finally {
    htop.kill();
  }
}
