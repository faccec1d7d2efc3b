// Sizes and counts in words, one formatter per look, each named by what it prints:
//   formatKbCompact   "7.2G", "4.0M", "812K", "-"  at most 5 characters, for table columns and gauges
//   formatKbInline    "7G", "1.5G", "4M", "unlimited"  in a sentence or a status line
//   formatKbWithUnit  "7.2 GiB", "4.0 MiB", "812 kB"  the explain output and the findings, units spelled out
// All take KiB, as the kernel reports memory in /proc and in OOM reports.

/**
 * Pages are 4 KiB on every architecture oomlens meets in OOM reports except ppc64 (64 KiB), where the task
 * table is still labelled in pages: callers convert with PAGE_KB and say "pages" when in doubt.
 */
export const PAGE_KB = 4;

const COMPACT_UNITS = ['K', 'M', 'G', 'T', 'P'];

/** A KiB count as at most 5 characters: 0, 812K, 4.0M, 410M, 7.2G. null (not provided) is "-". */
export function formatKbCompact(kb: number | null | undefined): string {
  if (kb === null || kb === undefined) return '-';
  if (kb === 0) return '0';
  let value = kb;
  let unit = 0;
  while (value >= 1000 && unit < COMPACT_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value).toString();
  // Rounding can reach 1000 (e.g. 999.6M); show that as the next unit.
  if (digits === '1000' && unit < COMPACT_UNITS.length - 1) return `1.0${COMPACT_UNITS[unit + 1]}`;
  return `${digits}${COMPACT_UNITS[unit]}`;
}

const INLINE_UNITS = ['K', 'M', 'G', 'T'];

/** KiB as "16M", "1.5G", "812K" (a decimal only below 10, and only when not whole); "unlimited" for null. */
export function formatKbInline(kb: number | null): string {
  if (kb === null) return 'unlimited';
  let value = kb;
  let unit = 0;
  while (value >= 1024 && unit < INLINE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = value >= 10 || Number.isInteger(value) ? Math.round(value).toString() : value.toFixed(1);
  return `${text}${INLINE_UNITS[unit]}`;
}

const SPELLED_UNITS = ['kB', 'MiB', 'GiB', 'TiB'];

/** `84 kB`, `12.5 MiB`, `9.2 GiB` (the kernel's "kB" is KiB). */
export function formatKbWithUnit(kb: number): string {
  let value = kb;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < SPELLED_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${SPELLED_UNITS[unit]}`;
}

/** A page count of an OOM report as formatKbWithUnit prints its size (PAGE_KB per page). */
export function formatPagesWithUnit(pages: number): string {
  return formatKbWithUnit(pages * PAGE_KB);
}

/** "1 report", "3 reports"; `many` for irregular plurals. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/**
 * A count with thousands separators: "10,005". Not `toLocaleString('en-US')`, whose first call loads ICU's
 * number formatting: +7.3 MB RSS in node 20 (smaps_rollup of `node -e`), on the box with 10,000 processes
 * where it was shown.
 */
export function formatCount(count: number): string {
  const digits = String(Math.trunc(Math.abs(count)));
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ',');
  return count < 0 ? `-${grouped}` : grouped;
}
