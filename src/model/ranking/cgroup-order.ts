// The cgroup view's orders, cycled by `s`: nearest its limit first (usage / limit, cgroupsToList's own),
// soonest to reach the first limit on its path (its forecast's ETA), or fastest growing.
import { cgroupKey, type MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import type { CgroupForecast } from '../forecast/types.js';

export const CGROUP_SORT_KEYS = ['use', 'eta', 'grow'] as const;
export type CgroupSortKey = (typeof CGROUP_SORT_KEYS)[number];

export function nextCgroupSortKey(key: CgroupSortKey): CgroupSortKey {
  return CGROUP_SORT_KEYS[(CGROUP_SORT_KEYS.indexOf(key) + 1) % CGROUP_SORT_KEYS.length]!;
}

type Figures = Pick<CgroupForecast, 'etaSeconds' | 'growthKbPerMin'>;

/** null last, whatever the direction. */
function nullsLast(a: number | null, b: number | null, ascending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return ascending ? a - b : b - a;
}

/**
 * `listed` (cgroupsToList's order: nearest its limit first) re-ordered by `key`. 'eta': soonest first,
 * those without an ETA after; 'grow': fastest first. Ties keep the listed order (the sort is stable).
 */
export function sortCgroups(listed: readonly MemoryCgroup[], forecasts: ReadonlyMap<string, Figures>, key: CgroupSortKey): MemoryCgroup[] {
  if (key === 'use') return [...listed];
  const figures = (cgroup: MemoryCgroup) => forecasts.get(cgroupKey(cgroup));
  return [...listed].sort((a, b) =>
    key === 'eta'
      ? nullsLast(figures(a)?.etaSeconds ?? null, figures(b)?.etaSeconds ?? null, true)
      : nullsLast(figures(a)?.growthKbPerMin ?? null, figures(b)?.growthKbPerMin ?? null, false),
  );
}
