// Turns one line of a kernel log, in whatever transport it travelled, into kernel text plus its stamp.
// Transports (docs/kernel-log-formats.md): raw /dev/kmsg records, dmesg `[ 12.345]` and
// `[ 12.345][T123]`, dmesg -T `[Sat Nov 21 …]` in any locale, dmesg -x/-r level prefixes, syslog
// `Mon DD HH:MM:SS [host] kernel: [ts]`, RFC 3339 syslog, journalctl short output and its banners,
// `journalctl -o json` objects, and rsyslog's `#012` escapes for multi-line records.
//
// The reader is stateful only to carry a stamp onto unstamped continuation lines (dmesg and journalctl indent
// them under the text column) and to recognise kmsg dictionary lines after a record.
import { kmsgRecordToLines, looksLikeKmsgRecord, parseKmsgRecord, splitRecordMessage } from './kmsg-record.js';
import { journalJsonToLines, looksLikeJournalJson } from './journal-json.js';
import type { LogLine } from './types.js';

// Month (any locale: `Jan`, `jun`, `Mär`, `févr.`), day, time. The month token never starts with a digit or `[`.
const SYSLOG_STAMP = /^([^\s\d[<{#-][^\s]*\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2})\s+(.*)$/u;
const ISO_STAMP = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s+(.*)$/;
// `[host ]kernel: ` — the kernel's own tag; any other tag is another program.
const KERNEL_TAG = /^(?:\S+\s+)?kernel:\s?/;
const OTHER_TAG = /^(?:\S+\s+)?[^\s:[]+(?:\[\d+\])?:(?:\s|$)/;
const HOST_AND_TAG = /^\S+\s+[^\s:[]+(?:\[\d+\])?:(?:\s|$)/;
// dmesg -x `kern  :warn  : ` and dmesg -r `<4>`.
const DMESG_DECODED =
  /^(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7])\s*:\s*(?:emerg|alert|crit|err|warn|notice|info|debug)\s*:\s?/;
const DMESG_RAW_LEVEL = /^<\d{1,3}>/;
// `[ 1234.567890]`, optionally followed by a caller id `[T123]`/`[ T123]`/`[C2]`.
const UPTIME_STAMP = /^\s*\[\s*(\d+\.\d+)\](?:\s?\[\s*[TC]\d+(?:@C\d+)?\])?\s?/;
// dmesg -T: bracketed text that starts with a letter and contains HH:MM:SS (`[dim. 19 avril 18:03:30 2026]`).
const WALL_STAMP = /^\s*\[([^\]\d\s][^\]]*?\d{1,2}:\d{2}:\d{2}[^\]]*)\]\s?/u;
const JOURNAL_BANNER = /^-- (?:Journal begins|Logs begin|Boot |Reboot|No entries|Journal ends)/;
const RSYSLOG_NEWLINE = '#012';

interface Stamp {
  uptimeSeconds: number | null;
  wallClock: string | null;
}

function line(text: string, stamp: Stamp, foreign = false, continued = false): LogLine {
  return { text, uptimeSeconds: stamp.uptimeSeconds, wallClock: stamp.wallClock, seq: null, foreign, continued };
}

/** Strips a dmesg-style stamp (uptime or wall clock) from the front of text, filling in the stamp. */
function stripDmesgStamp(text: string, stamp: Stamp): { text: string; stamped: boolean } {
  let rest = text.replace(DMESG_DECODED, '').replace(DMESG_RAW_LEVEL, '');
  const uptime = UPTIME_STAMP.exec(rest);
  if (uptime !== null) {
    stamp.uptimeSeconds = Number(uptime[1]);
    rest = rest.slice(uptime[0].length);
    return { text: rest, stamped: true };
  }
  const wall = WALL_STAMP.exec(rest);
  if (wall !== null) {
    stamp.wallClock = wall[1] ?? null;
    return { text: rest.slice(wall[0].length), stamped: true };
  }
  return { text, stamped: false };
}

/** Expands rsyslog's control-character escapes: `#012` separates the lines of one record, `#011` is a tab. */
function splitRsyslogEscapes(text: string): { text: string; continued: boolean }[] {
  if (!text.includes('#01')) return [{ text, continued: false }];
  return splitRecordMessage(text.replaceAll('#011', '\t').replaceAll(RSYSLOG_NEWLINE, '\n'));
}

/** Handles `stamp [host] tag: message` lines. Returns null when the line has no syslog stamp. */
function parseSyslogLine(text: string): { stamp: Stamp; message: string; foreign: boolean } | null {
  const classic = SYSLOG_STAMP.exec(text);
  const iso = classic === null ? ISO_STAMP.exec(text) : null;
  const match = classic ?? iso;
  if (match === null) return null;
  const stamp: Stamp = { uptimeSeconds: null, wallClock: match[1] ?? null };
  const rest = match[2] ?? '';
  const kernelTag = KERNEL_TAG.exec(rest);
  if (kernelTag !== null) return { stamp, message: rest.slice(kernelTag[0].length), foreign: false };
  // A classic syslog stamp is always followed by a tag, so any other tag is another program. An ISO stamp may
  // also be `dmesg --time-format iso`, where the message follows directly; only `host tag:` is foreign there.
  const foreign = classic !== null ? OTHER_TAG.test(rest) : HOST_AND_TAG.test(rest);
  if (classic !== null && !foreign) return null;
  return { stamp, message: rest, foreign };
}

export class LogLineReader {
  private lastStamp: Stamp = { uptimeSeconds: null, wallClock: null };
  private afterKmsgRecord = false;

  /** The kernel lines carried by one raw line of text (several when a record holds embedded newlines). */
  read(rawLine: string): LogLine[] {
    const raw = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (looksLikeKmsgRecord(raw)) {
      const record = parseKmsgRecord(raw);
      this.afterKmsgRecord = true;
      if (record !== null) return kmsgRecordToLines(record);
    }
    // Dictionary lines (` SUBSYSTEM=pci`) follow a record in a raw kmsg dump.
    if (this.afterKmsgRecord && /^ [A-Z_]+=/.test(raw)) return [line(raw, this.lastStamp, true)];
    this.afterKmsgRecord = false;
    if (looksLikeJournalJson(raw)) return journalJsonToLines(raw);
    if (JOURNAL_BANNER.test(raw)) return [line(raw, this.lastStamp, true)];
    return this.readText(raw);
  }

  private readText(raw: string): LogLine[] {
    const syslog = parseSyslogLine(raw);
    const stamp: Stamp = syslog?.stamp ?? { uptimeSeconds: null, wallClock: null };
    if (syslog?.foreign === true) return [line(syslog.message, stamp, true)];
    const stripped = stripDmesgStamp(syslog?.message ?? raw, stamp);
    // In a stamped log, an unstamped indented line continues the previous record (dmesg, journalctl short).
    const inStampedLog = this.lastStamp.uptimeSeconds !== null || this.lastStamp.wallClock !== null;
    const continuation = syslog === null && !stripped.stamped && inStampedLog && /^\s/.test(raw);
    if (continuation) {
      stamp.uptimeSeconds = this.lastStamp.uptimeSeconds;
      stamp.wallClock = this.lastStamp.wallClock;
    }
    this.lastStamp = { ...stamp };
    return splitRsyslogEscapes(stripped.text).map((piece) => line(piece.text, stamp, false, continuation || piece.continued));
  }
}

/** Convenience for tests and one-off callers: all kernel lines of a text. */
export function readLogLines(text: string): LogLine[] {
  const reader = new LogLineReader();
  return text.split('\n').flatMap((raw) => reader.read(raw));
}
