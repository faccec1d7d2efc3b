// The part of the forecast that only the cgroup walk changes: the tree, each limited cgroup's wall and
// trend, and which wall binds each cgroup. Between two walks the sampler hands over the same cgroup list
// and the usage history has not moved, so this is built once per walk (forecast-memo.ts), not every tick.
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import { cgroupKey } from '../../cgroupfs/memory-cgroup.js';
import { cgroupOomTotalKb } from '../ranking/cgroup-ranking.js';
import { CgroupIndex } from './cgroup-index.js';
import { footprintKb, scopeTrend, type CgroupUsageHistory, type ScopeTrend } from './scope-trend.js';

/** How near a wall must be (seconds, at the current growth) for the sampler to look at it every tick. */
export const APPROACHING_SECONDS = 600;

/** A cgroup with a limit of its own: an OOM domain. */
export interface Domain {
  cgroup: MemoryCgroup;
  /** cgroupOomTotalKb(): the limit plus the swap it may use. */
  totalKb: number;
  trend: ScopeTrend;
}

export interface PlannedCgroup {
  cgroup: MemoryCgroup;
  key: string;
  /** Its own usage's trend (no limit of its own: no ETA). */
  own: ScopeTrend;
  /** The limited cgroup on its path that is reached first (itself or an ancestor); null: none limits it. */
  binding: Domain | null;
  /** The smallest limit on its path; null when `binding` is. */
  effectiveLimitKb: number | null;
}

export interface CgroupPlan {
  index: CgroupIndex;
  /** In the walk's order. */
  cgroups: PlannedCgroup[];
  /** Some limited cgroup's wall is less than APPROACHING_SECONDS away at its current growth. */
  growthApproaches: boolean;
}

function limitedDomains(cgroups: readonly MemoryCgroup[], history: CgroupUsageHistory, swapTotalKb: number): Map<string, Domain> {
  const domains = new Map<string, Domain>();
  for (const cgroup of cgroups) {
    const totalKb = cgroupOomTotalKb(cgroup, swapTotalKb);
    if (totalKb === null) continue;
    domains.set(cgroupKey(cgroup), { cgroup, totalKb, trend: scopeTrend(history.points(cgroupKey(cgroup)), totalKb) });
  }
  return domains;
}

/** The limited cgroup on the path that is reached first; without any ETA, the nearest limited one. */
function bindingDomain(path: readonly MemoryCgroup[], domains: ReadonlyMap<string, Domain>): Domain | null {
  let soonest: Domain | null = null;
  let nearest: Domain | null = null;
  for (const cgroup of path) {
    const domain = domains.get(cgroupKey(cgroup));
    if (domain === undefined) continue;
    nearest ??= domain;
    const eta = domain.trend.etaSeconds;
    if (eta !== null && (soonest === null || eta < soonest.trend.etaSeconds!)) soonest = domain;
  }
  return soonest ?? nearest;
}

/** The wall is near at the current growth, however few samples it comes from. */
function approaches(domain: Domain): boolean {
  const growth = domain.trend.growthKbPerMin;
  if (growth === null || !(growth > 0)) return false;
  return ((domain.totalKb - footprintKb(domain.cgroup)) / growth) * 60 < APPROACHING_SECONDS;
}

export function planCgroups(cgroups: readonly MemoryCgroup[], history: CgroupUsageHistory, swapTotalKb: number): CgroupPlan {
  const domains = limitedDomains(cgroups, history, swapTotalKb);
  const index = new CgroupIndex(cgroups);
  const planned = cgroups.map((cgroup): PlannedCgroup => {
    const key = cgroupKey(cgroup);
    const path = index.ancestorsOrSelf(cgroup);
    const binding = bindingDomain(path, domains);
    return {
      cgroup,
      key,
      own: domains.get(key)?.trend ?? scopeTrend(history.points(key), null),
      binding,
      effectiveLimitKb: binding === null ? null : Math.min(...path.flatMap((c) => (c.limitKb === null ? [] : [c.limitKb]))),
    };
  });
  return { index, cgroups: planned, growthApproaches: [...domains.values()].some(approaches) };
}
