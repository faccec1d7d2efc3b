// An in-memory stand-in for /proc's oom_score_adj files, with the kernel's rules (fs/proc/base.c): EACCES
// at open for someone else's process, EACCES at write when an unprivileged writer lowers below the floor,
// ESRCH once the process is gone, propagation to every process that shares the memory.
import type { AdjWriteHandle, OomAdjFiles } from '../../src/procfs/pid/oom-score-adj-writer.js';
import type { PidStat } from '../../src/procfs/pid/stat.js';

export interface FakeProcess {
  pid: number;
  starttime: number;
  comm: string;
  adj: number;
  /** The floor an unprivileged writer may not go below (oom_score_adj_min). */
  adjMin: number;
  owner: number;
  /** Processes with the same mm id share oom_score_adj. */
  mm: number;
  state?: string;
}

export function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: fake`), { code });
}

export class FakeKernel implements OomAdjFiles {
  readonly procs = new Map<number, FakeProcess>();
  readonly writes: { pid: number; value: number }[] = [];
  /** Errors to throw at open / write, by pid. */
  readonly failOpen = new Map<number, string>();
  readonly failWrite = new Map<number, string>();
  /** Runs right after a successful open: lets a test replace or kill the process mid-flight. */
  afterOpen: ((pid: number) => void) | null = null;

  constructor(readonly callerUid = 0) {}

  add(process: Partial<FakeProcess> & { pid: number; comm: string }): FakeProcess {
    const full: FakeProcess = { starttime: process.pid * 100, adj: 0, adjMin: 0, owner: 0, mm: process.pid, ...process };
    this.procs.set(full.pid, full);
    return full;
  }

  listPids(): number[] {
    return [...this.procs.keys()].sort((a, b) => a - b);
  }

  stat(pid: number): PidStat | null {
    const p = this.procs.get(pid);
    if (!p) return null;
    return { pid, comm: p.comm, state: p.state ?? 'S', ppid: 1, flags: 0, starttime: p.starttime, kernelThread: false };
  }

  oomScoreAdj(pid: number): number | null {
    return this.procs.get(pid)?.adj ?? null;
  }

  oomScore(pid: number): number | null {
    const p = this.procs.get(pid);
    return p ? (p.adj === -1000 ? 0 : Math.floor((2 * (1000 + p.adj)) / 3)) : null;
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
