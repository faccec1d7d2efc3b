// What the model reads (and writes) per process, as one interface with every method present: the live
// /proc's kept-open reader (kept-open-files.ts) and the by-path reader of any tree (by-path-files.ts)
// answer the same questions, so the sampler and the steering writer never ask which one they have.
// openProcessFiles (open-process-files.ts) picks one for a proc root. Every read returns null when the
// process has gone (ENOENT/ESRCH): that is the normal fate of a pid between readdir and read.
import { readdirSync } from 'node:fs';
import type { CgroupMembership } from './cgroup.js';
import type { PidStat } from './stat.js';
import type { PidStatus } from './status.js';

/** A process that has exited (or whose pid now belongs to another process). */
export const GONE = 'gone';
export type Gone = typeof GONE;

export interface StatAndScore {
  stat: PidStat;
  score: number | null;
}

/** An open /proc/PID/oom_score_adj, ready for one write. */
export interface AdjWriteHandle {
  /** Writes the decimal value in one write(2). Throws the kernel's error (ESRCH, EACCES, EINVAL, …). */
  write(value: number): void;
  close(): void;
}

/** The kernel's per-process files. Injected so tests and benchmarks can swap it (test/helpers/fake-kernel.ts). */
export interface ProcessFiles {
  /** Thread-group ids in the proc root, ascending (threads are not listed, as in `ls /proc`). */
  listPids(): number[];
  /**
   * The pids a process created since the last listPids() (or the last call) can have, so that probing
   * them may replace a listing (exits show up as GONE); they may name threads or no task at all. Null
   * when a full listing is needed (always, for a reader that cannot know), or when there would be more
   * than `maxProbes`.
   */
  pidsCreatedSinceListing(maxProbes: number): number[] | null;
  stat(pid: number): PidStat | null;
  status(pid: number): PidStatus | null;
  oomScore(pid: number): number | null;
  oomScoreAdj(pid: number): number | null;
  cgroup(pid: number): CgroupMembership[] | null;
  cmdline(pid: number): string | null;
  /**
   * The oom_score of the process (pid, starttime), or GONE once that process has exited, even when its
   * pid already belongs to another. This is the one read every tracked process gets every tick.
   */
  scoreOf(pid: number, starttime: number): number | null | Gone;
  /** A pid not tracked yet: its stat and the oom_score of that same process; null when it has gone. */
  statAndScore(pid: number): StatAndScore | null;
  /** Owner uid of /proc/PID: who may open its files for writing (root if the process is not dumpable). */
  ownerUid(pid: number): number | null;
  /** Opens /proc/PID/oom_score_adj for writing. Throws the kernel's error (ENOENT, EACCES, EROFS, …). */
  openAdj(pid: number): AdjWriteHandle;
  /** The sampler has forgotten this pid: let go of anything held for it (kept-open descriptors). */
  release(pid: number): void;
  /** Let go of everything held (the sampler is done). */
  close(): void;
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
