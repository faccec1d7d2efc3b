// /proc/PID/status for the hot path. parseStatus (test/oracles/status.ts) builds a Map of all ~55 lines; a tick
// at 10,000 processes reads a thousand status files, and that Map was a tenth of the tick. This reads
// the same few keys straight from the text, with the same rules: the value is the trimmed text after
// the first ':', the last line with a key wins, and a value the kernel does not print is null.
import type { PidStatus } from './status.js';

const WANTED = ['Name', 'Tgid', 'Uid', 'VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmSwap', 'VmPTE'] as const;
type Wanted = (typeof WANTED)[number];

/** First letters of the wanted keys: every other line is skipped after one character test. */
const FIRST_CHARS = new Set(WANTED.map((key) => key.charCodeAt(0)));

function kb(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = /^(\d+)\s*kB$/.exec(value);
  return match ? Number(match[1]) : null;
}

function int(value: string | undefined): number | null {
  if (value === undefined || !/^-?\d+$/.test(value)) return null;
  return Number(value);
}

/** The wanted keys' values in `text`. */
function wantedValues(text: string): Partial<Record<Wanted, string>> {
  const values: Partial<Record<Wanted, string>> = {};
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (FIRST_CHARS.has(text.charCodeAt(start))) {
      const colon = text.indexOf(':', start);
      if (colon > start && colon < end) {
        const key = text.slice(start, colon);
        if ((WANTED as readonly string[]).includes(key)) values[key as Wanted] = text.slice(colon + 1, end).trim();
      }
    }
    start = end + 1;
  }
  return values;
}

/** Equal to parseStatus(text) for every text (see the property test), at a fraction of the cost. */
export function parseStatusFast(text: string): PidStatus {
  const values = wantedValues(text);
  const uids = values.Uid?.split(/\s+/);
  return {
    name: values.Name ?? null,
    tgid: int(values.Tgid),
    uid: int(uids?.[1] ?? uids?.[0]),
    vmRssKb: kb(values.VmRSS),
    rssAnonKb: kb(values.RssAnon),
    rssFileKb: kb(values.RssFile),
    rssShmemKb: kb(values.RssShmem),
    vmSwapKb: kb(values.VmSwap),
    vmPteKb: kb(values.VmPTE),
  };
}

/** Which wanted key the bytes [start, end) spell, or -1. */
function wantedKey(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  outer: for (let index = 0; index < WANTED.length; index++) {
    const key = WANTED[index]!;
    if (key.length !== length) continue;
    for (let i = 0; i < length; i++) if (bytes[start + i] !== key.charCodeAt(i)) continue outer;
    return index;
  }
  return -1;
}

/** ASCII bytes that String.prototype.trim and \s both treat as white space. */
function isSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

/** A half-open byte range. */
interface Span {
  start: number;
  end: number;
}

/** [start, end) without the ASCII white space at either end. */
function trimmed(bytes: Uint8Array, start: number, end: number): Span {
  while (start < end && isSpace(bytes[start]!)) start++;
  while (end > start && isSpace(bytes[end - 1]!)) end--;
  return { start, end };
}

/** Digits [start, end) as Number() reads them (past 15 digits through a string, to round the same way). */
function digitsValue(bytes: Uint8Array, start: number, end: number): number {
  if (end - start > 15) return Number(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1'));
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + (bytes[i]! - 0x30);
  return value;
}

function digitsEnd(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && bytes[start]! >= 0x30 && bytes[start]! <= 0x39) start++;
  return start;
}

/** /^(\d+)\s*kB$/ on the span. */
function kbBytes(bytes: Uint8Array, span: Span): number | null {
  const digits = digitsEnd(bytes, span.start, span.end);
  if (digits === span.start) return null;
  let at = digits;
  while (at < span.end && isSpace(bytes[at]!)) at++;
  if (span.end - at !== 2 || bytes[at] !== 0x6b || bytes[at + 1] !== 0x42) return null;
  return digitsValue(bytes, span.start, digits);
}

/** /^-?\d+$/ on the span. */
function intBytes(bytes: Uint8Array, span: Span): number | null {
  const negative = span.start < span.end && bytes[span.start] === 0x2d;
  const from = negative ? span.start + 1 : span.start;
  const digits = digitsEnd(bytes, from, span.end);
  if (digits === from || digits !== span.end) return null;
  const value = digitsValue(bytes, from, digits);
  return negative ? -value : value;
}

/** Uid: the second white-space-separated field (the effective uid), else the first. */
function uidBytes(bytes: Uint8Array, span: Span): number | null {
  let at = span.start;
  while (at < span.end && !isSpace(bytes[at]!)) at++;
  const first = { start: span.start, end: at };
  while (at < span.end && isSpace(bytes[at]!)) at++;
  if (at === span.end) return intBytes(bytes, first);
  let end = at;
  while (end < span.end && !isSpace(bytes[end]!)) end++;
  return intBytes(bytes, { start: at, end });
}

function hasHighByte(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/**
 * parseStatusFast straight from the bytes of the file: no string for the whole text, none for the
 * numbers (a tick at 10,000 processes parses a thousand status files; their strings were half of what
 * the sampler allocated). Only Name: becomes a string. A numeric line with bytes outside ASCII (which
 * the kernel never writes) falls back to the string parser, so the result always equals parseStatus's
 * (see the property test).
 */
export function parseStatusBytes(bytes: Uint8Array, length: number): PidStatus {
  const lines: (Span | undefined)[] = new Array(WANTED.length);
  let start = 0;
  while (start < length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0 || end > length) end = length;
    if (FIRST_CHARS.has(bytes[start]!)) {
      let colon = start;
      while (colon < end && bytes[colon] !== 0x3a) colon++;
      const index = colon > start && colon < end ? wantedKey(bytes, start, colon) : -1;
      // The last line with a key wins, as in parseStatus's Map.
      if (index >= 0) lines[index] = { start: colon + 1, end };
    }
    start = end + 1;
  }
  for (let index = 1; index < WANTED.length; index++) {
    const line = lines[index];
    if (line !== undefined && hasHighByte(bytes, line.start, line.end)) {
      return parseStatusFast(Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('utf8'));
    }
  }
  const span = (key: Wanted) => {
    const line = lines[WANTED.indexOf(key)];
    return line === undefined ? null : trimmed(bytes, line.start, line.end);
  };
  const number = (key: Wanted, parse: (bytes: Uint8Array, span: Span) => number | null) => {
    const value = span(key);
    return value === null ? null : parse(bytes, value);
  };
  const nameLine = lines[0];
  return {
    name: nameLine === undefined ? null : Buffer.from(bytes.buffer, bytes.byteOffset + nameLine.start, nameLine.end - nameLine.start).toString('utf8').trim(),
    tgid: number('Tgid', intBytes),
    uid: number('Uid', uidBytes),
    vmRssKb: number('VmRSS', kbBytes),
    rssAnonKb: number('RssAnon', kbBytes),
    rssFileKb: number('RssFile', kbBytes),
    rssShmemKb: number('RssShmem', kbBytes),
    vmSwapKb: number('VmSwap', kbBytes),
    vmPteKb: number('VmPTE', kbBytes),
  };
}
