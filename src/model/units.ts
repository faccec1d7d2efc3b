// Sizes in words for model-level sentences (the UI has its own fixed-width formatter).

/** KiB as "16M", "1.5G", "812K"; "unlimited" for null. */
export function formatKbPlain(kb: number | null): string {
  if (kb === null) return 'unlimited';
  const units = ['K', 'M', 'G', 'T'];
  let value = kb;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = value >= 10 || Number.isInteger(value) ? Math.round(value).toString() : value.toFixed(1);
  return `${text}${units[unit]}`;
}
