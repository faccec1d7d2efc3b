// The recorder's history files: what is written reads back; a torn tail (every possible cut of the last
// record, flipped bytes, garbage) is skipped, never fatal; a real writer killed with SIGKILL mid-stream and
// a reader racing a real writer both see only whole records; retention removes by age and size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { SegmentWriter } from '../../src/history/segment-writer.js';
import { applyRetention, listSegments, readRange, readSegment, segmentName } from '../../src/history/segments.js';
import { decodeFrames, SEGMENT_MAGIC } from '../../src/history/frame.js';
import { tempDir } from '../helpers/temp-dirs.js';

const CHILD = new URL('../helpers/history-writer-child.ts', import.meta.url).pathname;

function writeSamples(dir: string, count: number, startMs = 1_700_000_000_000): unknown[] {
  const writer = new SegmentWriter({ dir, maxSegmentBytes: 1 << 20, maxSegmentMs: 3600_000, sync: false });
  const values: unknown[] = [];
  for (let i = 0; i < count; i += 1) {
    const value = { i, name: `proc-${i % 5}`, rows: [[i, 100 + i, 'bash'], [i + 1, null, 'cron (x)']] };
    values.push(value);
    const outcome = writer.append(startMs + i * 1000, value);
    assert.ok(outcome.ok);
  }
  writer.close();
  return values;
}

test('samples read back as written, in time order, with their wall-clock times', () => {
  const dir = tempDir('oomlens-history-');
  const values = writeSamples(dir, 50);
  const read = readRange(dir);
  assert.deepEqual(read.records.map((r) => r.value), values);
  assert.equal(read.records[3]!.wallMs, 1_700_000_003_000);
  assert.equal(read.tornSegments, 0);
  assert.deepEqual(readRange(dir, 1_700_000_010_000, 1_700_000_012_000).records.map((r) => (r.value as { i: number }).i), [10, 11, 12]);
});

test('a last record cut at any byte is skipped and everything before it is kept', () => {
  const dir = tempDir('oomlens-history-');
  writeSamples(dir, 6);
  const [segment] = listSegments(dir);
  const whole = readFileSync(segment!.path);
  const lastStart = decodeFrames(whole.subarray(0, whole.length)).frames.length === 6 ? lastRecordOffset(whole) : -1;
  for (let cut = lastStart; cut < whole.length; cut += 1) {
    writeFileSync(segment!.path, whole.subarray(0, cut));
    const read = readSegment(segment!.path);
    assert.equal(read.records.length, 5, `cut at ${cut}`);
    assert.equal(read.tornSegments, cut === lastStart ? 0 : 1, `cut at ${cut}`);
  }
});

function lastRecordOffset(file: Buffer): number {
  let offset = SEGMENT_MAGIC.length;
  let last = offset;
  while (offset < file.length) {
    last = offset;
    offset += 8 + file.readUInt32LE(offset);
  }
  return last;
}

test('flipped bytes, garbage after the last record, a bad magic and an empty file are never fatal', () => {
  const dir = tempDir('oomlens-history-');
  writeSamples(dir, 10);
  const [segment] = listSegments(dir);
  const whole = readFileSync(segment!.path);
  const corrupt = Buffer.from(whole);
  corrupt[Math.floor(whole.length / 2)]! ^= 0xff;
  writeFileSync(segment!.path, corrupt);
  const flipped = readSegment(segment!.path);
  assert.ok(flipped.records.length > 0 && flipped.records.length < 10);
  assert.equal(flipped.tornSegments, 1);
  writeFileSync(segment!.path, whole);
  appendFileSync(segment!.path, Buffer.from([0xff, 0xff, 0xff, 0x7f, 1, 2, 3]));
  assert.equal(readSegment(segment!.path).records.length, 10);
  writeFileSync(segment!.path, 'not a segment at all');
  assert.equal(readSegment(segment!.path).records.length, 0);
  writeFileSync(segment!.path, '');
  assert.deepEqual(readSegment(segment!.path), { records: [], tornSegments: 0, badRecords: 0 });
});

test('a new writer never appends to a torn segment: it starts its own, and both read back', () => {
  const dir = tempDir('oomlens-history-');
  writeSamples(dir, 5, 1_700_000_000_000);
  const [segment] = listSegments(dir);
  truncateSync(segment!.path, statSync(segment!.path).size - 3);
  writeSamples(dir, 5, 1_700_000_100_000);
  assert.equal(listSegments(dir).length, 2);
  const read = readRange(dir);
  assert.equal(read.records.length, 9);
  assert.equal(read.tornSegments, 1);
});

test('a writer killed with SIGKILL mid-stream leaves only whole records behind', async () => {
  const dir = tempDir('oomlens-history-');
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, 'forever', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    // Wait for ten records to be written, then kill it wherever it is.
    await once(child.stdout, 'data');
    child.kill('SIGKILL');
    await once(child, 'exit');
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  const read = readRange(dir);
  assert.ok(read.records.length >= 10, `${read.records.length} records`);
  read.records.forEach((record, index) => assert.equal((record.value as { i: number }).i, index));
  assert.equal(read.badRecords, 0);
});

test('a reader racing a live writer sees a growing prefix of whole records, never an error', async () => {
  const dir = tempDir('oomlens-history-');
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, '20000', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  try {
    await once(child.stdout, 'data');
    let previous = 0;
    let reads = 0;
    let running = true;
    void exited.then(() => (running = false));
    while (running || reads === 0) {
      const read = readRange(dir);
      assert.ok(read.records.length >= previous, 'never fewer records than the last read');
      read.records.forEach((record, index) => assert.equal((record.value as { i: number }).i, index));
      previous = read.records.length;
      reads += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(reads > 1, `${reads} reads during the writes`);
    assert.equal(readRange(dir).records.length, 20000);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  }
});

test('retention removes segments past the age, then the oldest until under the size, never the current one', () => {
  const dir = tempDir('oomlens-history-');
  const now = 1_800_000_000_000;
  const names = [0, 1, 2, 3, 4].map((i) => segmentName(now - (5 - i) * 3600_000));
  names.forEach((name, i) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat([SEGMENT_MAGIC, Buffer.alloc(1000)]));
    const lastWrite = (now - (4 - i) * 3600_000 - 1000) / 1000;
    utimesSync(path, lastWrite, lastWrite);
  });
  writeFileSync(join(dir, 'unrelated.txt'), 'kept');
  // 2 h 30 min: the two written more than that ago go.
  applyRetention(dir, { maxAgeMs: 2.5 * 3600_000, maxBytes: 1 << 30 }, now, null);
  assert.deepEqual(listSegments(dir).map((s) => s.path.split('/').pop()), names.slice(2));
  // 2,100 bytes: of the three (1,008 each) only the newest fits; the current one is kept whatever it costs.
  applyRetention(dir, { maxAgeMs: 1e12, maxBytes: 2100 }, now, join(dir, names[2]!));
  assert.deepEqual(listSegments(dir).map((s) => s.path.split('/').pop()), [names[2], names[4]]);
  assert.ok(readdirSync(dir).includes('unrelated.txt'));
});
