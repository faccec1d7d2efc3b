// Per-process readers for the live /proc, built for the every-tick cost:
//  - oom_score, the one file every process is read for on every tick, is opened once and re-read with
//    pread(fd, buf, 0) into one reused Buffer: about a third of the cost of open+read+close. Such a
//    descriptor stays bound to the process it was opened for (the inode holds its struct pid): once that
//    process has exited the read fails with ESRCH, even when the pid already names another process, so
//    a reused pid can never inherit a score and stat need not be re-read every tick;
//  - oom_score_adj is kept open too while the budget allows (it pins no kernel buffer); stat and status
//    are read whole into the same Buffer, no allocation;
//  - the kept-open descriptors stay within the open-file limit with room to spare; past it (or on
//    EMFILE) a process is read by path and checked by stat's starttime instead;
//  - the pids created since the last readdir are known from /proc/loadavg (see new-pids.ts): probing them
//    replaces the readdir, and exits show up in the bound reads.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statfsSync } from 'node:fs';
import { parseStat, type PidStat } from './stat.js';
import type { PidStatus } from './status.js';
import { parseStatusBytes } from './status-fast.js';
import { parseCgroupFile } from './cgroup.js';
import { parseCmdline } from './cmdline.js';
import { parseIntBytes } from './oom.js';
import { GONE, listPids, scoreByStat, statThenScore, type Gone, type ProcessFiles, type StatAndScore } from './process-files.js';
import { NewPidWatch } from './new-pids.js';
import { isDenied, isGone } from '../read.js';
import type { Roots } from '../roots.js';

/** statfs(2) f_type of procfs. */
const PROC_SUPER_MAGIC = 0x9fa0;

/** True when `dir` is a mounted procfs (not a captured tree), where kept-open reads are bound to processes. */
export function isProcfs(dir: string): boolean {
  try {
    return statfsSync(dir).type === PROC_SUPER_MAGIC;
  } catch {
    return false;
  }
}

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

export interface KeptOpenProcessFiles extends ProcessFiles {
  /** Descriptors held open right now. */
  readonly keptOpen: number;
  /** Closes every kept-open descriptor. */
  close(): void;
}

export function keptOpenProcessFiles(roots: Roots, budget: number = keepOpenBudget()): KeptOpenProcessFiles {
  const bound = new BoundDescriptors(budget - openDescriptorCount());
  // Out of descriptors (other code opened many since): give back a share of the kept ones, then retry.
  const reader = new WholeFileReader(() => bound.shed(SHED_ON_EMFILE));
  // A plain concatenation: path.join's normalising was a tenth of what a tick allocated.
  const procDir = roots.proc.endsWith('/') ? roots.proc : `${roots.proc}/`;
  const path = (pid: number, name: string) => `${procDir}${pid}/${name}`;
  const text = (file: string): string | null => {
    const length = reader.read(file);
    return length === null ? null : reader.buffer.toString('utf8', 0, length);
  };
  const intFile = (file: string): number | null => {
    const length = reader.read(file);
    return length === null ? null : parseIntBytes(reader.buffer, length);
  };
  const stat = (pid: number): PidStat | null => {
    const content = text(path(pid, 'stat'));
    return content === null ? null : parseStat(content);
  };
  const oomScore = (pid: number) => intFile(path(pid, 'oom_score'));
  /** One pread of a bound descriptor: the integer, or GONE when its process has exited. */
  const readBound = (pid: number, fd: number): number | null | Gone => {
    try {
      return parseIntBytes(reader.buffer, readSync(fd, reader.buffer, 0, 32, 0));
    } catch (error) {
      if (!isGone(error)) throw error;
      bound.drop(pid);
      return GONE;
    }
  };

  const scoreOf = (pid: number, starttime: number): number | null | Gone => {
    let fd = bound.score(pid);
    if (fd === undefined) {
      const opened = bound.open(pid, 'score', path(pid, 'oom_score'));
      if (opened === GONE) return GONE;
      if (opened === undefined) return scoreByStat({ stat, oomScore }, pid, starttime);
      // Opened after the caller's stat: make sure it is that process we are bound to.
      if (stat(pid)?.starttime !== starttime) {
        bound.drop(pid);
        return GONE;
      }
      fd = opened;
    }
    return readBound(pid, fd);
  };

  // A pid not tracked yet: oom_score is bound first and stat read after it, so while the bound read
  // succeeds the stat is that same process's (a live process's pid names no other). One stat read
  // where stat + scoreOf take two: at 10,000 new processes (start-up) that is ~190 ms.
  const statAndScore = (pid: number): StatAndScore | null => {
    if (bound.score(pid) !== undefined) return statThenScore({ stat, oomScore, scoreOf }, pid);
    const opened = bound.open(pid, 'score', path(pid, 'oom_score'));
    if (opened === GONE) return null;
    if (opened === undefined) return statThenScore({ stat, oomScore }, pid); // by path, checked by starttime
    const read = stat(pid);
    const score = read === null ? GONE : readBound(pid, opened);
    if (read === null || score === GONE) {
      bound.drop(pid);
      return null;
    }
    return { stat: read, score };
  };

  const oomScoreAdj = (pid: number): number | null => {
    let fd = bound.adj(pid);
    const scoreFd = bound.score(pid);
    if (fd === undefined && scoreFd !== undefined) {
      const opened = bound.open(pid, 'adj', path(pid, 'oom_score_adj'));
      if (opened === GONE) return null;
      // Bound to the score's process if that process was still there after the open.
      if (opened !== undefined && readBound(pid, scoreFd) === GONE) return null;
      fd = opened;
    }
    if (fd === undefined) return intFile(path(pid, 'oom_score_adj'));
    const value = readBound(pid, fd);
    return value === GONE ? null : value;
  };

  const newPids = new NewPidWatch(roots);
  return {
    listPids: () => {
      newPids.listed();
      return listPids(roots.proc);
    },
    pidsCreatedSinceListing: (maxProbes) => newPids.candidates(maxProbes),
    stat,
    status: (pid): PidStatus | null => {
      const length = reader.read(path(pid, 'status'));
      return length === null ? null : parseStatusBytes(reader.buffer, length);
    },
    oomScore,
    oomScoreAdj,
    cgroup: (pid) => {
      const content = text(path(pid, 'cgroup'));
      return content === null ? null : parseCgroupFile(content);
    },
    cmdline: (pid) => {
      const length = reader.read(path(pid, 'cmdline'));
      return length === null ? null : parseCmdline(reader.buffer.subarray(0, length));
    },
    scoreOf,
    statAndScore,
    release: (pid) => bound.drop(pid),
    get keptOpen() {
      return bound.count;
    },
    close: () => bound.dropAll(),
  };
}

/** Kept descriptors given back when an open fails with EMFILE. */
const SHED_ON_EMFILE = 256;

function isOutOfDescriptors(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EMFILE' || code === 'ENFILE';
}

/** Descriptors this process has open now (0 when /proc/self/fd cannot be listed). */
function openDescriptorCount(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return 0;
  }
}

/** One Buffer, reused for every whole-file read. */
class WholeFileReader {
  buffer = Buffer.allocUnsafe(16 * 1024);

  constructor(private readonly freeDescriptors: () => boolean) {}

  private open(file: string): number | null {
    for (let attempt = 0; ; attempt++) {
      try {
        return openSync(file, 'r');
      } catch (error) {
        if (isGone(error) || isDenied(error)) return null;
        if (!isOutOfDescriptors(error) || attempt > 0 || !this.freeDescriptors()) throw error;
      }
    }
  }

  /** Reads a whole file by path into `buffer`; its length, or null when it (or its process) is gone. */
  read(file: string): number | null {
    const fd = this.open(file);
    if (fd === null) return null;
    try {
      let length = 0;
      for (;;) {
        if (length === this.buffer.length) this.buffer = Buffer.concat([this.buffer, Buffer.allocUnsafe(this.buffer.length)]);
        const read = readSync(fd, this.buffer, length, this.buffer.length - length, length);
        length += read;
        // procfs hands over a whole single-record file in one read when it fits.
        if (read === 0 || length < this.buffer.length) return length;
      }
    } catch (error) {
      if (isGone(error) || isDenied(error)) return null;
      throw error;
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * Kept-open oom_score and oom_score_adj descriptors per pid, within a budget. oom_score has priority: it
 * is read every tick, so an adj descriptor is given up to make room for a score one; adj descriptors only
 * use what the scores leave. (status is not kept open: its seq_file would pin a 4 KiB kernel buffer per
 * process.)
 */
class BoundDescriptors {
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
