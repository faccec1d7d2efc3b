// Wall times for people and for JSON: local time (the TZ of the process), ISO 8601 with the offset for JSON,
// `≈` in front of a time that is approximate, and why in words.
import type { WallTime, WallTimeSource } from './wall-time.js';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The local UTC offset at `ms`: `+01:00`, `-05:30`, `+00:00`. */
export function offsetText(ms: number): string {
  const minutes = -new Date(ms).getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** `2026-11-28T07:15:58.389+01:00` (milliseconds only when there are any). */
export function isoWithOffset(ms: number): string {
  const date = new Date(ms);
  const fraction = date.getMilliseconds() === 0 ? '' : `.${pad(date.getMilliseconds(), 3)}`;
  return `${localDateTime(ms).replace(' ', 'T')}${fraction}${offsetText(ms)}`;
}

/** `2026-11-28 07:15:58`, local. */
export function localDateTime(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The time of day when `ms` is on the same local day as `nowMs`, else the date and time. */
export function shortWallText(ms: number, nowMs: number): string {
  const text = localDateTime(ms);
  return text.slice(0, 10) === localDateTime(nowMs).slice(0, 10) ? text.slice(11) : text.slice(0, 16);
}

/** `≈ ` for an approximate time, else nothing. */
export function approximateMark(approximate: boolean): string {
  return approximate ? '≈ ' : '';
}

/** Why a time is approximate, in words; null when it is not. */
export function approximateWhy(source: WallTimeSource, approximate: boolean): string | null {
  if (!approximate) return null;
  switch (source) {
    case 'log-stamp-no-year':
      return 'the stamp has no year and no time zone: year and local time assumed';
    case 'log-stamp-no-zone':
      return 'the stamp has no usable time zone: local time assumed';
    case 'dmesg-boot-time':
      return 'dmesg computed it from the boot time, which is off after a suspend; local time assumed';
    case 'boot-clock':
      return 'this machine has been suspended since boot, and kernel time stops during a suspend';
    case 'log-stamp':
      return null;
  }
}

/** `WallTime` → what OomReport carries. */
export function reportWallFields(wall: WallTime | null): { wallTime: string | null; wallTimeApproximate: boolean; wallTimeSource: WallTimeSource | null } {
  if (wall === null) return { wallTime: null, wallTimeApproximate: false, wallTimeSource: null };
  return { wallTime: isoWithOffset(wall.ms), wallTimeApproximate: wall.approximate, wallTimeSource: wall.source };
}
