// A time cursor over a recording, for `oomlens replay`: one sample at a time, stepping across segment
// boundaries, seeking a time, jumping to the last sample before the previous or next kill. Segments are
// decoded on demand and only the last few are kept, so a 48-hour recording is browsed in bounded memory.
import { listSegments, readSegment, visitSegment, type SegmentFile } from '../history/segments.js';
import { asRecordedSample, type RecordedSample } from '../model/recording/sample.js';

const CACHED_SEGMENTS = 3;

interface Position {
  segment: number;
  index: number;
}

export class ReplayCursor {
  private readonly segments: SegmentFile[];
  private readonly cache = new Map<number, RecordedSample[]>();
  private position: Position | null = null;
  private shown: RecordedSample | null = null;

  /** `killsMs`: the wall times of the recorded kills (the bundles'), any order. */
  constructor(samplesDir: string, private readonly killsMs: number[]) {
    this.segments = listSegments(samplesDir);
    this.killsMs = [...killsMs].sort((a, b) => a - b);
  }

  get kills(): readonly number[] {
    return this.killsMs;
  }

  /**
   * The sample at the cursor. A recording can be replayed while it is being written, and retention may
   * delete the segment shown meanwhile: the sample last shown stays the answer until the cursor moves.
   */
  current(): RecordedSample | null {
    if (this.position === null) return null;
    const sample = this.load(this.position.segment)[this.position.index];
    if (sample !== undefined) this.shown = sample;
    return this.shown;
  }

  /** Moves to the last sample at or before `atMs` (the first sample when none is); false when there are none. */
  seek(atMs: number): boolean {
    const found = this.positionAt(atMs);
    if (found !== null) this.position = found;
    return found !== null;
  }

  /** One sample later (delta 1) or earlier (-1); stays at either end. */
  step(delta: 1 | -1): void {
    this.position = this.neighbour(delta) ?? this.position;
  }

  /** The sample one later (1) or earlier (-1), without moving; null at either end. */
  peek(delta: 1 | -1): RecordedSample | null {
    const found = this.neighbour(delta);
    return found === null ? null : (this.load(found.segment)[found.index] ?? null);
  }

  /**
   * Each sample of the recording, oldest first, handed to `visit` as it is decoded and kept by nobody
   * (none cached): reading a day for the timeline holds one sample at a time, not a segment of them.
   */
  visitAll(visit: (sample: RecordedSample) => void): void {
    for (const file of this.segments) {
      visitSegment(file.path, (record) => {
        const sample = asRecordedSample(record.value);
        if (sample !== null) visit(sample);
      });
    }
  }

  private neighbour(delta: 1 | -1): Position | null {
    if (this.position === null) return null;
    const { segment, index } = this.position;
    if (this.load(segment)[index + delta] !== undefined) return { segment, index: index + delta };
    for (let s = segment + delta; s >= 0 && s < this.segments.length; s += delta) {
      const samples = this.load(s);
      if (samples.length > 0) return { segment: s, index: delta === 1 ? 0 : samples.length - 1 };
    }
    return null;
  }

  /** To the last sample before the next (1) or previous (-1) kill that is not the one shown now. */
  jumpToKill(direction: 1 | -1): boolean {
    const here = this.position;
    if (here === null) return false;
    const order = direction === 1 ? this.killsMs : [...this.killsMs].reverse();
    for (const killMs of order) {
      const target = this.positionAt(killMs - 1);
      if (target === null) continue;
      const compared = compare(target, here);
      if ((direction === 1 && compared > 0) || (direction === -1 && compared < 0)) {
        this.position = target;
        return true;
      }
    }
    return false;
  }

  private positionAt(atMs: number): Position | null {
    // Segments start in time order: the answer is in the last one that starts by atMs, or (when that one
    // is empty or torn before atMs) in one before it; only those are decoded.
    let start = -1;
    this.segments.forEach((segment, index) => {
      if (segment.firstMs <= atMs) start = index;
    });
    for (let s = start; s >= 0; s -= 1) {
      const samples = this.load(s);
      for (let index = samples.length - 1; index >= 0; index -= 1) if (samples[index]!.t <= atMs) return { segment: s, index };
    }
    for (let s = 0; s < this.segments.length; s += 1) if (this.load(s).length > 0) return { segment: s, index: 0 };
    return null;
  }

  private load(segment: number): RecordedSample[] {
    const cached = this.cache.get(segment);
    if (cached !== undefined) return cached;
    const file = this.segments[segment];
    const samples = file === undefined ? [] : segmentSamples(file);
    this.cache.set(segment, samples);
    // The oldest other than the cursor's own: the sample shown must stay decodable.
    for (const key of this.cache.keys()) {
      if (this.cache.size <= CACHED_SEGMENTS) break;
      if (key !== this.position?.segment && key !== segment) this.cache.delete(key);
    }
    return samples;
  }
}

function segmentSamples(file: SegmentFile): RecordedSample[] {
  return readSegment(file.path).records.flatMap((r) => asRecordedSample(r.value) ?? []);
}

function compare(a: Position, b: Position): number {
  return a.segment - b.segment || a.index - b.index;
}
