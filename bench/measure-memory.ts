// Target 6's memory side: total and anonymous RSS of oomlens, htop and atop, each in its own pty, read from
// /proc/PID/smaps_rollup (Rss: every resident page of the process; Anonymous: its heap, stacks and other
// private memory, without the program's file pages, which another copy of the program would share).
import { readFileSync } from 'node:fs';
import type { PtyProgram } from './pty.js';
import { sleep } from './pty.js';

export interface Memory {
  rssKb: number;
  anonKb: number;
}

export function memoryOf(pid: number): Memory | null {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
    return { rssKb: field('Rss'), anonKb: field('Anonymous') };
  } catch {
    return null;
  }
}

export interface MemorySeries {
  /** One sample per second (MB), after the warm-up. */
  rssMb: number[];
  anonMb: number[];
}

/**
 * Samples every program's memory once a second for `seconds`, after `warmupSeconds`, side by side (memory,
 * unlike CPU, does not suffer from sharing the machine). `progress` hears each second.
 */
export async function sampleMemory(
  programs: Record<string, PtyProgram>,
  seconds: number,
  warmupSeconds: number,
  progress: (done: number) => void = () => {},
): Promise<Record<string, MemorySeries>> {
  await sleep(warmupSeconds * 1000);
  const pids = Object.entries(programs).map(([name, program]) => {
    const pid = program.programPid();
    if (pid === null || program.hasExited) throw new Error(`${name} is not running`);
    return [name, pid] as const;
  });
  const series: Record<string, MemorySeries> = Object.fromEntries(pids.map(([name]) => [name, { rssMb: [], anonMb: [] }]));
  for (let second = 0; second < seconds; second++) {
    for (const [name, pid] of pids) {
      const memory = memoryOf(pid);
      if (memory === null) throw new Error(`${name} exited during the memory run`);
      series[name]!.rssMb.push(memory.rssKb / 1024);
      series[name]!.anonMb.push(memory.anonKb / 1024);
    }
    progress(second + 1);
    await sleep(1000);
  }
  return series;
}
