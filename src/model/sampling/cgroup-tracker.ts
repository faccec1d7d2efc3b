// Memory cgroups over time: the latest scan (paths sanitised), and which cgroups' OOM kill counters ticked
// recently. The counters are noticed even where the kernel log is unreadable, so a cgroup OOM never goes unseen.
import type { MemoryCgroupScan } from '../../cgroupfs/memory-cgroups.js';
import { cgroupKey, type MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import { sanitize } from '../../text/sanitize.js';
import { detectCgroupOomTicks, oomKillCounter, rememberCgroupOomTicks, type CgroupOomTick } from '../incidents/cgroup-oom-ticks.js';
import type { CgroupsState } from '../snapshot.js';

export class CgroupTracker {
  private previous: MemoryCgroupScan['cgroups'] = [];
  private recent: CgroupOomTick[] = [];

  /**
   * `scan` null means no memory cgroup hierarchy exists here: absent, not empty. `killsMoved`: the global
   * oom_kill counter rose since the previous scan; a cgroup new since then that already counts kills was
   * then created and OOM-killed in between (a short-lived job, a test) and its kills are ticks too.
   */
  update(found: MemoryCgroupScan | null, atMs: number, killsMoved = false): CgroupsState | null {
    if (found === null) return null;
    const scan = { ...found, cgroups: found.cgroups.map(sanitizedPath) };
    const ticks = detectCgroupOomTicks(this.previous, scan.cgroups, atMs);
    if (killsMoved && this.previous.length > 0) ticks.push(...this.bornAndKilled(scan, atMs));
    this.recent = rememberCgroupOomTicks(this.recent, ticks);
    this.previous = scan.cgroups;
    return { list: scan.cgroups, truncated: scan.truncated, recentOomKills: this.recent };
  }

  private bornAndKilled(scan: MemoryCgroupScan, atMs: number): CgroupOomTick[] {
    const known = new Set(this.previous.map(cgroupKey));
    return scan.cgroups
      .filter((cgroup) => !known.has(cgroupKey(cgroup)) && (oomKillCounter(cgroup) ?? 0) > 0)
      .map((cgroup) => {
        const kills = oomKillCounter(cgroup) ?? 0;
        return { key: cgroupKey(cgroup), version: cgroup.version, path: cgroup.path, kills, total: kills, atMs };
      });
  }
}

/**
 * A cgroup's name is any byte but "/" and NUL, and a delegated subtree (user@.service) lets an unprivileged
 * user name one: its path is sanitised here, where it enters the model, like a process's comm. The same
 * object when there was nothing to escape (nearly always).
 */
function sanitizedPath(cgroup: MemoryCgroup): MemoryCgroup {
  const path = sanitize(cgroup.path);
  return path === cgroup.path ? cgroup : { ...cgroup, path };
}
