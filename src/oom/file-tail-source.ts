// A live source over a plain log file (`--kernel-log FILE` in the TUI, or a test that appends a report to a
// file): each take() reads what was appended since the last call, like `tail -f`. Reads are capped per
// tick so a huge file is replayed over several ticks instead of freezing the screen; a file that shrank
// (rotated, truncated) is read again from the start.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { describeError } from './kernel-log-source.js';
import { LogLineReader } from './log-line.js';
import type { LiveLineSource } from './oom-watcher.js';
import type { LogLine } from './types.js';

const MAX_BYTES_PER_TAKE = 4 * 1024 * 1024;
const MAX_LINE_CHARS = 64 * 1024;

export class FileTailSource implements LiveLineSource {
  readonly source = 'file';
  readonly lostRecords = 0;
  error: string | null = null;
  private fd: number | null = null;
  private offset = 0;
  private partial = '';
  private decoder = new StringDecoder('utf8');
  private readonly reader = new LogLineReader();
  private readonly buffer = Buffer.alloc(256 * 1024);

  /** fromEnd: start at the current end of the file (only new lines), as a live view normally wants. */
  constructor(
    readonly description: string,
    fromEnd = false,
  ) {
    try {
      this.fd = openSync(description, 'r');
      if (fromEnd) this.offset = fstatSync(this.fd).size;
    } catch (error) {
      this.error = `cannot read ${description}: ${describeError(error)}`;
    }
  }

  take(): LogLine[] {
    if (this.fd === null) return [];
    try {
      return this.readAppended(this.fd);
    } catch (error) {
      this.error = `cannot read ${this.description}: ${describeError(error)}`;
      return [];
    }
  }

  private readAppended(fd: number): LogLine[] {
    const size = fstatSync(fd).size;
    if (size < this.offset) {
      this.offset = 0;
      this.partial = '';
      this.decoder = new StringDecoder('utf8');
    }
    let text = '';
    for (let budget = MAX_BYTES_PER_TAKE; budget > 0 && this.offset < size; ) {
      const length = readSync(fd, this.buffer, 0, Math.min(this.buffer.length, budget), this.offset);
      if (length === 0) break;
      this.offset += length;
      budget -= length;
      text += this.decoder.write(this.buffer.subarray(0, length));
    }
    const pieces = (this.partial + text).split('\n');
    // The last piece has no newline yet: keep it for the next tick (bounded, like any line).
    this.partial = (pieces.pop() ?? '').slice(0, MAX_LINE_CHARS);
    return pieces.flatMap((raw) => this.reader.read(raw.slice(0, MAX_LINE_CHARS)));
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
