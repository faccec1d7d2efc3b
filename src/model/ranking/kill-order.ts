// Orders for the kill list. The default is the kernel's own: the highest oom_score dies first; among
// equal scores the bigger RSS is the likelier victim (ties in the kernel go to whoever is found first).
import type { ProcessRow } from '../snapshot.js';

export const SORT_KEYS = ['score', 'rss', 'swap', 'adj', 'pid', 'grow'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const desc = (a: number | null, b: number | null) => (b ?? -Infinity) - (a ?? -Infinity);

function byScore(a: ProcessRow, b: ProcessRow): number {
  return desc(a.oomScore, b.oomScore) || desc(a.rssKb, b.rssKb) || a.pid - b.pid;
}

const COMPARATORS: Record<SortKey, (a: ProcessRow, b: ProcessRow) => number> = {
  score: byScore,
  rss: (a, b) => desc(a.rssKb, b.rssKb) || byScore(a, b),
  swap: (a, b) => desc(a.swapKb, b.swapKb) || byScore(a, b),
  adj: (a, b) => desc(a.oomScoreAdj, b.oomScoreAdj) || byScore(a, b),
  pid: (a, b) => a.pid - b.pid,
  grow: (a, b) => desc(a.growthKbPerMin, b.growthKbPerMin) || byScore(a, b),
};

export function sortProcesses(rows: readonly ProcessRow[], key: SortKey): ProcessRow[] {
  return [...rows].sort(COMPARATORS[key]);
}

export function nextSortKey(key: SortKey): SortKey {
  return SORT_KEYS[(SORT_KEYS.indexOf(key) + 1) % SORT_KEYS.length]!;
}

/**
 * The process the kernel would pick first in a global OOM: the highest oom_score among killable
 * processes (not a kernel thread, adj above -1000). Rows must be in score order.
 */
export function nextVictim(rowsByScore: readonly ProcessRow[]): ProcessRow | null {
  return (
    rowsByScore.find((row) => !row.kernelThread && row.oomScoreAdj !== -1000 && (row.oomScore ?? 0) > 0) ?? null
  );
}
