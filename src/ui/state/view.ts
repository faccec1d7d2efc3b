// What the kill list shows for a given snapshot and UI state: filtered, sorted rows and the selection.
import { sortProcesses, type SortKey } from '../../model/ranking/kill-order.js';
import type { ProcessRow } from '../../model/snapshot.js';

export interface ListOptions {
  sort: SortKey;
  filter: string;
  showKernelThreads: boolean;
}

/** True when the filter text matches the process's name, cmdline, pid or cgroup (case-insensitive). */
export function matchesFilter(row: ProcessRow, filter: string): boolean {
  if (filter === '') return true;
  const needle = filter.toLowerCase();
  return (
    String(row.pid) === filter ||
    row.name.toLowerCase().includes(needle) ||
    row.cmdline.toLowerCase().includes(needle) ||
    (row.cgroup ?? '').toLowerCase().includes(needle)
  );
}

export function visibleRows(rows: readonly ProcessRow[], options: ListOptions): ProcessRow[] {
  const kept = rows.filter(
    (row) => (options.showKernelThreads || !row.kernelThread) && matchesFilter(row, options.filter),
  );
  return options.sort === 'score' ? kept : sortProcesses(kept, options.sort);
}

/**
 * The selected row's index: the process with the selected key wherever the sort put it; if it has gone
 * (exited, filtered out), the row now at the position it had, so the cursor does not jump to the top.
 */
export function selectedIndex(rows: readonly ProcessRow[], key: string | null, fallbackIndex: number): number {
  if (rows.length === 0) return -1;
  if (key !== null) {
    const found = rows.findIndex((row) => row.key === key);
    if (found >= 0) return found;
  }
  return Math.min(Math.max(0, fallbackIndex), rows.length - 1);
}

/** The first row to draw so that `selected` stays in a window of `height` rows, moving as little as possible. */
export function scrollTop(previousTop: number, selected: number, height: number, total: number): number {
  if (height <= 0 || total <= height) return 0;
  let top = Math.min(previousTop, total - height);
  if (selected < top) top = selected;
  if (selected >= top + height) top = selected - height + 1;
  return Math.max(0, top);
}
