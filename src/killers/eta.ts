// Time until a falling figure (free memory, free swap) reaches a floor, at a constant slope. Every
// forecast in this folder is "when will X be at or below its threshold", so this is the one place that
// answers it: 0 when it already is, null when it is not heading there (or there is no slope yet).

/** Seconds until `current` is at or below `floor`; slope in units per second (negative: falling). */
export function secondsUntilAtOrBelow(current: number, floor: number, slopePerSec: number | null): number | null {
  if (current <= floor) return 0;
  if (slopePerSec === null || !Number.isFinite(slopePerSec) || slopePerSec >= 0) return null;
  return (current - floor) / -slopePerSec;
}

/** Both conditions must hold: the later of the two times; null if either never comes. */
export function whenBoth(first: number | null, second: number | null): number | null {
  if (first === null || second === null) return null;
  return Math.max(first, second);
}

/** A percentage as the killers print it (earlyoom's PRIPCT "%5.2lf%%", systemd's "%lu.%02lu%%"). */
export function percentText(value: number): string {
  return `${value.toFixed(2)}%`;
}

/** KiB as MiB text, for threshold descriptions. */
export function mibText(kb: number): string {
  return `${Math.round(kb / 1024)} MiB`;
}
