// The task dump (`dump_tasks()`): the header line names the numeric columns, which changed between releases
// (cpu/oom_adj, nr_ptes, nr_pmds, pgtables_bytes, rss_anon/rss_file/rss_shmem). Field widths are minimums —
// a 7-digit pid or a 6-digit uid pushes the row out of line — so rows are split on whitespace: `[pid]`, then
// exactly as many numbers as the header has columns, then one space and the comm (which may hold spaces).
import { sanitize } from '../text/sanitize.js';
import type { OomTask } from './types.js';

const PAGE_TABLE_PAGE_BYTES = 4096;

/** Builds a row parser for the columns of one header (everything between `[ pid ]` and `name`). */
export function taskRowParser(columns: readonly string[]): (text: string) => OomTask | null {
  const numbers = columns.length;
  const row = new RegExp(`^\\[\\s*(\\d+)\\]((?:\\s+-?\\d+){${numbers}}) (.*)$`, 's');
  return (text) => {
    const match = row.exec(text);
    if (match === null) return null;
    const values = (match[2] ?? '').trim().split(/\s+/).map(Number);
    const byColumn = new Map<string, number>();
    columns.forEach((column, index) => {
      const value = values[index];
      if (value !== undefined) byColumn.set(column, value);
    });
    return buildTask(Number(match[1]), byColumn, match[3] ?? '');
  };
}

function pgtablesBytes(byColumn: Map<string, number>): number | null {
  const bytes = byColumn.get('pgtables_bytes');
  if (bytes !== undefined) return bytes;
  // 4.0–4.14 count page-table pages as nr_ptes + nr_pmds; 3.x only nr_ptes.
  const ptes = byColumn.get('nr_ptes');
  if (ptes === undefined) return null;
  return (ptes + (byColumn.get('nr_pmds') ?? 0)) * PAGE_TABLE_PAGE_BYTES;
}

function buildTask(pid: number, byColumn: Map<string, number>, name: string): OomTask {
  const get = (column: string): number | null => byColumn.get(column) ?? null;
  return {
    pid,
    uid: get('uid'),
    tgid: get('tgid'),
    totalVmPages: get('total_vm'),
    rssPages: get('rss'),
    swapEntries: get('swapents'),
    oomScoreAdj: get('oom_score_adj'),
    name: sanitize(name),
    rssAnonPages: get('rss_anon'),
    rssFilePages: get('rss_file'),
    rssShmemPages: get('rss_shmem'),
    pgtablesBytes: pgtablesBytes(byColumn),
  };
}

/**
 * The memory a task is charged with in oom_badness(), in pages: rss + swap entries + page tables. Null when
 * the table did not print rss.
 */
export function taskFootprintPages(task: OomTask): number | null {
  if (task.rssPages === null) return null;
  const pgtablePages = task.pgtablesBytes === null ? 0 : Math.ceil(task.pgtablesBytes / PAGE_TABLE_PAGE_BYTES);
  return task.rssPages + (task.swapEntries ?? 0) + pgtablePages;
}
