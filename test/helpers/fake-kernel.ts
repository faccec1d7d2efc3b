// One in-memory kernel for the model's tests, behind the same ProcessFiles the real /proc readers give:
// the files the sampler reads each tick and the oom_score_adj writes of the steering keys. It keeps the
// kernel's rules (fs/proc/base.c): a read bound to a process (scoreOf) is GONE once that process has
// exited, even when its pid names another; EACCES at open for someone else's process, and at write when
// an unprivileged writer lowers below the floor; ESRCH once the process is gone; a write reaches every
// process that shares the memory. It counts what is read, so tests can say what a tick costs.
import { GONE, type AdjWriteHandle, type Gone, type ProcessFiles, type StatAndScore } from '../../src/procfs/pid/process-files.js';
import type { CgroupMembership } from '../../src/procfs/pid/cgroup.js';
import type { PidStat } from '../../src/procfs/pid/stat.js';
import type { PidStatus } from '../../src/procfs/pid/status.js';

export interface FakeProcess {
  pid: number;
  starttime: number;
  comm: string;
  /** oom_score; absent: what oom_score_adj gives an idle process (see oomScore). */
  score?: number;
  adj: number;
  /** The floor an unprivileged writer may not go below (oom_score_adj_min). */
  adjMin: number;
  /** Owner of /proc/PID, and the process's uid. */
  owner: number;
  /** Processes with the same mm id share oom_score_adj. */
  mm: number;
  state: string;
  rssKb: number;
  kernelThread: boolean;
}

export function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: fake`), { code });
}

export class FakeKernel implements ProcessFiles {
  readonly procs = new Map<number, FakeProcess>();
  /** Reads so far: listings, stat, status per pid, oom_score_adj, scoreOf. */
  readonly reads = { list: 0, stat: 0, status: new Map<number, number>(), adj: 0, score: 0 };
  /** Pids released by the reader's user, in order. */
  readonly released: number[] = [];
  /**
   * Like the kernel's last-pid counter: true once a pid was created since the last listing (then
   * pidsCreatedSinceListing asks for a listing), false when no new pid is possible (nothing to probe).
   */
  newPids = true;
  readonly writes: { pid: number; value: number }[] = [];
  /** Errors to throw at open / write of oom_score_adj, by pid. */
  readonly failOpen = new Map<number, string>();
  readonly failWrite = new Map<number, string>();
  /** Runs right after a successful open: lets a test replace or kill the process mid-flight. */
  afterOpen: ((pid: number) => void) | null = null;

  /** `callerUid`: who opens oom_score_adj for writing (0: root, who may open anyone's). */
  constructor(readonly callerUid = 0) {}

  add(process: Partial<FakeProcess> & { pid: number; comm: string }): FakeProcess {
    const full: FakeProcess = {
      starttime: process.pid * 100, adj: 0, adjMin: 0, owner: 0, mm: process.pid, state: 'S', rssKb: 0, kernelThread: false,
      ...process,
    };
    this.procs.set(full.pid, full);
    this.newPids = true;
    return full;
  }

  /** Adds `count` processes with pids from `first`: score 666, distinct starttimes and RSS. */
  populate(first: number, count: number): void {
    for (let pid = first; pid < first + count; pid++) this.add({ pid, comm: `p${pid}`, starttime: 100 + pid, score: 666, rssKb: 1000 + pid });
  }

  listPids(): number[] {
    this.reads.list++;
    this.newPids = false;
    return [...this.procs.keys()].sort((a, b) => a - b);
  }

  pidsCreatedSinceListing(): number[] | null {
    return this.newPids ? null : [];
  }

  stat(pid: number): PidStat | null {
    this.reads.stat++;
    const p = this.procs.get(pid);
    if (!p) return null;
    return { pid, comm: p.comm, state: p.state, ppid: 1, flags: 0, starttime: p.starttime, kernelThread: p.kernelThread };
  }

  status(pid: number): PidStatus | null {
    const p = this.procs.get(pid);
    if (!p) return null;
    this.reads.status.set(pid, (this.reads.status.get(pid) ?? 0) + 1);
    const rss = p.kernelThread ? null : p.rssKb;
    return { name: p.comm, tgid: pid, uid: p.owner, vmRssKb: rss, rssAnonKb: rss, rssFileKb: 0, rssShmemKb: 0, vmSwapKb: 0, vmPteKb: 4 };
  }

  /** A process with no memory to speak of, since 5.9: (1000 + adj)·2/3, 0 at -1000 (proc_oom_score, fs/proc/base.c). */
  oomScore(pid: number): number | null {
    const p = this.procs.get(pid);
    if (!p) return null;
    return p.score ?? (p.adj === -1000 ? 0 : Math.floor((2 * (1000 + p.adj)) / 3));
  }

  oomScoreAdj(pid: number): number | null {
    this.reads.adj++;
    return this.procs.get(pid)?.adj ?? null;
  }

  cgroup(pid: number): CgroupMembership[] | null {
    return this.procs.has(pid) ? [{ hierarchyId: 0, controllers: [], path: '/' }] : null;
  }

  cmdline(pid: number): string | null {
    return this.procs.has(pid) ? `cmd ${pid}` : null;
  }

  /** Bound like a kept-open descriptor: a read for another starttime is GONE. */
  scoreOf(pid: number, starttime: number): number | null | Gone {
    this.reads.score++;
    const p = this.procs.get(pid);
    return p === undefined || p.starttime !== starttime ? GONE : this.oomScore(pid);
  }

  statAndScore(pid: number): StatAndScore | null {
    const stat = this.stat(pid);
    if (stat === null) return null;
    const score = this.scoreOf(pid, stat.starttime);
    return score === GONE ? null : { stat, score };
  }

  ownerUid(pid: number): number | null {
    return this.procs.get(pid)?.owner ?? null;
  }

  openAdj(pid: number): AdjWriteHandle {
    const opened = this.procs.get(pid);
    if (!opened) throw errno('ENOENT');
    const openError = this.failOpen.get(pid);
    if (openError) throw errno(openError);
    if (this.callerUid !== 0 && opened.owner !== this.callerUid) throw errno('EACCES');
    this.afterOpen?.(pid);
    return {
      // Bound to the process that was opened, as a real /proc descriptor is.
      write: (value) => this.write(opened, value),
      close: () => {},
    };
  }

  release(pid: number): void {
    this.released.push(pid);
  }

  close(): void {}

  private write(opened: FakeProcess, value: number): void {
    if (this.procs.get(opened.pid) !== opened) throw errno('ESRCH');
    const writeError = this.failWrite.get(opened.pid);
    if (writeError) throw errno(writeError);
    if (value < -1000 || value > 1000) throw errno('EINVAL');
    if (this.callerUid !== 0 && value < opened.adjMin) throw errno('EACCES');
    this.writes.push({ pid: opened.pid, value });
    for (const p of this.procs.values()) {
      if (p.mm !== opened.mm) continue;
      p.adj = value;
      if (this.callerUid === 0) p.adjMin = value;
    }
  }
}
