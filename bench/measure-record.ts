// Issue 17's overhead figure: `oomlens record` and Debian's `atop -w` side by side at the same interval,
// each writing its history into a temporary directory. A sample is seen when the program's files grow
// (oomlens appends one record per sample and fdatasyncs it; atop writes a sample's record and its
// compressed buffers back to back), so a window runs from just after one sample to just after the one K
// later: its CPU (utime + stime from /proc/PID/stat) is exactly K samples' work, whatever the interval
// turned out to be. Memory is read from /proc/PID/smaps_rollup every second meanwhile.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup } from './cleanup.js';
import { memoryOf } from './measure-memory.js';
import { cpuMsOf, sleep } from './pty.js';

/** A program that records in the background, with no terminal; ended by its pid. */
export interface Recorder {
  name: string;
  child: ChildProcess;
  /** Bytes in the files it writes. */
  bytesOnDisk(): number;
  /** Its stderr so far (the reason, when it exits). */
  stderr(): string;
}

export function startRecorder(name: string, child: ChildProcess, bytesOnDisk: () => number): Recorder {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString();
  });
  onCleanup(() => kill(child, 'SIGKILL'));
  return { name, child, bytesOnDisk, stderr: () => stderr };
}

function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, signal);
  } catch {
    // Gone already.
  }
}

/** SIGTERM, then SIGKILL if it is still there after `graceMs`; resolves once it has exited. */
export async function stopRecorder(recorder: Recorder, graceMs = 5000): Promise<void> {
  const { child } = recorder;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  kill(child, 'SIGTERM');
  const timer = setTimeout(() => kill(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** `spawn` for a recorder: no terminal, stderr kept. */
export function spawnRecorder(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Processes on the box now (the population and everyone else's). */
export function processCount(): number {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).length;
}

/** Total size of the files under `path` (a file or a directory). */
export function sizeOf(path: string): number {
  try {
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.size;
  } catch {
    return 0;
  }
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) total += sizeOf(join(path, entry.name));
  return total;
}

export interface RecorderSeries {
  /** Per window: CPU ms per sample written. */
  cpuMsPerSample: number[];
  /** Per window: bytes added to its files per hour of wall time, in MiB. */
  mibPerHour: number[];
  /** Per window: ms between samples. */
  periodMs: number[];
  /** Every second over the windows, MB. */
  rssMb: number[];
  anonMb: number[];
}

interface SampleSeen {
  atMs: number;
  cpuMs: number;
  bytes: number;
}

/** Growth less than this share of the interval after a sample is still that sample (atop writes in parts). */
const SAME_SAMPLE_SHARE = 0.5;
const POLL_MS = 100;

/**
 * Watches every recorder until each has written `warmup` samples and then `windows` windows of
 * `perWindow` samples; returns the figures per window.
 */
export async function measureRecorders(
  recorders: Recorder[],
  intervalMs: number,
  plan: { warmup: number; windows: number; perWindow: number },
  progress: (message: string) => void = () => {},
): Promise<Record<string, RecorderSeries>> {
  const needed = plan.warmup + 1 + plan.windows * plan.perWindow;
  const state = recorders.map((recorder) => ({ recorder, seen: [] as SampleSeen[], lastBytes: recorder.bytesOnDisk(), rssMb: [] as number[], anonMb: [] as number[] }));
  const deadline = performance.now() + (needed + 5) * intervalMs * 2;
  let nextMemoryAt = 0;
  let reported = 0;
  while (state.some((s) => s.seen.length < needed)) {
    const now = performance.now();
    for (const s of state) {
      const { child, name } = s.recorder;
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited: ${s.recorder.stderr().trim().split('\n').pop() ?? ''}`);
      const bytes = s.recorder.bytesOnDisk();
      const last = s.seen.at(-1);
      if (bytes > s.lastBytes && (last === undefined || now - last.atMs > intervalMs * SAME_SAMPLE_SHARE)) {
        s.seen.push({ atMs: now, cpuMs: cpuMsOf(child.pid!) ?? NaN, bytes });
      }
      s.lastBytes = bytes;
    }
    if (now >= nextMemoryAt) {
      nextMemoryAt = now + 1000;
      for (const s of state) {
        if (s.seen.length <= plan.warmup || s.seen.length >= needed) continue;
        const memory = memoryOf(s.recorder.child.pid!);
        if (memory === null) continue;
        s.rssMb.push(memory.rssKb / 1024);
        s.anonMb.push(memory.anonKb / 1024);
      }
    }
    const fewest = Math.min(...state.map((s) => s.seen.length));
    if (fewest >= reported + 10) {
      reported = fewest;
      progress(`${fewest} of ${needed} samples`);
    }
    if (now > deadline) {
      const counts = state.map((s) => `${s.recorder.name} ${s.seen.length}`).join(', ');
      throw new Error(`samples written in time: ${counts} of ${needed} (one every ${intervalMs / 1000} s expected)`);
    }
    await sleep(POLL_MS);
  }
  return Object.fromEntries(state.map((s) => [s.recorder.name, windowsOf(s.seen, plan, s.rssMb, s.anonMb)]));
}

function windowsOf(seen: SampleSeen[], plan: { warmup: number; windows: number; perWindow: number }, rssMb: number[], anonMb: number[]): RecorderSeries {
  const series: RecorderSeries = { cpuMsPerSample: [], mibPerHour: [], periodMs: [], rssMb, anonMb };
  for (let window = 0; window < plan.windows; window++) {
    const from = seen[plan.warmup + window * plan.perWindow]!;
    const to = seen[plan.warmup + (window + 1) * plan.perWindow]!;
    const ms = to.atMs - from.atMs;
    series.cpuMsPerSample.push((to.cpuMs - from.cpuMs) / plan.perWindow);
    series.mibPerHour.push(((to.bytes - from.bytes) / ms) * 3600_000 / 2 ** 20);
    series.periodMs.push(ms / plan.perWindow);
  }
  return series;
}
