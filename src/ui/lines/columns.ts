// The kill list's columns, and which of them fit a terminal width. One pre-padded string per row is
// far cheaper to render in Ink than a Box per cell, so rows are built here as plain strings.
import type { ProcessRow } from '../../model/snapshot.js';
import { fit } from './format.js';
import { formatKbCompact } from '../../text/units.js';
import { growthText } from './gauges.js';

export type ColumnId =
  | 'pid' | 'user' | 'score' | 'adj' | 'rss' | 'anon' | 'file' | 'shmem' | 'swap' | 'grow' | 'cgroup' | 'command';

export interface Column {
  id: ColumnId;
  header: string;
  width: number;
  align: 'left' | 'right';
  cell(row: ProcessRow): string;
}

const size = (value: (row: ProcessRow) => number | null) => (row: ProcessRow) => formatKbCompact(value(row));
const num = (value: number | null) => (value === null ? '-' : String(value));

/** Every column, in screen order. COMMAND's width is whatever is left. */
const ALL_COLUMNS: readonly Column[] = [
  { id: 'pid', header: 'PID', width: 7, align: 'right', cell: (r) => String(r.pid) },
  { id: 'user', header: 'USER', width: 8, align: 'left', cell: (r) => r.user },
  { id: 'score', header: 'SCORE', width: 5, align: 'right', cell: (r) => num(r.oomScore) },
  { id: 'adj', header: 'ADJ', width: 5, align: 'right', cell: (r) => num(r.oomScoreAdj) },
  { id: 'rss', header: 'RSS', width: 5, align: 'right', cell: size((r) => r.rssKb) },
  { id: 'anon', header: 'ANON', width: 5, align: 'right', cell: size((r) => r.rssAnonKb) },
  { id: 'file', header: 'FILE', width: 5, align: 'right', cell: size((r) => r.rssFileKb) },
  { id: 'shmem', header: 'SHMEM', width: 5, align: 'right', cell: size((r) => r.rssShmemKb) },
  { id: 'swap', header: 'SWAP', width: 5, align: 'right', cell: size((r) => r.swapKb) },
  { id: 'grow', header: 'GROW/m', width: 6, align: 'right', cell: (r) => growthText(r.growthKbPerMin) },
  { id: 'cgroup', header: 'CGROUP', width: 14, align: 'left', cell: (r) => r.cgroupLabel },
  { id: 'command', header: 'COMMAND', width: 0, align: 'left', cell: commandText },
];

/** Dropped first to last when the terminal is narrow. PID, SCORE and COMMAND always stay. */
export const DROP_ORDER: readonly ColumnId[] = ['shmem', 'file', 'grow', 'anon', 'cgroup', 'user', 'swap', 'adj', 'rss'];

/** COMMAND gets at least this many columns before anything else is given room. */
const MIN_COMMAND_WIDTH = 8;
const CGROUP_MIN_WIDTH = 7;
const CGROUP_WIDE_WIDTH = 24;
/** COMMAND width beyond which the cgroup label may grow. */
const WIDE_COMMAND_WIDTH = 40;

/** The comm as the kernel names the process (what an OOM report prints), then its arguments. */
function commandText(row: ProcessRow): string {
  if (row.kernelThread) return `[${row.name}]`;
  const space = row.cmdline.indexOf(' ');
  const args = space < 0 ? '' : row.cmdline.slice(space + 1);
  const command = args === '' ? row.name : `${row.name} ${args}`;
  // Its own row: a node process otherwise, whose ADJ may read -100 (src/procfs/self-protection.ts).
  return row.self === true ? `oomlens: ${command}` : command;
}

/** Columns for a terminal `width` wide, with COMMAND sized to fill what is left. */
export function columnsFor(width: number, pidWidth = 7): Column[] {
  let columns = ALL_COLUMNS.map((c) => (c.id === 'pid' ? { ...c, width: Math.max(3, pidWidth) } : { ...c }));
  const deficit = () => columns.reduce((sum, c) => sum + c.width + 1, 0) - 1 + MIN_COMMAND_WIDTH - width;
  for (const id of DROP_ORDER) {
    // The cgroup label gives up its slack before any column is dropped.
    const cgroup = columns.find((c) => c.id === 'cgroup');
    if (cgroup) cgroup.width = Math.max(CGROUP_MIN_WIDTH, cgroup.width - Math.max(0, deficit()));
    if (deficit() <= 0) break;
    columns = columns.filter((c) => c.id !== id);
  }
  const command = columns.find((c) => c.id === 'command')!;
  command.width = Math.max(1, MIN_COMMAND_WIDTH - deficit());
  // On wide terminals the cgroup label gets room for typical unit names before COMMAND takes the rest.
  const cgroup = columns.find((c) => c.id === 'cgroup');
  const spare = command.width - WIDE_COMMAND_WIDTH;
  if (cgroup && spare > 0) {
    const grow = Math.min(spare, CGROUP_WIDE_WIDTH - cgroup.width);
    if (grow > 0) {
      cgroup.width += grow;
      command.width -= grow;
    }
  }
  return columns;
}

export function headerLine(columns: readonly Column[]): string {
  return columns.map((c) => fit(c.header, c.width, c.align)).join(' ');
}

export function rowLine(columns: readonly Column[], row: ProcessRow): string {
  return columns.map((c) => fit(c.cell(row), c.width, c.align)).join(' ');
}

/** Width that fits the largest pid on screen (pid_max may be 4194304: 7 digits). */
export function pidWidthFor(rows: readonly ProcessRow[]): number {
  let max = 0;
  for (const row of rows) if (row.pid > max) max = row.pid;
  return Math.max(5, String(max).length);
}
