// Targets 2, 4 and 6 in a real pty: CPU per wall-second of a whole TUI at a 1 s refresh (oomlens vs
// htop), bytes it writes per refresh at 80x24, and oomlens's RSS over a long run.
import { readdirSync } from 'node:fs';
import { memoryOf } from './measure-memory.js';
import type { PtyProgram } from './pty.js';
import { cpuMsOf, sleep } from './pty.js';

export interface TuiWindows {
  cpuMsPerSec: number[];
  /** Bytes per refresh: per second for oomlens (its interval), per counted refresh for htop. */
  bytesPerRefresh: number[];
  bytesPerSec: number[];
  refreshPeriodMs: number[];
}

/**
 * Measures `windows` windows of `windowMs` after `warmupMs`. `refreshMs` is the program's own refresh
 * interval when known (oomlens writes nothing in a tick where nothing on screen changed, so its output
 * bursts undercount its refreshes); null counts refreshes from the output (htop redraws its meters on
 * every refresh).
 */
export async function measureTui(program: PtyProgram, windows: number, windowMs: number, warmupMs: number, refreshMs: number | null): Promise<TuiWindows> {
  await sleep(warmupMs);
  const pid = program.programPid();
  if (pid === null || program.hasExited) throw new Error('the program under test is not running');
  const result: TuiWindows = { cpuMsPerSec: [], bytesPerRefresh: [], bytesPerSec: [], refreshPeriodMs: [] };
  for (let window = 0; window < windows; window++) {
    const startMs = performance.now();
    const cpuStart = cpuMsOf(pid)!;
    await sleep(windowMs);
    const endMs = performance.now();
    const seconds = (endMs - startMs) / 1000;
    result.cpuMsPerSec.push((cpuMsOf(pid)! - cpuStart) / seconds);
    const bytes = program.bytesBetween(startMs, endMs);
    const refreshes = refreshMs !== null ? (endMs - startMs) / refreshMs : program.refreshStarts(startMs, endMs).length;
    result.bytesPerRefresh.push(refreshes > 0 ? bytes / refreshes : NaN);
    result.bytesPerSec.push(bytes / seconds);
    result.refreshPeriodMs.push(refreshes > 0 ? (endMs - startMs) / refreshes : NaN);
  }
  return result;
}

export interface RssRun {
  /** One RSS sample (KiB) per second, from the first frame on. */
  samplesKb: number[];
  /** Its anonymous part, at the same moments. */
  anonSamplesKb: number[];
  keptDescriptors: number | null;
}

/** Samples the program's RSS (and its anonymous part) every second for `seconds`. */
export async function sampleRss(program: PtyProgram, seconds: number, progress: (done: number) => void): Promise<RssRun> {
  const pid = program.programPid();
  if (pid === null) throw new Error('the program under test is not running');
  const samplesKb: number[] = [];
  const anonSamplesKb: number[] = [];
  for (let second = 0; second < seconds; second++) {
    await sleep(1000);
    const memory = memoryOf(pid);
    if (memory === null) throw new Error('the program under test exited during the RSS run');
    samplesKb.push(memory.rssKb);
    anonSamplesKb.push(memory.anonKb);
    progress(second + 1);
  }
  let keptDescriptors: number | null = null;
  try {
    keptDescriptors = readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    // Gone or not ours to list.
  }
  return { samplesKb, anonSamplesKb, keptDescriptors };
}
