// The shapes shared by the userspace killers module: what it takes from the sampler (processes, box
// memory, slopes, cgroups) and what it hands back (killers found, forecasts, attributed kills). Plain data
// only, so the lead can put them on the snapshot and print them as JSON. Absent is null, never 0.

export type KillerName = 'earlyoom' | 'systemd-oomd' | 'nohang' | 'kubelet';

/** One process as the sampler already has it (comm and a space-joined cmdline, both sanitised). */
export interface ProcessIdentity {
  pid: number;
  /** comm (/proc/PID/comm or status Name:), at most 15 bytes. */
  name: string;
  /** /proc/PID/cmdline with NULs as spaces; empty for kernel threads and zombies. */
  cmdline: string;
}

/** A process as the forecasts need it to pick a victim the way each killer would. */
export interface CandidateProcess extends ProcessIdentity {
  oomScore: number | null;
  oomScoreAdj: number | null;
  rssKb: number | null;
  kernelThread: boolean;
  /** Real uid; earlyoom --ignore-root-user skips uid 0. Null when unknown. */
  uid?: number | null;
  /** The cgroup v2 path (or v1 memory path) as the kernel prints it, e.g. /system.slice/foo.service. */
  cgroup?: string | null;
}

/** /proc/meminfo figures, KiB. */
export interface BoxMemory {
  totalKb: number;
  availableKb: number;
  swapTotalKb: number;
  swapFreeKb: number;
  /** AnonPages: earlyoom ≥ 1.8 measures MemAvailable against MemAvailable + AnonPages. Null if unknown. */
  anonPagesKb?: number | null;
}

/** How fast memory is going, KiB per second (negative: shrinking). Null: no trend yet. */
export interface MemorySlopes {
  availableKbPerSec: number | null;
  swapFreeKbPerSec: number | null;
}

export type KillSignal = 'SIGTERM' | 'SIGKILL';

export interface Victim {
  pid: number;
  name: string;
}

/** When a killer would act, and on whom. */
export interface KillerForecast {
  killer: KillerName;
  /** The rule that would fire, in words, e.g. "mem avail ≤ 10.00% and swap free ≤ 10.00%". */
  thresholdText: string;
  /** 0: the condition holds now. Null: not heading there at the current slope, or no slope yet. */
  etaSeconds: number | null;
  /** The signal of its first action (systemd-oomd and the kubelet's hard eviction: SIGKILL). */
  signal: KillSignal;
  /** Processes it would signal, most likely first; empty when it would find none. */
  victims: Victim[];
  /** The cgroup it would kill as a whole (systemd-oomd), or the pod's cgroup (kubelet); else null. */
  cgroup: string | null;
  /** 'dry-run': the killer is configured to log instead of killing. */
  outcome: 'kill' | 'dry-run';
  /** What this forecast had to assume (an approximation, a source that was absent). */
  caveats: string[];
}

/** A kill found in a log line (a journal or syslog line's message part). */
export interface KillerKill {
  killer: KillerName;
  pid: number | null;
  name: string | null;
  cgroup: string | null;
  signal: KillSignal | null;
  /** The threshold that fired, in words. */
  reason: string;
}

/** A kill read from a killer's log as it was written (oomlens following the journal or a file). */
export interface LoggedKill extends KillerKill {
  /** Wall-clock ms: the journal's own stamp, or when oomlens read the line (then approximate). */
  wallMs: number;
  wallTimeApproximate: boolean;
}

/** A killer found running, as it goes on the snapshot and into --json `killers`. */
export interface RunningKiller {
  name: KillerName;
  pid: number;
  /** Its settings as a plain JSON object; null when they could not be read. */
  thresholds: Record<string, unknown> | null;
}
