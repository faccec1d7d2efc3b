// /proc/vmstat: cumulative event counters. oom_kill exists since 4.13; a kernel without it reports
// null (absent), never 0.
import { join } from 'node:path';
import { parseKeyedNumbers } from './keyed-numbers.js';
import { readTextOrNull } from './read.js';
import type { Roots } from './roots.js';

export type Vmstat = Map<string, number>;

export function parseVmstat(text: string): Vmstat {
  return parseKeyedNumbers(text);
}

export function readVmstat(roots: Roots): Vmstat | null {
  const text = readTextOrNull(join(roots.proc, 'vmstat'));
  return text === null ? null : parseVmstat(text);
}

/** A counter's value, or null when this kernel does not have it. */
export function counter(vmstat: Vmstat | null, key: string): number | null {
  return vmstat?.get(key) ?? null;
}
