// /proc/meminfo: values in kB. MemAvailable exists since 3.14; older kernels get an estimate.
import { join } from 'node:path';
import { parseKeyedNumbers } from './keyed-numbers.js';
import { readTextOrNull } from './read.js';
import type { Roots } from './roots.js';

export interface Meminfo {
  totalKb: number;
  freeKb: number;
  /** MemAvailable, or Free + Cached + Buffers − Shmem where the kernel predates it. */
  availableKb: number;
  /** False when availableKb is the pre-3.14 estimate. */
  availableIsKernel: boolean;
  swapTotalKb: number;
  swapFreeKb: number;
  committedKb: number | null;
  commitLimitKb: number | null;
  /** Every key as printed, for callers that need more. */
  raw: Map<string, number>;
}

export function parseMeminfo(text: string): Meminfo | null {
  const raw = parseKeyedNumbers(text);
  const total = raw.get('MemTotal');
  const free = raw.get('MemFree');
  if (total === undefined || free === undefined) return null;
  const kernelAvailable = raw.get('MemAvailable');
  const estimate = free + (raw.get('Cached') ?? 0) + (raw.get('Buffers') ?? 0) - (raw.get('Shmem') ?? 0);
  return {
    totalKb: total,
    freeKb: free,
    availableKb: kernelAvailable ?? Math.max(0, Math.min(total, estimate)),
    availableIsKernel: kernelAvailable !== undefined,
    swapTotalKb: raw.get('SwapTotal') ?? 0,
    swapFreeKb: raw.get('SwapFree') ?? 0,
    committedKb: raw.get('Committed_AS') ?? null,
    commitLimitKb: raw.get('CommitLimit') ?? null,
    raw,
  };
}

export function readMeminfo(roots: Roots): Meminfo | null {
  const text = readTextOrNull(join(roots.proc, 'meminfo'));
  return text === null ? null : parseMeminfo(text);
}
