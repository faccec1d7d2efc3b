// One-call readers for the per-process files the kill list needs. Each returns null when the process
// has gone (ENOENT/ESRCH): that is the normal fate of a pid between readdir and read. These open each
// file by path every time, which suits any tree (a capture, a fixture); the live /proc gets the faster
// kept-open readers of kept-open-files.ts.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCgroupFile, type CgroupMembership } from './cgroup.js';
import { parseCmdline } from './cmdline.js';
import { parseIntFile } from './oom.js';
import { parseStat, type PidStat } from './stat.js';
import { parseStatus, type PidStatus } from './status.js';
import { isDenied, readBytesOrNull, readTextIfAllowed } from '../read.js';
import type { Roots } from '../roots.js';

/** A process that has exited (or whose pid now belongs to another process). */
export const GONE = 'gone';
export type Gone = typeof GONE;

/** What the sampler needs from the kernel per process. Injected so tests and benchmarks can swap it. */
export interface ProcessFiles {
  listPids(): number[];
  stat(pid: number): PidStat | null;
  status(pid: number): PidStatus | null;
  oomScore(pid: number): number | null;
  oomScoreAdj(pid: number): number | null;
  cgroup(pid: number): CgroupMembership[] | null;
  cmdline(pid: number): string | null;
  /**
   * The oom_score of the process (pid, starttime), or GONE once that process has exited, even when its
   * pid already belongs to another. This is the one read every tracked process gets every tick.
   * Absent: the sampler reads stat and oom_score (see scoreByStat).
   */
  scoreOf?(pid: number, starttime: number): number | null | Gone;
  /**
   * A pid not tracked yet: its stat and the oom_score of that same process; null when it has gone.
   * Absent: stat, then scoreOf (see statThenScore).
   */
  statAndScore?(pid: number): StatAndScore | null;
  /**
   * The pids a process created since the last listPids() (or the last call) can have, so that probing
   * them may replace a listing (exits show up as GONE); they may name threads or no task at all. Null
   * when a full listing is needed, or when there would be more than `maxProbes`. Absent: list every tick.
   */
  pidsCreatedSinceListing?(maxProbes: number): number[] | null;
  /** The sampler has forgotten this pid: let go of anything held for it (kept-open descriptors). */
  release?(pid: number): void;
  /** Let go of everything held (the sampler is done). */
  close?(): void;
}

export interface StatAndScore {
  stat: PidStat;
  score: number | null;
}

/** The reader's scoreOf, or scoreByStat for a reader without one. */
export function scoreOfProcess(files: Pick<ProcessFiles, 'stat' | 'oomScore' | 'scoreOf'>, pid: number, starttime: number): number | null | Gone {
  return files.scoreOf ? files.scoreOf(pid, starttime) : scoreByStat(files, pid, starttime);
}

/** statAndScore for readers without one: stat, then the score bound to its starttime. */
export function statThenScore(files: Pick<ProcessFiles, 'stat' | 'oomScore' | 'scoreOf'>, pid: number): StatAndScore | null {
  const stat = files.stat(pid);
  if (stat === null) return null;
  const score = scoreOfProcess(files, pid, stat.starttime);
  return score === GONE ? null : { stat, score };
}

/** scoreOf for readers that cannot bind a read to a process: stat's starttime tells a reused pid. */
export function scoreByStat(files: Pick<ProcessFiles, 'stat' | 'oomScore'>, pid: number, starttime: number): number | null | Gone {
  const stat = files.stat(pid);
  if (stat === null || stat.starttime !== starttime) return GONE;
  return files.oomScore(pid);
}

/** Numeric entries of the proc root, ascending. */
export function listPids(procRoot: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync(procRoot)) {
    const first = name.charCodeAt(0);
    if (first >= 48 && first <= 57 && /^\d+$/.test(name)) pids.push(Number(name));
  }
  return pids.sort((a, b) => a - b);
}

export function procfsProcessFiles(roots: Roots): ProcessFiles {
  const file = (pid: number, name: string) => join(roots.proc, String(pid), name);
  const text = (pid: number, name: string) => readTextIfAllowed(file(pid, name));
  const files: ProcessFiles = {
    listPids: () => listPids(roots.proc),
    stat: (pid) => {
      const content = text(pid, 'stat');
      return content === null ? null : parseStat(content);
    },
    status: (pid) => {
      const content = text(pid, 'status');
      return content === null ? null : parseStatus(content);
    },
    oomScore: (pid) => {
      const content = text(pid, 'oom_score');
      return content === null ? null : parseIntFile(content);
    },
    oomScoreAdj: (pid) => {
      const content = text(pid, 'oom_score_adj');
      return content === null ? null : parseIntFile(content);
    },
    cgroup: (pid) => {
      const content = text(pid, 'cgroup');
      return content === null ? null : parseCgroupFile(content);
    },
    cmdline: (pid) => {
      try {
        const bytes = readBytesOrNull(file(pid, 'cmdline'));
        return bytes === null ? null : parseCmdline(bytes);
      } catch (error) {
        if (isDenied(error)) return null;
        throw error;
      }
    },
    scoreOf: (pid, starttime) => scoreByStat(files, pid, starttime),
  };
  return files;
}
