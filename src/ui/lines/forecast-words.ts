// Forecast figures in a few characters, shared by the next-kill line and the cgroup view: a time to the
// wall ("~3m", "~40s?" while early), a slope ("+20M/s", "+120M/min"), and who dies ("python3 15161 +2").
import type { NextKill } from '../../model/forecast/types.js';
import { formatKbCompact } from '../../text/units.js';
import { formatDuration } from './format.js';

/** Seconds until the wall, approximate: "now", "40s", "3m", "2h 5m", "3d 4h"; `compact`: "2h", "3d". */
export function approxDuration(seconds: number, compact = false): string {
  if (seconds < 1) return 'now';
  if (seconds < 100) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  if (!compact) return formatDuration(seconds);
  return seconds < 86_400 ? `${Math.round(seconds / 3600)}h` : `${Math.round(seconds / 86_400)}d`;
}

/**
 * A forecast's time: "~3m", and "~3m?" while it is early (a slope from the first seconds of samples, see
 * model/forecast/scope-trend.ts); "now" needs no tilde; "-" when there is none. `compact` for a column.
 */
export function etaText(seconds: number | null, provisional = false, compact = false): string {
  if (seconds === null || !Number.isFinite(seconds)) return '-';
  const time = approxDuration(seconds, compact);
  return `${time === 'now' ? time : `~${time}`}${provisional ? '?' : ''}`;
}

const MIB_PER_SEC_IN_KB_PER_MIN = 1024 * 60;

/** A slope, signed: per second when at least 1 MiB/s (a fast leak), else per minute; "" without one. */
export function slopeText(kbPerMin: number | null): string {
  if (kbPerMin === null || !Number.isFinite(kbPerMin)) return '';
  const sign = kbPerMin < 0 ? '-' : '+';
  const size = Math.abs(kbPerMin);
  return size >= MIB_PER_SEC_IN_KB_PER_MIN ? `${sign}${formatKbCompact(size / 60)}/s` : `${sign}${formatKbCompact(size)}/min`;
}

/** "python3 15161", "python3 15161 +2 more" (a memory.oom.group), or null when nobody would die. */
export function victimsText(victims: NextKill['victims']): string | null {
  const [first, ...rest] = victims;
  if (first === undefined) return null;
  return `${first.name} ${first.pid}${rest.length > 0 ? ` +${rest.length} more` : ''}`;
}
