// The one immutable value the UI and the --json/--once printers get per tick. Everything here is plain
// data: no Maps, no classes, so it can cross a worker boundary and be printed as JSON.
import type { RunningKiller } from '../killers/index.js';
import type { OomPolicy } from '../procfs/oom-policy.js';
import type { Forecast } from './forecast/types.js';
import type { OvercommitMode } from '../procfs/overcommit.js';
import type { Pressure } from '../procfs/pressure.js';
import type { MemoryCgroup } from '../cgroupfs/memory-cgroup.js';
import type { CgroupOomTick } from './incidents/cgroup-oom-ticks.js';
import type { OomCounterState } from './incidents/oom-counter.js';
import type { OomSession } from './incidents/types.js';
import type { StallPercent, SwapRates } from './sampling/rates.js';
import type { ReplayView } from './recording/timeline.js';


/** How /proc/PID/oom_score is scaled: 5.9+ centres an idle adj-0 process on ~666; before, on ~0. */
export type ScoreScale = '5.9+' | 'pre-5.9';

export interface ProcessRow {
  /** pid + starttime: stable across ticks, never inherited by a reused pid. */
  key: string;
  pid: number;
  starttime: number;
  /** comm, sanitised. */
  name: string;
  /** cmdline with NULs as spaces, sanitised; empty for kernel threads and zombies. */
  cmdline: string;
  uid: number | null;
  user: string;
  oomScore: number | null;
  oomScoreAdj: number | null;
  rssKb: number | null;
  rssAnonKb: number | null;
  rssFileKb: number | null;
  rssShmemKb: number | null;
  swapKb: number | null;
  /** VmPTE: page tables count toward oom_badness. */
  pgtablesKb: number | null;
  /** The cgroup path as the kernel prints it, sanitised. */
  cgroup: string | null;
  /** Systemd unit, container id or last path component. */
  cgroupLabel: string;
  /** The v1 memory-controller or v2 path: the cgroup whose limit applies to this process. */
  memoryCgroup: string | null;
  kernelThread: boolean;
  /** RSS + swap growth over the trend window, KiB per minute; null until there are enough samples. */
  growthKbPerMin: number | null;
  /**
   * growthKbPerMin is an early slope (from two samples on, before 5 samples over 10 s): shown marked, never
   * used for a claim (a culprit, the fastest grower). Absent: false.
   */
  growthProvisional?: boolean;
  /** 1-based place in the kill order among the processes the global OOM killer may pick; null: not one. */
  killRank: number | null;
  /**
   * Monotonic ms at which uid, the memory figures, ADJ and GROW/m were read. oom_score is read every
   * tick; these are read every tick for the rows on screen and in a rotating slice for the rest, so
   * off screen they may be a few ticks old. Absent: read this tick.
   */
  detailAtMs?: number;
  /**
   * A skeleton row (thousands of processes met at once, at start-up): its name and score are read,
   * the rest (null here) within a few ticks.
   */
  partial?: boolean;
  /** oomlens's own process (sampling the live /proc): the kill list marks it. */
  self?: boolean;
}

export interface MemoryState {
  totalKb: number;
  freeKb: number;
  availableKb: number;
  swapTotalKb: number;
  swapFreeKb: number;
}

export interface ZoneView {
  node: number;
  zone: string;
  freePages: number;
  minPages: number;
  lowPages: number;
  highPages: number;
  freeKb: number;
  minKb: number;
  lowKb: number;
  highKb: number;
  managedKb: number;
}

export interface MemoryPressure {
  swapRates: SwapRates;
  /** Swap-in / swap-out pages per second, the last 60 ticks, oldest first (null: no rate yet). */
  swapInHistory: (number | null)[];
  swapOutHistory: (number | null)[];
  /** Populated zones (managed > 0) of every node; null when /proc/zoneinfo is absent. */
  zones: ZoneView[] | null;
  /** /proc/pressure/memory; null when the kernel has no PSI. */
  psi: Pressure | null;
  /** Stall share over the last tick, from the PSI total= delta. */
  stallPercent: StallPercent;
  commit: { committedKb: number | null; limitKb: number | null; overcommitMemory: OvercommitMode | null } | null;
  /** Seconds until MemAvailable + SwapFree reach zero at the current slope; null unless a good fit says so. */
  etaSeconds: number | null;
}

export interface CgroupsState {
  /** Every memory cgroup of every hierarchy (v1 and v2 together on hybrid hosts). */
  list: MemoryCgroup[];
  /** The walk stopped at its limit (thousands of cgroups): the list is partial. */
  truncated: boolean;
  /** Cgroups whose oom_kill counter rose recently, newest first. */
  recentOomKills: CgroupOomTick[];
}

/** A process that left the list recently, with what oomlens saw of it before: an OOM victim's last minutes. */
export interface DepartedProcess {
  pid: number;
  starttime: number;
  name: string;
  /** Its command line ('' for kernel threads; absent where not read). */
  cmdline?: string;
  cgroup: string | null;
  /** 1-based position among killable processes in its last sample (null: never killable). */
  lastRank: number | null;
  /** How many killable processes were ranked then. */
  rankedOf: number;
  lastRssKb: number | null;
  lastSwapKb: number | null;
  /** RSS + swap samples over the trend window, oldest first (monotonic ms, KiB). */
  footprint: { t: number; value: number }[];
  growthKbPerMin: number | null;
  /** Monotonic ms of the first sample without it. */
  goneAtMs: number;
}

export interface HostFacts {
  hostname: string;
  kernel: string;
  /** e.g. "Debian GNU/Linux 12"; null when unknown. */
  distro: string | null;
  /** Why this user sees only part of the process table (hidepid), or null. */
  limitedView?: string | null;
}

export interface Snapshot {
  /** Increases by one per sample. */
  seq: number;
  /** Wall clock, ms since the epoch: for display and JSON only. */
  takenAtMs: number;
  /** Monotonic clock, ms: for every rate and trend. */
  monotonicMs: number;
  uptimeSeconds: number | null;
  memory: MemoryState | null;
  /** /proc/vmstat oom_kill; null on kernels before 4.13. */
  oomKills: number | null;
  /**
   * The same counter followed by the sampler since its first sample: the baseline, and when and by how
   * much it last rose. The one place that keeps it: the header, --once and the incident tracker read it here.
   */
  oomKillCounter: OomCounterState;
  pressure: MemoryPressure;
  /** Memory cgroups; null when no memory cgroup hierarchy is mounted (or captured). */
  cgroups: CgroupsState | null;
  /** OOM kills and reports seen this session (live TUI only; null where no kernel log is followed). */
  oom: OomSession | null;
  /** Processes that disappeared in the last few minutes, newest first. */
  departed: DepartedProcess[];
  /** Every process, ranked as the OOM killer would: oom_score desc, then RSS desc, then pid. */
  processes: readonly ProcessRow[];
  /** How this kernel scales oom_score: what a score of 0 says about being killable (ranking/killable.ts). */
  scoreScale: ScoreScale;
  /** Who dies next and when: per scope (the box, every limited cgroup) and per killer (forecast/). */
  forecast: Forecast;
  /** The OOM sysctls, re-read every few seconds; a null field is a file this kernel or tree lacks. */
  policy: OomPolicy;
  /** Userspace killers found running, with their thresholds. */
  killers: RunningKiller[];
  /** `oomlens replay` only: where in the recording this sample is (absent when live). */
  replay?: ReplayView;
}

/** What the screen shows: the newest published snapshot (null before the first), and why the last tick failed. */
export interface Published {
  snapshot: Snapshot | null;
  error: string | null;
}

/**
 * Snapshots as the UI receives them, collected outside React (runtime/snapshot-store.ts). The methods are
 * plain functions, so they can be handed to React's useSyncExternalStore as they are.
 */
export interface SnapshotFeed {
  /** `listener` is called after each publication; the returned function unsubscribes it. */
  subscribe: (listener: () => void) => () => void;
  /** The same object until the next publication. */
  current: () => Published;
  /**
   * Paused, ticks go on sampling and publish the snapshot held at the pause with the newest OOM news
   * (incidents/news.ts): the list holds still, a kill still shows. Resuming publishes the newest at once.
   */
  setPaused: (paused: boolean) => void;
  /** Passed on to the source (SnapshotSource.focus). */
  focus: (keys: readonly string[]) => void;
}

/** Where snapshots come from: an in-process sampler, or (later) a worker. */
export interface SnapshotSource {
  next(): Promise<Snapshot>;
  /** The keys of the rows on screen now: the source keeps their details fresh every tick. */
  focus?(keys: readonly string[]): void;
}
