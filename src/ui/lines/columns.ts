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
  /** The cell's text; `width` lets a cell choose a shorter form of itself (fit() cuts what is left). */
  cell(row: ProcessRow, width: number): string;
}

const size = (value: (row: ProcessRow) => number | null) => (row: ProcessRow) => formatKbCompact(value(row));
const num = (value: number | null) => (value === null ? '-' : String(value));

/** Every column, in screen order. COMMAND's width is whatever is left; CGROUP's is set by columnsFor. */
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
  { id: 'grow', header: 'GROW/m', width: 6, align: 'right', cell: growthCell },
  { id: 'cgroup', header: 'CGROUP', width: 12, align: 'left', cell: (r, width) => shortLabel(r.cgroupLabel, width) },
  { id: 'command', header: 'COMMAND', width: 0, align: 'left', cell: commandText },
];

/**
 * Columns shown only from a terminal this wide. FILE and SHMEM split RSS further than most questions
 * need (RSS - ANON is their sum); below 100 columns their room goes to COMMAND and CGROUP.
 */
const SHOWN_FROM: Partial<Record<ColumnId, number>> = { file: 100, shmem: 100 };

/** Dropped first to last when the terminal is narrow. PID, SCORE and COMMAND always stay. */
export const DROP_ORDER: readonly ColumnId[] = ['shmem', 'file', 'grow', 'anon', 'cgroup', 'user', 'swap', 'adj', 'rss'];

/** COMMAND's room before CGROUP gets more than its narrowest: a whole comm (15 characters, as the kernel keeps it). */
const MIN_COMMAND_WIDTH = 15;
/** CGROUP's width for a container id (12 hex digits, as docker ps shows it) or a typical unit name. */
const CGROUP_WIDTH = 12;
/** The narrowest CGROUP: a 7-digit id, as git abbreviates a hash; "CGROUP" itself needs 6. */
const CGROUP_MIN_WIDTH = 7;
const CGROUP_WIDE_WIDTH = 24;
/** COMMAND width beyond which the cgroup label may grow past CGROUP_WIDTH. */
const WIDE_COMMAND_WIDTH = 40;

const UNIT_SUFFIX = /\.(?:service|scope|slice|socket|mount|swap)$/;
const HEX_ID = /^[0-9a-f]{7,}$/;

/**
 * A cgroup label in `width` columns, in a shorter form before it is cut: a systemd unit without its type
 * (`php-fpm.service` → `php-fpm`), an id's first digits (`2f24c06`, as git abbreviates), else `…`.
 */
export function shortLabel(label: string, width: number): string {
  if (label.length <= width) return label;
  const unit = label.replace(UNIT_SUFFIX, '');
  if (unit.length <= width) return unit;
  if (HEX_ID.test(label) && width >= CGROUP_MIN_WIDTH) return label.slice(0, width);
  return fit(unit, width);
}

/** CGROUP's wanted width: its widest label on the list (a few labels at most are as wide as the cap). */
export function labelWidthFor(rows: readonly ProcessRow[]): number {
  let widest = 0;
  for (const row of rows) if (row.cgroupLabel.length > widest) widest = row.cgroupLabel.length;
  return Math.min(CGROUP_WIDE_WIDTH, widest);
}

/** GROW/m; an early slope (fewer than 5 samples over 10 s) is marked "~": "~+20M". */
function growthCell(row: ProcessRow): string {
  const text = growthText(row.growthKbPerMin);
  return row.growthProvisional === true && row.growthKbPerMin !== null ? `~${text}` : text;
}

/** The comm as the kernel names the process (what an OOM report prints), then its arguments. */
function commandText(row: ProcessRow): string {
  if (row.kernelThread) return `[${row.name}]`;
  const space = row.cmdline.indexOf(' ');
  const args = space < 0 ? '' : row.cmdline.slice(space + 1);
  const command = args === '' ? row.name : `${row.name} ${args}`;
  // Its own row: a node process otherwise, whose ADJ may read -100 (src/procfs/self-protection.ts).
  return row.self === true ? `oomlens: ${command}` : command;
}

/**
 * Columns for a terminal `width` wide, with COMMAND sized to fill what is left. `labelWidth`: the widest
 * cgroup label to show (labelWidthFor). Columns are dropped (DROP_ORDER) until COMMAND has room for a
 * whole comm at CGROUP's narrowest; what is left goes to CGROUP up to a container id's 12, then to COMMAND,
 * and on wide terminals to a long label too.
 */
export function columnsFor(width: number, pidWidth = 7, labelWidth = CGROUP_WIDTH): Column[] {
  const wanted = Math.max('CGROUP'.length, Math.min(CGROUP_WIDE_WIDTH, labelWidth));
  let columns = ALL_COLUMNS.filter((c) => width >= (SHOWN_FROM[c.id] ?? 0)).map((c) => {
    if (c.id === 'pid') return { ...c, width: Math.max(3, pidWidth) };
    return c.id === 'cgroup' ? { ...c, width: Math.min(wanted, CGROUP_MIN_WIDTH) } : { ...c };
  });
  const slack = () => width - (columns.reduce((sum, c) => sum + c.width + 1, 0) - 1 + MIN_COMMAND_WIDTH);
  for (const id of DROP_ORDER) {
    if (slack() >= 0) break;
    columns = columns.filter((c) => c.id !== id);
  }
  const command = columns.find((c) => c.id === 'command')!;
  const cgroup = columns.find((c) => c.id === 'cgroup');
  if (cgroup) cgroup.width += Math.max(0, Math.min(slack(), Math.min(wanted, CGROUP_WIDTH) - cgroup.width));
  command.width = Math.max(1, MIN_COMMAND_WIDTH + slack());
  // On wide terminals a long label (a unit name) gets its room before COMMAND takes the rest.
  const grow = cgroup ? Math.min(command.width - WIDE_COMMAND_WIDTH, wanted - cgroup.width) : 0;
  if (cgroup && grow > 0) {
    cgroup.width += grow;
    command.width -= grow;
  }
  return columns;
}

/**
 * The column header, with the sort column marked just left of its name: ▼ for a descending order, ▲ for
 * PID's ascending one (both are in CP437, so the Linux console draws them too). The mark takes a padding
 * cell, or the space before the column when the name fills it, so no column moves.
 */
export function headerLine(columns: readonly Column[], sortedBy: ColumnId | null = null): string {
  const cells = columns.map((c) => fit(c.header, c.width, c.align));
  const marked = columns.findIndex((c) => c.id === sortedBy);
  if (marked < 0) return cells.join(' ');
  const mark = sortedBy === 'pid' ? '▲' : '▼';
  const cell = cells[marked]!;
  const padded = cell.length - cell.trimStart().length;
  if (padded > 0) cells[marked] = `${cell.slice(0, padded - 1)}${mark}${cell.slice(padded)}`;
  else if (marked > 0) return `${cells.slice(0, marked).join(' ')}${mark}${cells.slice(marked).join(' ')}`;
  return cells.join(' ');
}

/** Starts COMMAND on the rows of the processes the next kill takes: the meaning, without colour. */
export const VICTIM_MARK = '!';

/** One process's row; `marked`: it dies in the next kill (COMMAND starts with VICTIM_MARK). */
export function rowLine(columns: readonly Column[], row: ProcessRow, marked = false): string {
  return columns.map((c) => fit(marked && c.id === 'command' ? VICTIM_MARK + c.cell(row, c.width) : c.cell(row, c.width), c.width, c.align)).join(' ');
}

/** Width that fits the largest pid on screen (pid_max may be 4194304: 7 digits). */
export function pidWidthFor(rows: readonly ProcessRow[]): number {
  let max = 0;
  for (const row of rows) if (row.pid > max) max = row.pid;
  return Math.max(5, String(max).length);
}
