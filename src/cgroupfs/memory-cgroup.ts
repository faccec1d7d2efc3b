// One memory cgroup as the readers report it, and the key that tells v1 and v2 cgroups of the same path
// apart. Types and one pure function only, so every layer (the UI too) may use them.
import type { Pressure } from '../procfs/pressure.js';

export interface MemoryCgroup {
  /** As the kernel names it (and /proc/PID/cgroup shows it): "/" for the root, "/system.slice/foo.service". */
  path: string;
  version: 1 | 2;
  /** memory.current (v2) or memory.usage_in_bytes (v1); includes descendants in both. */
  usageKb: number;
  /** null = unlimited ("max" in v2, the page counter ceiling in v1) or not readable. */
  limitKb: number | null;
  /**
   * v2 memory.high: above it the cgroup's allocators are throttled and made to reclaim
   * (mm/memcontrol.c mem_cgroup_handle_over_high()); it never kills. null: "max", v1, or unreadable.
   */
  highKb: number | null;
  /** v2 memory.events `high`: times usage went over memory.high. */
  highEvents: number | null;
  /** v2 memory.events `max`: times usage reached memory.max and reclaim had to run. */
  maxEvents: number | null;
  /** v1 memory.failcnt: times usage hit limit_in_bytes. */
  failcnt: number | null;
  /**
   * v2 memory.oom.group: an OOM kill here takes every process of this cgroup and its descendants
   * (mm/memcontrol.c mem_cgroup_get_oom_group(), 4.19+). null on v1 and on kernels without the file.
   */
  oomGroup: boolean | null;
  /** v2 memory.swap.current; v1 memsw.usage − usage. null without swap accounting. */
  swapKb: number | null;
  /** v2 memory.swap.max; v1 memsw.limit − limit. null = unlimited or no swap accounting. */
  swapLimitKb: number | null;
  /** OOM kills in this cgroup: v2 memory.events (hierarchical: includes descendants), v1 oom_control (local). */
  oomKills: number | null;
  /** OOM kills of this cgroup's own processes: v2 memory.events.local (5.2+), v1 the same as oomKills. */
  oomKillsLocal: number | null;
  /** v2 memory.events `oom`: limit hit and reclaim failed. v1 has no such counter (null). */
  oomEvents: number | null;
  /** v2 memory.events `oom_group_kill`. */
  oomGroupKills: number | null;
  /** v1 oom_control under_oom: tasks are stalled waiting for the OOM killer (or for oom_kill_disable). */
  underOom: boolean | null;
  /** v1 oom_control oom_kill_disable: the kernel will stall instead of kill here. */
  oomKillDisabled: boolean | null;
  /** v2 memory.pressure; for v1 cgroups, the unified hierarchy's file at the same path when there is one. */
  pressure: Pressure | null;
  /** Processes directly in this cgroup (cgroup.procs is not hierarchical). */
  processCount: number;
  pids: number[];
}

/** The same path names different cgroups in a v1 and a v2 hierarchy. */
export function cgroupKey(cgroup: Pick<MemoryCgroup, 'version' | 'path'>): string {
  return `v${cgroup.version}:${cgroup.path}`;
}
