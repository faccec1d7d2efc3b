// What the kill list shows for a given snapshot and UI state: filtered, sorted rows, the selection and
// the window of rows on screen.
import { cgroupKey, type MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
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

/** True when two states show the same kill list (the same filter, sort and kernel-thread choice). */
export function sameListOptions(a: ListOptions, b: ListOptions): boolean {
  return a.sort === b.sort && a.filter === b.filter && a.showKernelThreads === b.showKernelThreads;
}

/** The kill list as one frame shows it: computed once per frame, and the rows the reducer's keys act on. */
export interface ListWindow {
  /** Filtered and sorted. */
  rows: ProcessRow[];
  /** The selected row's index in `rows`; -1 when there is no row. */
  selected: number;
  /** The first row drawn. */
  top: number;
}

export interface WindowState extends ListOptions {
  selectedKey: string | null;
  selectedIndexHint: number;
  /** Where the window was left by the last key (UiState.listTop). */
  listTop: number;
}

/**
 * The rows on screen for `height` rows: the window stays where the last key left it unless the selected
 * process has moved out of it since (a re-sort, a resize), and then moves as little as possible.
 */
export function listWindow(listed: readonly ProcessRow[], state: WindowState, height: number): ListWindow {
  const rows = visibleRows(listed, state);
  const selected = selectedIndex(rows, state.selectedKey, state.selectedIndexHint);
  return { rows, selected, top: scrollTop(state.listTop, Math.max(0, selected), height, rows.length) };
}

/** The cgroup view's first row drawn, by the same rule as the kill list's. */
export function cgroupWindowTop(cgroups: readonly MemoryCgroup[], state: { cgroupKey: string | null; cgroupTop: number }, height: number): number {
  const selected = Math.max(0, cgroups.findIndex((c) => cgroupKey(c) === state.cgroupKey));
  return scrollTop(state.cgroupTop, selected, height, cgroups.length);
}
