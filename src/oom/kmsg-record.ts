// Pure parsing of /dev/kmsg records (Documentation/ABI/testing/dev-kmsg):
//
//   <prio>,<seq>,<ts_usec>,<flag>[,caller=T123|C2|...];<text with \xNN escapes>\n
//    KEY=value\n            (zero or more dictionary lines, each starting with one space)
//
// The kernel escapes every byte < 0x20, >= 0x7f and the backslash itself, so a multi-line record (the Mem-Info
// counters, 5.3–6.4 memcg stats) arrives as one line with `\x0a` in it, and UTF-8 arrives as escaped bytes.
import type { LogLine } from './types.js';

export interface KmsgRecord {
  /** (facility << 3) | level; kernel records have facility 0. */
  priority: number;
  level: number;
  facility: number;
  seq: number;
  /** local_clock() in microseconds (monotonic since boot, excludes suspend). */
  usec: number;
  /** `-` or `c` (continuation fragment, a hint only). */
  flags: string;
  /** `T123` or `C2` when CONFIG_PRINTK_CALLER is on, else null. */
  caller: string | null;
  /** The unescaped message; may contain `\n` for multi-line records. */
  message: string;
  /** Continuation ` KEY=value` lines (SUBSYSTEM, DEVICE …); OOM records have none. */
  dictionary: Record<string, string>;
}

// prio,seq,usec,flag then optional extra comma fields (future fields must be ignored), then ';'.
const HEADER = /^(\d+),(\d+),(\d+),([^,;]*)((?:,[^,;]*)*);/;

const ESCAPE = /\\x([0-9a-fA-F]{2})/g;

/**
 * Undo the kernel's `\xNN` escaping. The escapes stand for bytes, and bytes >= 0x80 are pieces of UTF-8
 * sequences, so the result is assembled as bytes and decoded once (invalid UTF-8 becomes U+FFFD).
 */
export function unescapeKmsgText(text: string): string {
  if (!text.includes('\\x')) return text;
  const pieces: Buffer[] = [];
  let last = 0;
  for (const match of text.matchAll(ESCAPE)) {
    const at = match.index ?? 0;
    pieces.push(Buffer.from(text.slice(last, at), 'utf8'), Buffer.from([parseInt(match[1] ?? '0', 16)]));
    last = at + match[0].length;
  }
  pieces.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(pieces).toString('utf8');
}

function parseDictionary(lines: string[]): Record<string, string> {
  const dictionary: Record<string, string> = {};
  for (const line of lines) {
    if (!line.startsWith(' ')) continue;
    const eq = line.indexOf('=');
    if (eq > 1) dictionary[line.slice(1, eq)] = unescapeKmsgText(line.slice(eq + 1));
  }
  return dictionary;
}

function callerOf(extraFields: string): string | null {
  for (const field of extraFields.split(',')) {
    if (field.startsWith('caller=')) return field.slice('caller='.length);
  }
  return null;
}

/**
 * Parses the text of one record as returned by one read() of /dev/kmsg (header line plus optional
 * dictionary lines). Returns null when the text does not start with a record header.
 */
export function parseKmsgRecord(recordText: string): KmsgRecord | null {
  const header = HEADER.exec(recordText);
  if (header === null) return null;
  const rest = recordText.slice(header[0].length);
  const newline = rest.indexOf('\n');
  const escapedMessage = newline === -1 ? rest : rest.slice(0, newline);
  const dictionaryLines = newline === -1 ? [] : rest.slice(newline + 1).split('\n');
  const priority = Number(header[1]);
  return {
    priority,
    level: priority & 7,
    facility: priority >> 3,
    seq: Number(header[2]),
    usec: Number(header[3]),
    flags: header[4] ?? '-',
    caller: callerOf(header[5] ?? ''),
    message: unescapeKmsgText(escapedMessage),
    dictionary: parseDictionary(dictionaryLines),
  };
}

/**
 * The seq number of a record from its header alone (the text up to and including the first ';'), or null
 * where parseKmsgRecord would find no header: the same test, without decoding the message.
 */
export function parseKmsgSeq(headerText: string): number | null {
  const header = HEADER.exec(headerText);
  return header === null ? null : Number(header[2]);
}

/** True for a line that starts with a kmsg record header (`6,123,456,-;`). */
export function looksLikeKmsgRecord(line: string): boolean {
  return HEADER.test(line);
}

// The kernel prints these report lines as one line each; a newline inside one can only come from a comm or
// a cgroup name, so it is shown as `\n` instead of splitting the line. (Genuinely multi-line records — the
// Mem-Info counters, memcg stats — never contain these phrases.)
const SINGLE_LINE_RECORD =
  /invoked oom-killer:|Killed process \d|^oom-kill:|^oom_reaper: |memory\.oom\.group set|^CPU: \d+ (?:UID: \d+ )?PID: \d+ Comm: |^Pid: \d+, comm: /;

/** The lines of one record's message: multi-line records split, single-line report records kept whole. */
export function splitRecordMessage(message: string): { text: string; continued: boolean }[] {
  if (!message.includes('\n')) return [{ text: message, continued: false }];
  if (SINGLE_LINE_RECORD.test(message)) return [{ text: message.replace(/\n+$/, '').replaceAll('\n', '\\n'), continued: false }];
  return message.split('\n').map((text, index) => ({ text, continued: index > 0 }));
}

/**
 * The log lines of one record: a multi-line record becomes several lines sharing the record's stamp.
 * Records a user-space program wrote into /dev/kmsg (facility != 0) are marked foreign: they can claim to
 * be anything, including "Killed process 1 (init)".
 */
export function kmsgRecordToLines(record: KmsgRecord): LogLine[] {
  const foreign = record.facility !== 0;
  return splitRecordMessage(record.message).map(({ text, continued }) => ({
    text,
    uptimeSeconds: record.usec / 1e6,
    wallClock: null,
    seq: record.seq,
    foreign,
    continued,
  }));
}
