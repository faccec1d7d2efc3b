// When a report happened, on the wall clock. Two ways to know it (docs/kernel-log-formats.md):
//
//   the log's own stamp   journald's realtime, RFC 3339 with an offset and epoch seconds are exact; a syslog
//                         RFC 3164 stamp (`Jan 28 19:58:45`, journalctl's short form) has no year and no zone,
//                         so both are assumed (the year that is not in the future, the local zone); dmesg -T,
//                         -e and --time-format iso are computed by dmesg from the boot time, which is wrong
//                         after a suspend (util-linux dmesg(1): "the time source used for the logs is not
//                         updated after system SUSPEND/RESUME").
//   the kernel's seconds  /dev/kmsg and plain dmesg stamp records with local_clock() (kernel/printk/printk.c
//                         vprintk_store(), Linux 6.8), which does not run during suspend, like CLOCK_MONOTONIC.
//                         Added to the time this boot's clock read 0 they give the wall time; only for this
//                         boot's own log (a file from elsewhere has no boot time: null).
//
// Pure: "now" and the boot clock are parameters.
import { isWeekday, monthOf } from './month-names.js';

/** Where a wall time came from; every kind but `log-stamp` (and `boot-clock` without a suspend) is approximate. */
export type WallTimeSource = 'log-stamp' | 'log-stamp-no-year' | 'log-stamp-no-zone' | 'dmesg-boot-time' | 'boot-clock';

export interface WallTime {
  /** ms since the epoch. */
  ms: number;
  approximate: boolean;
  source: WallTimeSource;
}

/** This boot's clock, read on this machine (boot-clock.ts readBootClock). */
export interface BootClock {
  /** Wall-clock ms at which the kernel's printk clock read 0: now − CLOCK_MONOTONIC. */
  bootWallMs: number;
  /**
   * Time spent suspended since boot (CLOCK_BOOTTIME − CLOCK_MONOTONIC), ms. The kernel's stamps stop during a
   * suspend: a record from before a suspend comes out that much too late, so every boot-clock time is then
   * approximate.
   */
  suspendedMs: number;
}

/** What turns a report's stamp into a wall time: now (for a stamp without a year) and this boot's clock. */
export interface ReportClock {
  nowMs: number;
  /** Set only when the log is this boot's own (/dev/kmsg, dmesg, journalctl -b on this machine). */
  boot: BootClock | null;
}

/** A suspend shorter than this (clock granularity, a VM pause) does not make times approximate. */
const SUSPEND_SLACK_MS = 1000;

export function wallTimeOfUptime(seconds: number, boot: BootClock): WallTime {
  return { ms: boot.bootWallMs + seconds * 1000, approximate: boot.suspendedMs > SUSPEND_SLACK_MS, source: 'boot-clock' };
}

/** The report's wall time: the log's own stamp first, else the kernel's seconds on this boot's clock, else null. */
export function reportWallTime(stamp: { wallClock: string | null; uptimeSeconds: number | null }, clock: ReportClock): WallTime | null {
  const fromStamp = stamp.wallClock === null ? null : parseLogStamp(stamp.wallClock, clock.nowMs);
  if (fromStamp !== null) return fromStamp;
  return stamp.uptimeSeconds === null || clock.boot === null ? null : wallTimeOfUptime(stamp.uptimeSeconds, clock.boot);
}

const UNIX = /^(\d{9,11})(?:\.(\d{1,9}))?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:([.,])(\d+))?(Z|[+-]\d{2}:?\d{2})?$/;
// journalctl -o short-full: `Sat 2026-11-28 06:20:39 UTC`.
const FULL = /^\S+\s+(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s+(\S+)$/;
const TIME = /(?:^|\s)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?=\s|$)/u;

function fractionMs(digits: string | undefined): number {
  return digits === undefined ? 0 : Math.floor(Number(`0.${digits}`) * 1000);
}

/** Local time, or null when the fields do not make that date (Feb 30, a Feb 29 outside a leap year). */
function localMs(year: number, month: number, day: number, hours: number, minutes: number, seconds: number, ms: number): number | null {
  const date = new Date(year, month, day, hours, minutes, seconds, ms);
  return date.getMonth() === month && date.getDate() === day ? date.getTime() : null;
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

function iso(match: RegExpExecArray): WallTime | null {
  const [, y, mo, d, h, mi, s, separator, fraction, zone] = match;
  const ms = fractionMs(fraction);
  // util-linux dmesg --time-format iso writes `,123456`; rsyslog and journalctl write `.`.
  const fromDmesg = separator === ',';
  if (zone === undefined) {
    const local = localMs(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
    return local === null ? null : { ms: local, approximate: true, source: fromDmesg ? 'dmesg-boot-time' : 'log-stamp-no-zone' };
  }
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms) - offsetMinutes(zone) * 60_000;
  return Number.isFinite(utc) ? { ms: utc, approximate: fromDmesg, source: fromDmesg ? 'dmesg-boot-time' : 'log-stamp' } : null;
}

function full(match: RegExpExecArray): WallTime | null {
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), fractionMs(fraction)] as const;
  if (zone === 'UTC' || zone === 'GMT') return { ms: Date.UTC(...fields), approximate: false, source: 'log-stamp' };
  // Another zone's abbreviation (CET, EST …) is ambiguous: read as local time.
  const local = localMs(...fields);
  return local === null ? null : { ms: local, approximate: true, source: 'log-stamp-no-zone' };
}

/**
 * The month, day, time and (dmesg -T) year of a stamp written in words, in any order and locale:
 * `Jan 28 19:58:45`, `jun 20 03:23:46.123`, `Sat Nov 21 19:58:45 2026`, `dim. 19 avril 18:03:30 2026`,
 * `Nov28 06:37` (dmesg -e). A year-less stamp gets the latest year that does not put it more than a day
 * ahead of now.
 */
function inWords(text: string, nowMs: number): WallTime | null {
  const time = TIME.exec(text);
  if (time === null) return null;
  const rest = `${text.slice(0, time.index)} ${text.slice(time.index + time[0].length)}`.replace(/([^\d\s])(\d)/gu, '$1 $2');
  const tokens = rest.split(/\s+/).filter((token) => token !== '');
  const year = tokens.find((token) => /^\d{4}$/.test(token));
  const day = tokens.find((token) => /^\d{1,2}$/.test(token));
  let words = tokens.filter((token) => /^\D/u.test(token) && monthOf(token) !== null);
  // `mar. 12 août`: a weekday that is also a month's abbreviation somewhere gives way to the month.
  if (words.length > 1) words = words.filter((token) => !isWeekday(token));
  const month = words.length === 1 ? monthOf(words[0]!) : null;
  if (day === undefined || month === null) return null;
  const [hours, minutes, seconds] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)];
  const ms = fractionMs(time[4]);
  // dmesg -T has a year and a weekday; dmesg -e `[Nov28 06:37]` has minutes only; both come from dmesg.
  const fromDmesg = year !== undefined || time[3] === undefined;
  const source = fromDmesg ? 'dmesg-boot-time' : 'log-stamp-no-year';
  if (year !== undefined) {
    const local = localMs(Number(year), month, Number(day), hours, minutes, seconds, ms);
    return local === null ? null : { ms: local, approximate: true, source };
  }
  const thisYear = new Date(nowMs).getFullYear();
  for (let candidate = thisYear; candidate >= thisYear - 8; candidate -= 1) {
    const local = localMs(candidate, month, Number(day), hours, minutes, seconds, ms);
    if (local !== null && local <= nowMs + 86_400_000) return { ms: local, approximate: true, source };
  }
  return null;
}

/** A transport's wall-clock stamp (LogLine.wallClock) as a wall time; null when it cannot be read. */
export function parseLogStamp(text: string, nowMs: number): WallTime | null {
  const stamp = text.trim();
  const unix = UNIX.exec(stamp);
  if (unix !== null) return { ms: Number(unix[1]) * 1000 + fractionMs(unix[2]), approximate: false, source: 'log-stamp' };
  const isoMatch = ISO.exec(stamp);
  if (isoMatch !== null) return iso(isoMatch);
  const fullMatch = FULL.exec(stamp);
  if (fullMatch !== null) return full(fullMatch);
  return inWords(stamp, nowMs);
}

/**
 * This boot's clock from three readings taken together: the wall clock, CLOCK_MONOTONIC (what the kernel's
 * stamps follow) and CLOCK_BOOTTIME (/proc/uptime, which also counts suspended time), all in ms.
 */
export function bootClockFrom(nowWallMs: number, monotonicMs: number, boottimeMs: number): BootClock {
  return { bootWallMs: nowWallMs - monotonicMs, suspendedMs: Math.max(0, boottimeMs - monotonicMs) };
}
