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
import type { MemoryCgroupScan } from '../procfs/memory-cgroups.js';
import type { OvercommitMode } from '../procfs/overcommit.js';
import type { Pressure } from '../procfs/pressure.js';
import type { ZoneWatermarks } from '../procfs/zoneinfo.js';
import { CgroupTracker } from './cgroup-tracker.js';
import { DepartedProcesses } from './departed.js';
import { SeriesByKey, trendCapacity } from './history.js';
import { PressureTracker } from './pressure-tracker.js';
import { sortProcesses } from './ranking.js';
import { growthKbPerMin, TREND_WINDOW_MS } from './trend.js';
import type { MemoryState, ProcessRow, Snapshot } from './snapshot.js';

export interface SystemFiles {
  meminfo(): Meminfo | null;
  vmstat(): Vmstat | null;
  uptimeSeconds(): number | null;
  zoneinfo(): ZoneWatermarks[] | null;
  pressure(): Pressure | null;
  overcommit(): OvercommitMode | null;
  /** Every memory cgroup; null when no memory cgroup hierarchy exists. */
  cgroups(): MemoryCgroupScan | null;
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
  /** Bytes per page, for swap rates and zone sizes. */
  pageSize: number;
  /** The tick interval, to size the trend windows. */
  intervalMs: number;
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
  /** Its row and rank in the latest tick: what is remembered when it departs. */
  lastRow: ProcessRow | null;
  lastRank: number | null;
}

export class Sampler {
  private readonly identities = new Map<string, Identity>();
  /** RSS + swap per process over the trend window, for GROW/m. */
  private readonly footprints: SeriesByKey;
  private readonly pressure: PressureTracker;
  private readonly cgroups = new CgroupTracker();
  private readonly departed = new DepartedProcesses();
  private rankedCount = 0;
  private seq = 0;

  constructor(private readonly deps: SamplerDeps) {
    this.footprints = new SeriesByKey(trendCapacity(deps.intervalMs, TREND_WINDOW_MS));
    this.pressure = new PressureTracker(deps.pageSize, deps.intervalMs);
  }

  /** Reads the kernel once and returns the new snapshot. */
  sample(): Snapshot {
    const tick = ++this.seq;
    const atMs = this.deps.clock.monotonicMs();
    const rows: ProcessRow[] = [];
    for (const pid of this.deps.processes.listPids()) {
      const row = this.readProcess(pid, tick, atMs);
      if (row !== null) rows.push(row);
    }
    const ranked = sortProcesses(rows, 'score');
    this.rememberRanks(ranked);
    this.sweep(tick, atMs);
    const system = this.deps.system;
    const vmstat = system.vmstat();
    const meminfo = system.meminfo();
    const pressure = this.pressure.update({
      atMs,
      meminfo,
      vmstat,
      zoneinfo: system.zoneinfo(),
      psi: system.pressure(),
      overcommit: system.overcommit(),
    });
    return {
      seq: tick,
      takenAtMs: this.deps.clock.wallMs(),
      monotonicMs: atMs,
      uptimeSeconds: system.uptimeSeconds(),
      memory: toMemoryState(meminfo),
      oomKills: counter(vmstat, 'oom_kill'),
      pressure,
      cgroups: this.cgroups.update(system.cgroups(), atMs),
      departed: this.departed.recent(atMs),
      oom: null,
      processes: ranked,
    };
  }

  /** How many processes are being tracked (for tests and leak checks). */
  get trackedCount(): number {
    return this.identities.size;
  }

  private readProcess(pid: number, tick: number, atMs: number): ProcessRow | null {
    const files = this.deps.processes;
    const stat = files.stat(pid);
    if (stat === null) return null;
    const identity = this.identify(pid, stat.starttime, stat.comm, stat.kernelThread);
    if (identity === null) return null;
    const status = files.status(pid);
    if (status === null) return null;
    identity.seenInTick = tick;
    const uid = status.uid;
    const growth = this.recordFootprint(identity.key, atMs, status.vmRssKb, status.vmSwapKb);
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
      pgtablesKb: status.vmPteKb,
      cgroup: identity.cgroup,
      cgroupLabel: identity.cgroupLabel,
      memoryCgroup: identity.memoryCgroup,
      kernelThread: identity.kernelThread,
      growthKbPerMin: growth,
    };
  }

  /** Adds this tick's RSS + swap to the process's series; returns its growth (null for kernel threads). */
  private recordFootprint(key: string, atMs: number, rssKb: number | null, swapKb: number | null): number | null {
    if (rssKb === null) return null;
    this.footprints.record(key, atMs, rssKb + (swapKb ?? 0));
    return growthKbPerMin(this.footprints.points(key));
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
      lastRow: null,
      lastRank: null,
    };
    this.identities.set(key, identity);
    return identity;
  }

  /** Kill-order rank (1-based, killable processes only) of every process this tick. */
  private rememberRanks(ranked: readonly ProcessRow[]): void {
    let rank = 0;
    this.rankedCount = 0;
    for (const row of ranked) {
      const identity = this.identities.get(row.key);
      if (identity === undefined) continue;
      const killable = !row.kernelThread && row.oomScoreAdj !== -1000 && (row.oomScore ?? 0) > 0;
      identity.lastRow = row;
      identity.lastRank = killable ? ++rank : null;
    }
    this.rankedCount = rank;
  }

  private sweep(tick: number, atMs: number): void {
    for (const [key, identity] of this.identities) {
      if (identity.seenInTick === tick) continue;
      if (identity.lastRow !== null) {
        this.departed.add({
          pid: identity.pid,
          starttime: identity.starttime,
          name: identity.name,
          cgroup: identity.cgroup,
          lastRank: identity.lastRank,
          rankedOf: this.rankedCount,
          lastRssKb: identity.lastRow.rssKb,
          lastSwapKb: identity.lastRow.swapKb,
          footprint: this.footprints.points(key),
          growthKbPerMin: identity.lastRow.growthKbPerMin,
          goneAtMs: atMs,
        });
      }
      this.identities.delete(key);
    }
    this.footprints.retainOnly(new Set(this.identities.keys()));
  }
}

function toMemoryState(meminfo: Meminfo | null): MemoryState | null {
  if (meminfo === null) return null;
  const { totalKb, freeKb, availableKb, swapTotalKb, swapFreeKb } = meminfo;
  return { totalKb, freeKb, availableKb, swapTotalKb, swapFreeKb };
}
