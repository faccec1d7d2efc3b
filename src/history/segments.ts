// Reading the recorded history back: segment files named by the wall-clock time of their first record,
// read whole (a segment is a few MiB at most) and decoded up to the first torn record. Reading never
// fails on what a crash, a full disk or a concurrent writer leaves: a record being written right now is
// simply not there yet. Retention removes whole segments, oldest first, by age and by total size.
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SegmentDecoder } from './codec.js';
import { decodeFrames } from './frame.js';

const SEGMENT_PATTERN = /^(\d{13})(?:-(\d+))?\.seg$/;

/** `1732229410123.seg`, `1732229410123-1.seg`: sortable, and the start time is in the name. */
export function segmentName(firstMs: number, attempt = 0): string {
  const stamp = String(Math.max(0, Math.floor(firstMs))).padStart(13, '0');
  return attempt === 0 ? `${stamp}.seg` : `${stamp}-${attempt}.seg`;
}

export interface SegmentFile {
  path: string;
  /** Wall ms of its first record, from its name. */
  firstMs: number;
}

/** The segments of a directory, oldest first; a missing directory has none. */
export function listSegments(dir: string): SegmentFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: (SegmentFile & { attempt: number })[] = [];
  for (const name of names) {
    const match = SEGMENT_PATTERN.exec(name);
    if (match !== null) found.push({ path: join(dir, name), firstMs: Number(match[1]), attempt: Number(match[2] ?? 0) });
  }
  found.sort((a, b) => a.firstMs - b.firstMs || a.attempt - b.attempt);
  return found.map(({ path, firstMs }) => ({ path, firstMs }));
}

export interface RecordedValue {
  wallMs: number;
  value: unknown;
}

export interface ReadReport {
  records: RecordedValue[];
  /** Segments whose tail was torn (the last record of a crash, or one being written now). */
  tornSegments: number;
  /** Whole records whose body did not decode (not expected; counted, skipped). */
  badRecords: number;
}

/**
 * One segment's records handed to `visit` one at a time, decoded as they come and kept by nobody: a
 * caller that needs only a figure or two of each (replay's timeline) never holds a whole segment of
 * decoded samples. A file that vanished (retention) between listing and reading has none.
 */
export function visitSegment(path: string, visit: (record: RecordedValue) => void): Omit<ReadReport, 'records'> {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { tornSegments: 0, badRecords: 0 };
    throw error;
  }
  const decoded = decodeFrames(file);
  const decoder = new SegmentDecoder();
  let badRecords = 0;
  for (const frame of decoded.frames) {
    let value: unknown;
    try {
      value = decoder.decode(frame.codec, frame.body);
    } catch {
      badRecords += 1;
      continue;
    }
    visit({ wallMs: frame.wallMs, value });
  }
  return { tornSegments: decoded.torn === null ? 0 : 1, badRecords };
}

/** One segment's records, or none when the file vanished (retention) between listing and reading. */
export function readSegment(path: string): ReadReport {
  const records: RecordedValue[] = [];
  return { records, ...visitSegment(path, (record) => records.push(record)) };
}

/**
 * Records with fromMs ≤ wallMs ≤ toMs from every segment, oldest first. A segment is skipped without
 * reading when the next one starts before fromMs (records are appended in time order).
 */
export function readRange(dir: string, fromMs = -Infinity, toMs = Infinity): ReadReport {
  const segments = listSegments(dir);
  const out: ReadReport = { records: [], tornSegments: 0, badRecords: 0 };
  segments.forEach((segment, index) => {
    const next = segments[index + 1];
    if (segment.firstMs > toMs || (next !== undefined && next.firstMs < fromMs)) return;
    const one = readSegment(segment.path);
    for (const record of one.records) if (record.wallMs >= fromMs && record.wallMs <= toMs) out.records.push(record);
    out.tornSegments += one.tornSegments;
    out.badRecords += one.badRecords;
  });
  out.records.sort((a, b) => a.wallMs - b.wallMs);
  return out;
}

export interface RetentionRules {
  /** Segments whose last write is older than this are removed. */
  maxAgeMs: number;
  /** Then the oldest are removed until all together take at most this many bytes. */
  maxBytes: number;
}

/** Applies the rules, never touching `keep` (the segment being written). Returns the removed paths. */
export function applyRetention(dir: string, rules: RetentionRules, nowMs: number, keep: string | null): string[] {
  const sized = listSegments(dir).flatMap((segment) => {
    try {
      const stat = statSync(segment.path);
      return [{ ...segment, bytes: stat.size, lastMs: stat.mtimeMs }];
    } catch {
      return [];
    }
  });
  let total = sized.reduce((sum, s) => sum + s.bytes, 0);
  const removed: string[] = [];
  for (const segment of sized) {
    if (segment.path === keep) continue;
    const tooOld = nowMs - segment.lastMs > rules.maxAgeMs;
    if (!tooOld && total <= rules.maxBytes) continue;
    try {
      unlinkSync(segment.path);
      removed.push(segment.path);
      total -= segment.bytes;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return removed;
}
