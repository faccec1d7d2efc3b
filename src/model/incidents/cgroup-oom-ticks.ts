// Noticing cgroup OOM kills from the counters alone, so the header can name the cgroup even where the kernel
// log is unreadable (dmesg_restrict, no journal). Between two samples a cgroup's kill counter either rises
// (kills happened), stays, or falls — and falling means the cgroup was removed and recreated under the same
// path (a restarted container or unit), so the new value is a fresh baseline, not a tick.
//
// Limits of counting: a cgroup that is created, OOMs and is removed between two samples is never seen (the
// global /proc/vmstat oom_kill still ticks); a cgroup seen for the first time may carry old kills, which are
// history, not news.
import { cgroupKey, type MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';

export interface CgroupOomTick {
  /** cgroupKey() of the cgroup. */
  key: string;
  version: 1 | 2;
  path: string;
  /** Kills since the previous sample. */
  kills: number;
  /** The counter after them. */
  total: number;
  /** The timestamp passed in with the sample that saw them (ms; any clock, used only for "N s ago"). */
  atMs: number;
}

type CounterFields = Pick<MemoryCgroup, 'version' | 'path' | 'oomKills' | 'oomKillsLocal'>;

/**
 * The counter to watch: kills of this cgroup's own processes where the kernel has it (v2
 * memory.events.local, 5.2+; v1 always counts locally), else the hierarchical v2 count — which also ticks
 * for every ancestor of the victim's cgroup.
 */
export function oomKillCounter(cgroup: Pick<MemoryCgroup, 'oomKills' | 'oomKillsLocal'>): number | null {
  return cgroup.oomKillsLocal ?? cgroup.oomKills;
}

/** Cgroups whose kill counter rose between `previous` and `current`, biggest rise first. */
export function detectCgroupOomTicks(
  previous: readonly CounterFields[],
  current: readonly CounterFields[],
  atMs: number,
): CgroupOomTick[] {
  const before = new Map<string, number | null>();
  for (const cgroup of previous) before.set(cgroupKey(cgroup), oomKillCounter(cgroup));
  const ticks: CgroupOomTick[] = [];
  for (const cgroup of current) {
    const now = oomKillCounter(cgroup);
    const then = before.get(cgroupKey(cgroup));
    // First sight (then undefined), a counter that appeared (then null) or went backwards: a new baseline.
    if (now === null || then === undefined || then === null || now <= then) continue;
    ticks.push({ key: cgroupKey(cgroup), version: cgroup.version, path: cgroup.path, kills: now - then, total: now, atMs });
  }
  return ticks.sort((a, b) => b.kills - a.kills || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * A short memory of ticks for the header: newest first, one entry per cgroup, at most `keep`. A newer tick
 * of the same cgroup replaces the older one; within `burstMs` it also adds the older kills, so a burst
 * reads "3 OOM kills 2s ago" rather than only its last kill.
 */
export function rememberCgroupOomTicks(
  history: readonly CgroupOomTick[],
  ticks: readonly CgroupOomTick[],
  keep = 8,
  burstMs = 60_000,
): CgroupOomTick[] {
  const merged = new Map<string, CgroupOomTick>();
  for (const tick of ticks) merged.set(tick.key, tick);
  for (const old of history) {
    const newer = merged.get(old.key);
    if (newer === undefined) merged.set(old.key, old);
    else if (newer.atMs - old.atMs <= burstMs) merged.set(old.key, { ...newer, kills: newer.kills + old.kills });
  }
  return [...merged.values()].sort((a, b) => b.atMs - a.atMs).slice(0, keep);
}

function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}

/** "cgroup /system.slice/foo.service: 1 OOM kill 8s ago". */
export function describeCgroupOomTick(tick: CgroupOomTick, nowMs: number): string {
  const kills = `${tick.kills} OOM kill${tick.kills === 1 ? '' : 's'}`;
  return `cgroup ${tick.path}: ${kills} ${formatAge(nowMs - tick.atMs)} ago`;
}
