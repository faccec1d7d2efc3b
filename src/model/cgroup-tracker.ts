// Memory cgroups over time: the latest scan, and which cgroups' OOM kill counters ticked recently. The
// counters are noticed even where the kernel log is unreadable, so a cgroup OOM never goes unseen.
import type { MemoryCgroupScan } from '../procfs/memory-cgroups.js';
import { detectCgroupOomTicks, rememberCgroupOomTicks, type CgroupOomTick } from './cgroup-oom-ticks.js';
import type { CgroupsState } from './snapshot.js';

export class CgroupTracker {
  private previous: MemoryCgroupScan['cgroups'] = [];
  private recent: CgroupOomTick[] = [];

  /** `scan` null means no memory cgroup hierarchy exists here: absent, not empty. */
  update(scan: MemoryCgroupScan | null, atMs: number): CgroupsState | null {
    if (scan === null) return null;
    const ticks = detectCgroupOomTicks(this.previous, scan.cgroups, atMs);
    this.recent = rememberCgroupOomTicks(this.recent, ticks);
    this.previous = scan.cgroups;
    return { list: scan.cgroups, truncated: scan.truncated, recentOomKills: this.recent };
  }
}
