// `journalctl -k -o json` prints one JSON object per record. MESSAGE keeps the record's embedded newlines,
// and journald emits MESSAGE as an array of byte values when the text is not valid UTF-8 or is full of
// control characters, so both forms are accepted. Only kernel-transport records are kernel text.
import { splitRecordMessage } from './kmsg-record.js';
import type { LogLine } from './types.js';

type JournalEntry = Record<string, unknown>;

/** Cheap test before JSON.parse: a journal export line is an object with a MESSAGE field. */
export function looksLikeJournalJson(line: string): boolean {
  return line.startsWith('{') && line.includes('"MESSAGE"');
}

function messageText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((byte) => typeof byte === 'number')) {
    return Buffer.from(value as number[]).toString('utf8');
  }
  return null;
}

function numberField(entry: JournalEntry, key: string): number | null {
  const value = entry[key];
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** Realtime µs → an ISO string; the journal's own clock is better than a locale-formatted one. */
function wallClockOf(entry: JournalEntry): string | null {
  const realtimeUsec = numberField(entry, '__REALTIME_TIMESTAMP');
  return realtimeUsec === null ? null : new Date(realtimeUsec / 1000).toISOString();
}

function isKernelEntry(entry: JournalEntry): boolean {
  const transport = entry['_TRANSPORT'];
  if (transport !== undefined) return transport === 'kernel';
  // Without a transport field, fall back on the syslog facility: kernel records have facility 0.
  const facility = entry['SYSLOG_FACILITY'];
  return facility === undefined || facility === '0' || facility === 0;
}

/** Another program's journal record (`journalctl -o json` without -k): its text, who wrote it, and when. */
export interface JournalRecord {
  message: string;
  /** SYSLOG_IDENTIFIER (`earlyoom`, `systemd`), or null. */
  identifier: string | null;
  /** __REALTIME_TIMESTAMP in ms, or null. */
  wallMs: number | null;
}

/** One JSON line of `journalctl -o json` as a record; null when it is not one. */
export function journalRecord(jsonLine: string): JournalRecord | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonLine);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const entry = parsed as JournalEntry;
  const message = messageText(entry['MESSAGE']);
  if (message === null) return null;
  const identifier = entry['SYSLOG_IDENTIFIER'];
  const realtimeUsec = numberField(entry, '__REALTIME_TIMESTAMP');
  return { message, identifier: typeof identifier === 'string' ? identifier : null, wallMs: realtimeUsec === null ? null : realtimeUsec / 1000 };
}

/** The lines of one journal JSON record; malformed JSON yields one foreign line rather than an exception. */
export function journalJsonToLines(jsonLine: string): LogLine[] {
  let entry: JournalEntry;
  try {
    const parsed: unknown = JSON.parse(jsonLine);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    entry = parsed as JournalEntry;
  } catch {
    return [{ text: jsonLine, uptimeSeconds: null, wallClock: null, seq: null, foreign: true, continued: false }];
  }
  const message = messageText(entry['MESSAGE']) ?? '';
  const monotonicUsec = numberField(entry, '_SOURCE_MONOTONIC_TIMESTAMP');
  const foreign = !isKernelEntry(entry);
  const wallClock = wallClockOf(entry);
  return splitRecordMessage(message).map(({ text, continued }) => ({
    text,
    uptimeSeconds: monotonicUsec === null ? null : monotonicUsec / 1e6,
    wallClock,
    seq: null,
    foreign,
    continued,
  }));
}
