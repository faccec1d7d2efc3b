// The recorder's side of the disk: samples appended to segments, bundles written whole, retention applied,
// and a disk that fills up said once ("stopped writing") and once again when writing resumes, never a crash
// and never a line per tick. Layout of a recording directory:
//   DIR/samples/<first-record-ms>.seg    the sample history (history/frame.ts, history/codec.ts)
//   DIR/bundles/<time>-pid<N>.json       one incident bundle per kill
import { join } from 'node:path';
import { applyRetention, type RetentionRules } from '../history/segments.js';
import { SegmentWriter } from '../history/segment-writer.js';
import { bundleName, bundlesDir, pruneBundleFiles, writeBundleFile } from '../history/bundle-files.js';
import { bundleLabel, type IncidentBundle } from '../model/recording/bundle.js';
import type { RecordedSample } from '../model/recording/sample.js';

export const samplesDir = (dir: string) => join(dir, 'samples');

export interface StoreRules extends RetentionRules {
  maxSegmentBytes: number;
  maxSegmentMs: number;
  /** Bundles kept, newest first. */
  maxBundles: number;
}

/** 4 MiB or one hour per segment: retention removes history an hour at a time at most. */
export const DEFAULT_STORE_RULES: Readonly<StoreRules> = {
  maxAgeMs: 48 * 3600_000,
  maxBytes: 256 << 20,
  maxSegmentBytes: 4 << 20,
  maxSegmentMs: 3600_000,
  maxBundles: 1000,
};

/** Retention is applied at most this often (and whenever a segment is closed). */
const RETENTION_EVERY_MS = 60_000;

const SPACE_CODES = new Set(['ENOSPC', 'EDQUOT']);

export class RecordingStore {
  private readonly writer: SegmentWriter;
  /** Why writing stopped, while it is stopped. */
  private stalled: string | null = null;
  private lastRetentionMs = -Infinity;
  private lastSegment: string | null = null;
  written = 0;
  bytes = 0;

  constructor(
    readonly dir: string,
    private readonly rules: Readonly<StoreRules>,
    private readonly log: (line: string) => void,
    sync = true,
  ) {
    this.writer = new SegmentWriter({ dir: samplesDir(dir), maxSegmentBytes: rules.maxSegmentBytes, maxSegmentMs: rules.maxSegmentMs, sync });
  }

  get stalledReason(): string | null {
    return this.stalled;
  }

  append(sample: RecordedSample): boolean {
    const outcome = this.writer.append(sample.t, sample);
    if (!outcome.ok) {
      if (this.stalled === null) {
        this.stalled = outcome.code;
        const why = SPACE_CODES.has(outcome.code) ? `no space left on the device of ${this.dir}` : `cannot write to ${this.dir}: ${outcome.message}`;
        this.log(`${why}: recording stopped; it resumes by itself when writing works again`);
      }
      return false;
    }
    if (this.stalled !== null) {
      this.log(`writing to ${this.dir} works again: recording resumed`);
      this.stalled = null;
    }
    this.written += 1;
    this.bytes += outcome.bytes;
    if (outcome.path !== this.lastSegment) {
      this.lastSegment = outcome.path;
      this.lastRetentionMs = -Infinity;
    }
    this.retain(sample.t);
    return true;
  }

  /** Writes a bundle; returns its path, or null (said in the log) when it could not be written. */
  writeBundle(bundle: IncidentBundle, nowMs: number): string | null {
    try {
      const path = writeBundleFile(bundlesDir(this.dir), bundleName(Date.parse(bundle.kill.wallTime) || nowMs, bundleLabel(bundle)), bundle);
      pruneBundleFiles(bundlesDir(this.dir), this.rules.maxBundles);
      return path;
    } catch (error) {
      this.log(`cannot write an incident bundle to ${bundlesDir(this.dir)}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  close(): void {
    this.writer.close();
  }

  private retain(nowMs: number): void {
    if (nowMs - this.lastRetentionMs < RETENTION_EVERY_MS) return;
    this.lastRetentionMs = nowMs;
    try {
      applyRetention(samplesDir(this.dir), this.rules, nowMs, this.writer.currentPath);
    } catch (error) {
      this.log(`retention: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
