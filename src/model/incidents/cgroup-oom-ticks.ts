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
  /** Kills since the previous sample; in the remembered ticks, every kill seen since oomlens started. */
  kills: number;
  /** The counter after them (oomKillCounter: what the cgroup view's OOM column shows). */
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
 * of the same cgroup replaces the older one and adds its kills: `kills` counts the kills seen since oomlens
 * started (while the cgroup stays remembered), as the global counter's "+N" does.
 */
export function rememberCgroupOomTicks(history: readonly CgroupOomTick[], ticks: readonly CgroupOomTick[], keep = 8): CgroupOomTick[] {
  const merged = new Map<string, CgroupOomTick>();
  for (const tick of ticks) merged.set(tick.key, tick);
  for (const old of history) {
    const newer = merged.get(old.key);
    merged.set(old.key, newer === undefined ? old : { ...newer, kills: newer.kills + old.kills });
  }
  return [...merged.values()].sort((a, b) => b.atMs - a.atMs).slice(0, keep);
}

function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}

/**
 * "cgroup /system.slice/foo.service: OOM kills 2 (+1, 8s ago)", read as the global counter in the header
 * is: the cgroup's counter (the number its row in the cgroup view shows), then the kills seen since
 * oomlens started and when the last one was.
 */
export function describeCgroupOomTick(tick: CgroupOomTick, nowMs: number): string {
  return `cgroup ${tick.path}: OOM kills ${tick.total} (+${tick.kills}, ${formatAge(nowMs - tick.atMs)} ago)`;
}
