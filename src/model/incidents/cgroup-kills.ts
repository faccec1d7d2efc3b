// Cgroup OOM kills between two cgroup walks, for the daemons' counting: each cgroup's own counter rise,
// plus, when the global counter rose too, the kills of a cgroup first seen now (created and OOM-killed
// between two walks: a short job, a test), which a first sight would otherwise take as its baseline.
import { cgroupKey, type MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import { detectCgroupOomTicks, oomKillCounter, type CgroupOomTick } from './cgroup-oom-ticks.js';

export type CgroupCounters = Pick<MemoryCgroup, 'version' | 'path' | 'oomKills' | 'oomKillsLocal'>;

export function cgroupKillTicks(previous: readonly CgroupCounters[], current: readonly CgroupCounters[], atMs: number, globalRose: boolean): CgroupOomTick[] {
  const ticks = detectCgroupOomTicks(previous, current, atMs);
  if (!globalRose || previous.length === 0) return ticks;
  const known = new Set(previous.map(cgroupKey));
  for (const cgroup of current) {
    const kills = oomKillCounter(cgroup) ?? 0;
    if (known.has(cgroupKey(cgroup)) || kills <= 0) continue;
    ticks.push({ key: cgroupKey(cgroup), version: cgroup.version, path: cgroup.path, kills, total: kills, atMs });
  }
  return ticks;
}

/** Follows one hierarchy's walks: each call returns the ticks since the previous walk (none for the same walk). */
export class CgroupKillFollower {
  private previous: readonly CgroupCounters[] | null = null;

  update(current: readonly CgroupCounters[] | null, atMs: number, globalRose: boolean): CgroupOomTick[] {
    if (current === null || current === this.previous) return [];
    const ticks = this.previous === null ? [] : cgroupKillTicks(this.previous, current, atMs, globalRose);
    this.previous = current;
    return ticks;
  }
}
