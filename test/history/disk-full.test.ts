// A full disk, for real: a 512 KiB tmpfs mounted on a temporary directory (root only; unmounted at the end).
// The recording store writes until the filesystem is full, says so in one line and stops; what it wrote
// still reads back whole; once space returns it says so once more and records again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordingStore, DEFAULT_STORE_RULES, samplesDir } from '../../src/recorder/recording-store.js';
import { readRange } from '../../src/history/segments.js';
import type { RecordedSample } from '../../src/model/recording/sample.js';
import { tempDir } from '../helpers/temp-dirs.js';

function sample(i: number): RecordedSample {
  // Random names defeat deflate, so the disk fills in a few hundred samples.
  const p = Array.from({ length: 40 }, (_, k) => [k, i, Math.random().toString(36).repeat(3), i * k, 0, 600 + k, 0, k + 1, '/x', null] as RecordedSample['p'][number]);
  return { v: 1, t: 1_700_000_000_000 + i * 1000, up: i, mem: null, psi: null, swap: { in: null, out: null }, kills: 0, eta: null, next: null, ranked: 40, p, c: [] };
}

test('a full disk stops recording with one line, loses nothing written, and recording resumes when space returns', { timeout: 60_000 }, (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to mount a small tmpfs');
  const mountPoint = tempDir('oomlens-full-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k,mode=0700', 'oomlens-test', mountPoint], { encoding: 'utf8' });
  if (mounted.status !== 0) return t.skip(`cannot mount a tmpfs: ${mounted.stderr.trim()}`);
  try {
    // Room for the store's own start, then a filler that takes most of what is left.
    const filler = join(mountPoint, 'filler');
    writeFileSync(filler, Buffer.alloc(128 * 1024));
    const lines: string[] = [];
    const store = new RecordingStore(join(mountPoint, 'rec'), { ...DEFAULT_STORE_RULES, maxSegmentBytes: 64 * 1024 }, (line) => lines.push(line), false);
    let written = 0;
    let i = 0;
    for (; i < 5000 && store.stalledReason === null; i += 1) if (store.append(sample(i))) written += 1;
    assert.equal(store.stalledReason, 'ENOSPC', 'the disk filled up');
    // More samples while full: no more lines, no exception.
    for (let k = 0; k < 20; k += 1, i += 1) assert.equal(store.append(sample(i)), false);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /^no space left on the device of .*: recording stopped; it resumes by itself/);
    const before = readRange(samplesDir(join(mountPoint, 'rec')));
    assert.equal(before.records.length, written, 'every sample written reads back');
    assert.equal(before.badRecords, 0);

    unlinkSync(filler);
    assert.equal(store.append(sample(i++)), true, 'writes again once space returns');
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /works again: recording resumed/);
    store.close();
    const after = readRange(samplesDir(join(mountPoint, 'rec')));
    assert.equal(after.records.length, written + 1);
    assert.equal(after.tornSegments, 0, 'the failed write was cut back, not left torn');
  } finally {
    const unmounted = spawnSync('umount', [mountPoint], { encoding: 'utf8' });
    assert.equal(unmounted.status, 0, unmounted.stderr);
    rmSync(mountPoint, { recursive: true, force: true });
  }
});
