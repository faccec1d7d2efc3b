// The sampler turns the kernel's files into one Snapshot per tick: mark → read → sweep.
//   mark:  every tracked process starts the tick unseen;
//   read:  each process is read (see process-scan.ts for which files, for whom, and when); a process
//          that vanished mid-scan is skipped;
//   sweep: processes not seen this tick are forgotten (and remembered for a while as departed).
// Tracked processes are keyed by pid + starttime, so a reused pid starts with a clean slate.
// sample() runs a tick in one go; sampleSliced() pauses every few milliseconds so that a terminal UI on
// the same thread stays responsive to keys while 10,000 processes are read.
import type { ProcessFiles } from '../../procfs/pid/process-files.js';
import type { Meminfo } from '../../procfs/meminfo.js';
import { counter, type Vmstat } from '../../procfs/vmstat.js';
import type { MemoryCgroupScan } from '../../cgroupfs/memory-cgroups.js';
import type { OvercommitMode } from '../../procfs/overcommit.js';
import type { Pressure } from '../../procfs/pressure.js';
import type { ZoneWatermarks } from '../../procfs/zoneinfo.js';
import type { OomPolicy } from '../../procfs/oom-policy.js';
import type { DetectedKiller, KillerSettings, UnitManagedOom } from '../../killers/index.js';
import { Forecaster } from '../forecast/forecaster.js';
import { CgroupTracker } from './cgroup-tracker.js';
import { DepartedProcesses } from './departed.js';
import { ProcessScan, type Tracked } from './process-scan.js';
import { PressureTracker } from './pressure-tracker.js';
import type { ScanPolicy } from './scan-policy.js';
import { sortProcesses } from '../ranking/kill-order.js';
import { detectScoreScale } from '../ranking/killable.js';
import type { ScoreScale } from '../snapshot.js';
import { NO_COUNTER, trackOomCounter, type OomCounterState } from '../incidents/oom-counter.js';
import type { CgroupsState, MemoryState, Snapshot } from '../snapshot.js';

export interface SystemFiles {
  meminfo(): Meminfo | null;
  vmstat(): Vmstat | null;
  uptimeSeconds(): number | null;
  zoneinfo(): ZoneWatermarks[] | null;
  pressure(): Pressure | null;
  overcommit(): OvercommitMode | null;
  /** Every memory cgroup; null when no memory cgroup hierarchy exists. */
  cgroups(): MemoryCgroupScan | null;
  /** The OOM sysctls (panic_on_oom, oom_kill_allocating_task, overcommit_memory). */
  oomPolicy(): OomPolicy;
  /** A userspace killer's settings: its exact argv and config files. */
  killerSettings(killer: DetectedKiller): KillerSettings;
  /** A systemd unit's ManagedOOM*= settings, for systemd-oomd's forecast; absent: none are read. */
  unitManagedOom?(unit: string): UnitManagedOom | null;
  /** A v2 cgroup's memory.stat pgscan, for systemd-oomd's pick; absent: none is read. */
  cgroupPgscan?(path: string): number | null;
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
  /** How often what is read (LIVE_SCAN, CAPTURED_TREE_SCAN, ONE_SHOT_SCAN in scan-policy.ts). */
  policy: Readonly<ScanPolicy>;
  /** How this kernel scales oom_score (from its release); absent or null: guessed from the rows each tick. */
  scoreScale?: ScoreScale | null;
  /** oomlens's own pid when sampling the live /proc (its row is marked); null or absent otherwise. */
  selfPid?: number | null;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Sampler {
  private readonly scan: ProcessScan;
  private readonly pressure: PressureTracker;
  private readonly cgroups = new CgroupTracker();
  private readonly departed = new DepartedProcesses();
  private seq = 0;
  private cgroupState: CgroupsState | null = null;
  private cgroupsReadInTick = -Infinity;
  private oomKillsAtCgroupRead: number | null = null;
  private cgroupWalkMs = 0;
  private oomKillCounter: OomCounterState = NO_COUNTER;
  private readonly forecaster: Forecaster;
  /** The last forecast saw a wall coming: the cgroups are walked every tick until it does not. */
  private approaching = false;

  constructor(private readonly deps: SamplerDeps) {
    this.scan = new ProcessScan({ files: deps.processes, userName: deps.userName, intervalMs: deps.intervalMs, policy: deps.policy, selfPid: deps.selfPid ?? null });
    this.pressure = new PressureTracker(deps.pageSize, deps.intervalMs);
    this.forecaster = new Forecaster({
      intervalMs: deps.intervalMs,
      readPolicy: () => deps.system.oomPolicy(),
      readKillerSettings: (killer) => deps.system.killerSettings(killer),
      readUnitManagedOom: deps.system.unitManagedOom?.bind(deps.system),
      readCgroupPgscan: deps.system.cgroupPgscan?.bind(deps.system),
    });
  }

  /** Reads the kernel once and returns the new snapshot. */
  sample(): Snapshot {
    const steps = this.tick();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** The same tick, in slices of about `sliceMs` with the event loop let in between. */
  async sampleSliced(sliceMs: number = this.deps.policy.sliceMs): Promise<Snapshot> {
    const steps = this.tick();
    let sliceStart = performance.now();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() - sliceStart >= sliceMs) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
  }

  /** The keys of the rows on screen: their details are read every tick. */
  focus(keys: Iterable<string>): void {
    this.scan.focus(keys);
  }

  /** Releases what the readers hold (kept-open descriptors). */
  close(): void {
    this.deps.processes.close();
  }

  /** How many processes are being tracked (for tests and leak checks). */
  get trackedCount(): number {
    return this.scan.tracked.size;
  }

  private *tick(): Generator<void, Snapshot> {
    const tick = ++this.seq;
    const atMs = this.deps.clock.monotonicMs();
    const rows = yield* this.scan.read(tick, atMs);
    const scoreScale = this.deps.scoreScale ?? detectScoreScale(rows);
    const ranked = this.scan.rank(sortProcesses(rows, 'score'), scoreScale, atMs);
    for (const gone of this.scan.sweep(tick)) this.depart(gone, atMs);
    yield;
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
    const oomKills = counter(vmstat, 'oom_kill');
    this.oomKillCounter = trackOomCounter(this.oomKillCounter, oomKills, atMs);
    // The cgroup walk is a slice of its own: at 10,000 processes one cgroup.procs read is 12 ms of kernel.
    yield;
    const cgroups = this.readCgroups(tick, atMs, oomKills);
    // And the forecast another: at 10,000 processes it is ~4 ms on top of a walk's 12-15.
    yield;
    const memory = toMemoryState(meminfo);
    const { forecast, policy, killers } = this.forecaster.update({
      atMs,
      processes: ranked,
      meminfo,
      memory,
      cgroups: cgroups?.list ?? null,
      cgroupsWalked: this.cgroupsReadInTick === tick,
      boxEtaSeconds: pressure.etaSeconds,
    });
    this.approaching = forecast.approaching;
    return {
      seq: tick,
      takenAtMs: this.deps.clock.wallMs(),
      monotonicMs: atMs,
      uptimeSeconds: system.uptimeSeconds(),
      memory,
      oomKills,
      oomKillCounter: this.oomKillCounter,
      pressure,
      cgroups,
      departed: this.departed.recent(atMs),
      oom: null,
      processes: ranked,
      scoreScale,
      forecast,
      policy,
      killers,
    };
  }

  /**
   * Every cgroupsEvery ticks, or less often when a walk costs more than cgroupMsPerTick per tick on
   * average (the walk reads every cgroup's cgroup.procs; the kernel builds and sorts each list), at most
   * cgroupSlowestEvery; at once when oom_kill moved; every tick while a wall approaches (a 20 MB/s leak
   * fills a 390 MB cgroup in 20 s: a walk every few ticks would see it die between two forecasts).
   */
  private readCgroups(tick: number, atMs: number, oomKills: number | null): CgroupsState | null {
    const { cgroupsEvery, cgroupMsPerTick, cgroupSlowestEvery } = this.deps.policy;
    const every = cgroupsEvery <= 1 ? 1 : Math.min(cgroupSlowestEvery, Math.max(cgroupsEvery, Math.ceil(this.cgroupWalkMs / cgroupMsPerTick)));
    const due =
      this.cgroupsReadInTick < 0 || tick - this.cgroupsReadInTick >= every || oomKills !== this.oomKillsAtCgroupRead || this.approaching;
    if (due) {
      // The sampler's clock, not performance.now(): a test can then say how long a walk took.
      const started = this.deps.clock.monotonicMs();
      const killsMoved = this.cgroupsReadInTick >= 0 && oomKills !== null && this.oomKillsAtCgroupRead !== null && oomKills > this.oomKillsAtCgroupRead;
      this.cgroupState = this.cgroups.update(this.deps.system.cgroups(), atMs, killsMoved);
      this.cgroupWalkMs = this.deps.clock.monotonicMs() - started;
      this.cgroupsReadInTick = tick;
      this.oomKillsAtCgroupRead = oomKills;
    }
    return this.cgroupState;
  }

  /**
   * A departed process is remembered as it was in the last sample in which it was alive and ranked (an OOM
   * victim's last tick may catch it dying, unranked and half reaped); with no such sample, as last seen.
   */
  private depart(gone: Tracked, atMs: number): void {
    const ranked = gone.lastRanked;
    const row = ranked?.row ?? gone.row;
    if (row === null) return;
    const points = gone.footprint?.toPoints() ?? [];
    this.departed.add({
      pid: gone.pid,
      starttime: gone.starttime,
      name: gone.name,
      cmdline: gone.cmdline,
      cgroup: gone.cgroup,
      lastRank: ranked?.rank ?? null,
      rankedOf: ranked?.rankedOf ?? gone.rankedOf,
      lastRssKb: row.rssKb,
      lastSwapKb: row.swapKb,
      footprint: ranked === null ? points : points.filter((point) => point.t <= ranked.atMs),
      growthKbPerMin: row.growthProvisional === true ? null : row.growthKbPerMin,
      goneAtMs: atMs,
    });
  }
}

function toMemoryState(meminfo: Meminfo | null): MemoryState | null {
  if (meminfo === null) return null;
  const { totalKb, freeKb, availableKb, swapTotalKb, swapFreeKb } = meminfo;
  return { totalKb, freeKb, availableKb, swapTotalKb, swapFreeKb };
}
