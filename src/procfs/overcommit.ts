// vm.overcommit_memory decides whether CommitLimit means anything: only in mode 2 does the kernel refuse
// allocations past it; in modes 0 and 1 Committed_AS may exceed it freely and the OOM killer is the
// backstop. The screen shows the mode next to "commit X / limit Y" so the numbers are read correctly.
import { join } from 'node:path';
import { readTextOrNull } from './read.js';
import type { Roots } from './roots.js';

export type OvercommitMode = 0 | 1 | 2;

/** "0\n" → 0. Null for anything that is not one of the three modes. */
export function parseOvercommitMode(text: string): OvercommitMode | null {
  const value = text.trim();
  return value === '0' || value === '1' || value === '2' ? (Number(value) as OvercommitMode) : null;
}

/** <proc>/sys/vm/overcommit_memory, or null when absent. */
export function readOvercommitMemory(roots: Roots): OvercommitMode | null {
  const text = readTextOrNull(join(roots.proc, 'sys', 'vm', 'overcommit_memory'));
  return text === null ? null : parseOvercommitMode(text);
}
