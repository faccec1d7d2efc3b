// Appends samples to the current segment file and starts a new one by size or age. A new writer always
// starts a new segment, so a segment torn by a crash is never appended to. A failed write (a full disk) is
// cut back to the last whole record (ftruncate frees space, it needs none), so the segment stays readable
// and the next append, once there is room, goes on where the good records end.
import { closeSync, fdatasyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SegmentEncoder } from './codec.js';
import { ensureDir } from './dirs.js';
import { encodeFrame, SEGMENT_MAGIC } from './frame.js';
import { segmentName } from './segments.js';

export interface SegmentWriterOptions {
  /** The samples directory (created 0700 if missing). */
  dir: string;
  /** A segment is closed once it holds this many bytes... */
  maxSegmentBytes: number;
  /** ... or once its first record is this old (ms). */
  maxSegmentMs: number;
  /** fdatasync after every record: on power loss at most the record being written is lost. */
  sync: boolean;
}

export type AppendOutcome = { ok: true; bytes: number; path: string } | { ok: false; code: string; message: string };

interface OpenSegment {
  fd: number;
  path: string;
  firstMs: number;
  size: number;
  encoder: SegmentEncoder;
}

function errorOutcome(error: unknown): AppendOutcome {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  return { ok: false, code, message: error instanceof Error ? error.message : String(error) };
}

function writeAll(fd: number, data: Buffer, position: number): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done, position + done);
}

export class SegmentWriter {
  private segment: OpenSegment | null = null;
  /** Segments this writer closed, for retention to know which files are finished. */
  readonly closed: string[] = [];

  constructor(private readonly options: SegmentWriterOptions) {}

  /** The file being written, or null between segments. */
  get currentPath(): string | null {
    return this.segment?.path ?? null;
  }

  append(wallMs: number, value: unknown): AppendOutcome {
    try {
      const open = this.segmentFor(wallMs);
      const { codec, body } = open.encoder.encode(value);
      const frame = encodeFrame({ codec, wallMs, body });
      try {
        writeAll(open.fd, frame, open.size);
        if (this.options.sync) fdatasyncSync(open.fd);
      } catch (error) {
        this.cutBack(open);
        // A key record that never reached the file must not become the dictionary of the next one.
        if (open.size === SEGMENT_MAGIC.length) open.encoder = new SegmentEncoder();
        throw error;
      }
      open.size += frame.length;
      return { ok: true, bytes: frame.length, path: open.path };
    } catch (error) {
      return errorOutcome(error);
    }
  }

  close(): void {
    if (this.segment === null) return;
    try {
      if (this.options.sync) fdatasyncSync(this.segment.fd);
    } catch {
      // Closing after a failed sync still releases the descriptor; what was written stays readable.
    }
    closeSync(this.segment.fd);
    this.closed.push(this.segment.path);
    this.segment = null;
  }

  private segmentFor(wallMs: number): OpenSegment {
    const open = this.segment;
    if (open !== null && open.size < this.options.maxSegmentBytes && wallMs - open.firstMs < this.options.maxSegmentMs) return open;
    this.close();
    ensureDir(this.options.dir);
    for (let attempt = 0; ; attempt += 1) {
      const path = join(this.options.dir, segmentName(wallMs, attempt));
      let fd: number;
      try {
        fd = openSync(path, 'wx', 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 100) continue;
        throw error;
      }
      const segment: OpenSegment = { fd, path, firstMs: wallMs, size: 0, encoder: new SegmentEncoder() };
      try {
        writeAll(fd, SEGMENT_MAGIC, 0);
      } catch (error) {
        // A file without its magic is read as empty; leave it for retention rather than fail twice.
        closeSync(fd);
        throw error;
      }
      segment.size = SEGMENT_MAGIC.length;
      this.segment = segment;
      return segment;
    }
  }

  /** After a failed write: drop the partial record; if even that fails, the next append starts a new segment. */
  private cutBack(open: OpenSegment): void {
    try {
      ftruncateSync(open.fd, open.size);
    } catch {
      this.close();
    }
  }
}
