// Who dies next, per scope and killer: the box (the kernel's global OOM killer), every memory cgroup with a
// limit (its own OOM killer), and the userspace killers. Plain data on the snapshot and in --json.
import type { KillerForecast, KillerName as UserspaceKiller } from '../../killers/index.js';

export type KillerName = 'kernel' | UserspaceKiller;

export interface VictimRef {
  pid: number;
  name: string;
}

/** One memory cgroup's forecast. */
export interface CgroupForecast {
  /** cgroupKey(): version + path. */
  key: string;
  path: string;
  /** The smallest memory limit on the path to the root (itself included); null: nothing above limits it. */
  effectiveLimitKb: number | null;
  /** Usage growth from its own samples, KiB per minute; null until two samples. */
  growthKbPerMin: number | null;
  /** The growth comes from less than the full window (the first seconds of a cgroup, or of oomlens). */
  provisional: boolean;
  /** Seconds until the first limit on its path is reached at the current slope; null without a good fit. */
  etaSeconds: number | null;
  /** The cgroup whose limit that is (itself or an ancestor); null when no ETA. */
  domainPath: string | null;
  /** Whom that OOM would kill: the top of the domain's ranking, or its whole memory.oom.group. */
  nextVictims: VictimRef[];
}

export interface NextKill {
  scope: 'global' | 'memcg';
  /** The cgroup whose limit is hit (memcg scope); null for the box. */
  cgroup: string | null;
  killer: KillerName;
  outcome: 'kill' | 'panic';
  etaSeconds: number | null;
  victims: VictimRef[];
  usageKb: number | null;
  limitKb: number | null;
  /** Positive: the scope's usage grows (for the box: its headroom shrinks) this fast, KiB per minute. */
  growthKbPerMin: number | null;
  provisional: boolean;
  /** Why the outcome or the victim is not the plain one (a sysctl, a killer's threshold); null otherwise. */
  reason: string | null;
}

export interface Forecast {
  /** The soonest predicted kill across scopes and killers; null when nothing approaches a limit. */
  nextKill: NextKill | null;
  /** The box's own answer: the kernel's global OOM (its ETA may be null). */
  global: NextKill;
  /** Every memory cgroup, in the snapshot's cgroup order (those without a limit on their path: growth only). */
  cgroups: CgroupForecast[];
  /**
   * Some wall is less than APPROACHING_SECONDS away at its current growth, even a provisional one: the
   * sampler then walks the cgroups every tick (and a recorder samples densely) until it is not.
   */
  approaching: boolean;
  /** Each userspace killer's own forecast (a dry run included: it says what the killer would do). */
  killers: KillerForecast[];
}
