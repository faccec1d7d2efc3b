// The sampler turns the kernel's files into one Snapshot per tick: mark → read → sweep.
//   mark:  every tracked process starts the tick unseen;
//   read:  each pid in /proc is read; a pid that vanished mid-scan (null from a reader) is skipped;
//   sweep: processes not seen this tick are forgotten.
// Tracked processes are keyed by pid + starttime, so a reused pid starts with a clean slate. What does
// not change over a process's life (comm at first sight, cmdline, cgroup) is read once per key.
import { cgroupLabel, memoryV1Path, primaryCgroupPath, unifiedPath } from '../procfs/pid-cgroup.js';
import type { ProcessFiles } from '../procfs/process-files.js';
import type { Meminfo } from '../procfs/meminfo.js';
import { counter, type Vmstat } from '../procfs/vmstat.js';
import { sanitize } from '../text/sanitize.js';
import { sortProcesses } from './ranking.js';
import type { MemoryState, ProcessRow, Snapshot } from './snapshot.js';

export interface SystemFiles {
  meminfo(): Meminfo | null;
  vmstat(): Vmstat | null;
  uptimeSeconds(): number | null;
}

export interface Clock {
  /** For rates and trends: never goes backwards. */
  monotonicMs(): number;
  /** For display: the time of day. */
  wallMs(): number;
}

export const SYSTEM_CLOCK: Clock = {
  monotonicMs: () => performance.now(),
  wallMs: () => Date.now(),
};

export interface SamplerDeps {
  processes: ProcessFiles;
  system: SystemFiles;
  userName(uid: number): string;
  clock: Clock;
}

/** What stays fixed for one process (one key) and so is read only when it is first seen. */
interface Identity {
  key: string;
  pid: number;
  starttime: number;
  name: string;
  cmdline: string;
  cgroup: string | null;
  cgroupLabel: string;
  memoryCgroup: string | null;
  kernelThread: boolean;
  seenInTick: number;
}

export class Sampler {
  private readonly identities = new Map<string, Identity>();
  private seq = 0;

  constructor(private readonly deps: SamplerDeps) {}

  /** Reads the kernel once and returns the new snapshot. */
  sample(): Snapshot {
    const tick = ++this.seq;
    const rows: ProcessRow[] = [];
    for (const pid of this.deps.processes.listPids()) {
      const row = this.readProcess(pid, tick);
      if (row !== null) rows.push(row);
    }
    this.sweep(tick);
    const vmstat = this.deps.system.vmstat();
    return {
      seq: tick,
      takenAtMs: this.deps.clock.wallMs(),
      monotonicMs: this.deps.clock.monotonicMs(),
      uptimeSeconds: this.deps.system.uptimeSeconds(),
      memory: toMemoryState(this.deps.system.meminfo()),
      oomKills: counter(vmstat, 'oom_kill'),
      processes: sortProcesses(rows, 'score'),
    };
  }

  /** How many processes are being tracked (for tests and leak checks). */
  get trackedCount(): number {
    return this.identities.size;
  }

  private readProcess(pid: number, tick: number): ProcessRow | null {
    const files = this.deps.processes;
    const stat = files.stat(pid);
    if (stat === null) return null;
    const identity = this.identify(pid, stat.starttime, stat.comm, stat.kernelThread);
    if (identity === null) return null;
    const status = files.status(pid);
    if (status === null) return null;
    identity.seenInTick = tick;
    const uid = status.uid;
    return {
      key: identity.key,
      pid,
      starttime: identity.starttime,
      name: identity.name,
      cmdline: identity.cmdline,
      uid,
      user: uid === null ? '?' : this.deps.userName(uid),
      oomScore: files.oomScore(pid),
      oomScoreAdj: files.oomScoreAdj(pid),
      rssKb: status.vmRssKb,
      rssAnonKb: status.rssAnonKb,
      rssFileKb: status.rssFileKb,
      rssShmemKb: status.rssShmemKb,
      swapKb: status.vmSwapKb,
      cgroup: identity.cgroup,
      cgroupLabel: identity.cgroupLabel,
      memoryCgroup: identity.memoryCgroup,
      kernelThread: identity.kernelThread,
    };
  }

  private identify(pid: number, starttime: number, comm: string, kernelThread: boolean): Identity | null {
    const key = `${pid}:${starttime}`;
    const known = this.identities.get(key);
    if (known) return known;
    const memberships = this.deps.processes.cgroup(pid);
    const cmdline = this.deps.processes.cmdline(pid);
    if (memberships === null || cmdline === null) return null;
    const path = primaryCgroupPath(memberships);
    const memory = memoryV1Path(memberships) ?? unifiedPath(memberships);
    const identity: Identity = {
      key,
      pid,
      starttime,
      name: sanitize(comm),
      cmdline,
      cgroup: path === null ? null : sanitize(path),
      cgroupLabel: path === null ? '-' : sanitize(cgroupLabel(path)),
      memoryCgroup: memory === null ? null : sanitize(memory),
      kernelThread,
      seenInTick: 0,
    };
    this.identities.set(key, identity);
    return identity;
  }

  private sweep(tick: number): void {
    for (const [key, identity] of this.identities) {
      if (identity.seenInTick !== tick) this.identities.delete(key);
    }
  }
}

function toMemoryState(meminfo: Meminfo | null): MemoryState | null {
  if (meminfo === null) return null;
  const { totalKb, freeKb, availableKb, swapTotalKb, swapFreeKb } = meminfo;
  return { totalKb, freeKb, availableKb, swapTotalKb, swapFreeKb };
}
