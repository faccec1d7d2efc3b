// The one immutable value the UI and the --json/--once printers get per tick. Everything here is plain
// data: no Maps, no classes, so it can cross a worker boundary and be printed as JSON.

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
  /** The cgroup path as the kernel prints it, sanitised. */
  cgroup: string | null;
  /** Systemd unit, container id or last path component. */
  cgroupLabel: string;
  /** The v1 memory-controller or v2 path: the cgroup whose limit applies to this process. */
  memoryCgroup: string | null;
  kernelThread: boolean;
}

export interface MemoryState {
  totalKb: number;
  freeKb: number;
  availableKb: number;
  swapTotalKb: number;
  swapFreeKb: number;
}

export interface HostFacts {
  hostname: string;
  kernel: string;
  /** e.g. "Debian GNU/Linux 12"; null when unknown. */
  distro: string | null;
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
  /** Every process, ranked as the OOM killer would: oom_score desc, then RSS desc, then pid. */
  processes: readonly ProcessRow[];
}

/** Where snapshots come from: an in-process sampler, or (later) a worker. */
export interface SnapshotSource {
  next(): Promise<Snapshot>;
}
