// Human sizes for the explain output and the findings. The kernel reports kB (KiB) and pages; pages are
// 4 KiB on every architecture oomlens meets in these reports except ppc64 (64 KiB), where the task table
// is still labelled in pages — callers convert with PAGE_KB and say "pages" when in doubt.
export const PAGE_KB = 4;

const UNITS = ['kB', 'MiB', 'GiB', 'TiB'];

/** `84 kB`, `12.5 MiB`, `9.2 GiB`. */
export function formatKb(kb: number): string {
  let value = kb;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatPages(pages: number): string {
  return formatKb(pages * PAGE_KB);
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
