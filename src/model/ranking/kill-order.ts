// Orders for the kill list. The default is the kernel's own (killOrder in killable.ts).
import type { ProcessRow } from '../snapshot.js';
import { descending, killOrder } from './killable.js';

export const SORT_KEYS = ['score', 'rss', 'swap', 'adj', 'pid', 'grow'] as const;
export type SortKey = (typeof SORT_KEYS)[number];


const COMPARATORS: Record<SortKey, (a: ProcessRow, b: ProcessRow) => number> = {
  score: killOrder,
  rss: (a, b) => descending(a.rssKb, b.rssKb) || killOrder(a, b),
  swap: (a, b) => descending(a.swapKb, b.swapKb) || killOrder(a, b),
  adj: (a, b) => descending(a.oomScoreAdj, b.oomScoreAdj) || killOrder(a, b),
  pid: (a, b) => a.pid - b.pid,
  grow: (a, b) => descending(a.growthKbPerMin, b.growthKbPerMin) || killOrder(a, b),
};

export function sortProcesses(rows: readonly ProcessRow[], key: SortKey): ProcessRow[] {
  return [...rows].sort(COMPARATORS[key]);
}

export function nextSortKey(key: SortKey): SortKey {
  return SORT_KEYS[(SORT_KEYS.indexOf(key) + 1) % SORT_KEYS.length]!;
}

/** The process the kernel would pick first: the one ranked 1 (the scan ranks every row, see killable.ts). */
export function nextVictim(rows: readonly ProcessRow[]): ProcessRow | null {
  return rows.find((row) => row.killRank === 1) ?? null;
}
