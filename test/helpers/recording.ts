// A recording written by the recorder's own storage (src/history) in a temporary directory: samples in
// CRC-framed segments, one incident bundle per kill, for the replay tests.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeBundleFile } from '../../src/history/bundle-files.js';
import { SegmentWriter } from '../../src/history/segment-writer.js';
import type { RecordedSample } from '../../src/model/recording/sample.js';
import { tempDir } from './temp-dirs.js';

/** `segments`: the samples of each segment file, in time order; `killsMs`: a bundle for each. */
export function writeRecording(segments: readonly (readonly RecordedSample[])[], killsMs: readonly number[]): string {
  const dir = tempDir('oomlens-replay-');
  for (const samples of segments) {
    const writer = new SegmentWriter({ dir: join(dir, 'samples'), maxSegmentBytes: 1 << 20, maxSegmentMs: 3600_000, sync: false });
    for (const sample of samples) assert.ok(writer.append(sample.t, sample).ok);
    writer.close();
  }
  for (const killMs of killsMs) {
    const stamp = new Date(killMs).toISOString().replace(/:/g, '-');
    writeBundleFile(join(dir, 'bundles'), `${stamp}-pid999001.json`, {
      kind: 'oomlens-incident-bundle', version: 1, victims: [], kill: { wallTime: new Date(killMs).toISOString() },
    });
  }
  return dir;
}
