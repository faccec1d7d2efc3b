// The per-process reader for a proc root: kept-open descriptors on a mounted procfs, where a descriptor
// stays bound to its process; reads by path on anything else (a captured tree, a fixture), where a
// descriptor would be bound to nothing.
import { statfsSync } from 'node:fs';
import { byPathProcessFiles } from './by-path-files.js';
import { keptOpenProcessFiles } from './kept-open-files.js';
import type { ProcessFiles } from './process-files.js';
import type { Roots } from '../roots.js';

/** statfs(2) f_type of procfs (PROC_SUPER_MAGIC, include/uapi/linux/magic.h). */
const PROC_SUPER_MAGIC = 0x9fa0;

/** True when `dir` is a mounted procfs (not a captured tree), where kept-open reads are bound to processes. */
export function isProcfs(dir: string): boolean {
  try {
    return statfsSync(dir).type === PROC_SUPER_MAGIC;
  } catch {
    return false;
  }
}

export interface ProcessFilesOptions {
  /** On a procfs, keep at most this many descriptors open (default: from the open-file limit, see keepOpenBudget). */
  keepOpenBudget?: number;
}

export function openProcessFiles(roots: Roots, options: ProcessFilesOptions = {}): ProcessFiles {
  return isProcfs(roots.proc) ? keptOpenProcessFiles(roots, options.keepOpenBudget) : byPathProcessFiles(roots);
}
