// Kept-open /proc/PID descriptors, and how many of them the open-file limit allows. A descriptor of a
// /proc/PID file stays bound to the process it was opened for: its inode holds that process's struct pid,
// and every read looks the task up from it (proc_single_show, oom_score_adj_read in fs/proc/base.c), so
// once the process has exited the read fails with ESRCH, even when the pid already names another.
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { GONE, type Gone } from './process-files.js';
import { isOutOfDescriptors } from './whole-file-reader.js';
import { isDenied, isGone } from '../read.js';

/** Kept descriptors given back when an open fails with EMFILE. */
export const SHED_ON_EMFILE = 256;

/**
 * How many descriptors may be kept open: the soft open-file limit less a reserve (an eighth, at least
 * 512) for everything else the program opens: the terminal, the kernel log, incident files, writes to
 * oom_score_adj.
 */
export function keepOpenBudget(limitsText: string | null = readOwnLimits()): number {
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(limitsText ?? '');
  const soft = match === null ? 1024 : match[1] === 'unlimited' ? 1 << 20 : Number(match[1]);
  return Math.max(0, soft - Math.max(512, Math.floor(soft / 8)));
}

function readOwnLimits(): string | null {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return null;
  }
}

/** Descriptors this process has open now (0 when /proc/self/fd cannot be listed). */
export function openDescriptorCount(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return 0;
  }
}

/**
 * Kept-open oom_score and oom_score_adj descriptors per pid, within a budget. oom_score has priority: it
 * is read every tick, so an adj descriptor is given up to make room for a score one; adj descriptors only
 * use what the scores leave. (status is not kept open: its seq_file would pin a 4 KiB kernel buffer per
 * process.)
 */
export class BoundDescriptors {
  private readonly scores = new Map<number, number>();
  private readonly adjs = new Map<number, number>();

  constructor(private limit: number) {}

  get count(): number {
    return this.scores.size + this.adjs.size;
  }

  score(pid: number): number | undefined {
    return this.scores.get(pid);
  }

  adj(pid: number): number | undefined {
    return this.adjs.get(pid);
  }

  /** Opens and keeps `file`; undefined when over budget, out of descriptors or denied; GONE when the pid is. */
  open(pid: number, which: 'score' | 'adj', file: string): number | undefined | Gone {
    if (this.count >= this.limit && !(which === 'score' && this.giveUpAnAdj())) return undefined;
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      if (isOutOfDescriptors(error)) {
        this.shed(SHED_ON_EMFILE); // leave the rest of the program some room
        return undefined;
      }
      if (isGone(error)) return GONE;
      if (isDenied(error)) return undefined;
      throw error;
    }
    (which === 'score' ? this.scores : this.adjs).set(pid, fd);
    return fd;
  }

  drop(pid: number): void {
    for (const map of [this.scores, this.adjs]) {
      const fd = map.get(pid);
      if (fd === undefined) continue;
      map.delete(pid);
      closeSync(fd);
    }
  }

  dropAll(): void {
    for (const pid of [...this.scores.keys(), ...this.adjs.keys()]) this.drop(pid);
  }

  /** Closes about `count` descriptors (adj ones first) and keeps fewer from now on; false when none were kept. */
  shed(count: number): boolean {
    if (this.count === 0) return false;
    this.limit = Math.min(this.limit, Math.max(0, this.count - count));
    let shed = 0;
    for (const map of [this.adjs, this.scores]) {
      for (const [pid, fd] of map) {
        if (shed++ >= count) return true;
        map.delete(pid);
        closeSync(fd);
      }
    }
    return true;
  }

  private giveUpAnAdj(): boolean {
    for (const [pid, fd] of this.adjs) {
      this.adjs.delete(pid);
      closeSync(fd);
      return true;
    }
    return false;
  }
}
