// How often the sampler reads what: every knob that trades freshness against CPU per tick, in one object,
// with one preset per way oomlens samples. The measurements behind the live figures are in
// docs/performance.md ("Read only what a tick needs").

export interface ScanPolicy {
  /** Status and oom_score_adj of a process off screen are re-read at least every this many ticks (1: every tick). */
  detailEvery: number;
  /** The pid listing is taken at least every this many ticks; between, the pids that can be new are probed. */
  listEvery: number;
  /**
   * Memory cgroups are walked every this many ticks (1: every tick), and at once whenever /proc/vmstat's
   * oom_kill moves (a cgroup OOM kill counts there too), so a cgroup's kill is never noticed late.
   */
  cgroupsEvery: number;
  /** Past 1, the cgroup walk may cost this much (ms) per tick on average before it is done less often, ... */
  cgroupMsPerTick: number;
  /** ... but at least every this many ticks. */
  cgroupSlowestEvery: number;
  /** How long sampleSliced() works (ms) before it lets the event loop run. */
  sliceMs: number;
  /** Processes read between two pauses of the scan. */
  scanChunk: number;
  /** Rows at the top of the ranking whose details are read every tick whatever is on screen. */
  alwaysFreshTop: number;
  /** Until the UI says what is on screen, the first screenfuls of the default order are kept fresh. */
  defaultFocusTop: number;
  /** More new processes than this in one tick are read as skeleton rows first (stat and oom_score only). */
  skeletonsAfter: number;
  /** Skeleton rows completed per tick besides the ones on screen. */
  skeletonsCompletedPerTick: number;
  /** An on-screen process's cgroup is read again at least this often (ms): a cgroup move shows then. */
  identityRefreshMs: number;
  /** The same for a process off screen. */
  identityRefreshOffScreenMs: number;
  /** The string table drops the strings of processes gone this many ticks. */
  stringTableRebuildTicks: number;
}

/**
 * The live procfs, refreshed every interval. At 10,000 processes, reading every process's status every
 * tick would cost more than the rest of the tick together, so an unfocused process's details are read in
 * a rotating slice (pid mod detailEvery); its oom_score, every tick. The cgroup walk reads every cgroup's
 * cgroup.procs (the root's lists every process on the box): every other tick. Re-reading every process's
 * cgroup every 10 s cost 1,000 extra file reads per tick (about a fifth of it): off screen, every minute.
 * Thousands of new processes at once (start-up) are ranked from 2 files each instead of 6, and completed
 * 2,000 a tick.
 */
export const LIVE_SCAN: Readonly<ScanPolicy> = {
  detailEvery: 10,
  listEvery: 10,
  cgroupsEvery: 2,
  cgroupMsPerTick: 3,
  cgroupSlowestEvery: 10,
  sliceMs: 5,
  scanChunk: 128,
  alwaysFreshTop: 16,
  defaultFocusTop: 64,
  skeletonsAfter: 512,
  skeletonsCompletedPerTick: 2000,
  identityRefreshMs: 10_000,
  identityRefreshOffScreenMs: 60_000,
  stringTableRebuildTicks: 300,
};

/**
 * A captured tree (--root, a fixture): read whole every tick, as it is (its files may change under tests),
 * with no slice and no skeleton rows.
 */
export const CAPTURED_TREE_SCAN: Readonly<ScanPolicy> = {
  ...LIVE_SCAN,
  detailEvery: 1,
  listEvery: 1,
  cgroupsEvery: 1,
  skeletonsAfter: Infinity,
  identityRefreshOffScreenMs: LIVE_SCAN.identityRefreshMs,
};

/**
 * --once and --json: two samples make the whole output, so each reads every process's details and walks
 * the cgroups; on the live procfs the second sample probes the pids that can be new, as the TUI does.
 */
export const ONE_SHOT_SCAN: Readonly<ScanPolicy> = {
  ...CAPTURED_TREE_SCAN,
  listEvery: LIVE_SCAN.listEvery,
};
