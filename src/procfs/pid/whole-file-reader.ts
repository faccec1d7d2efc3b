// Whole-file reads by path into one reused Buffer: a tick reads thousands of small /proc files, and a
// Buffer (or a string) per read was most of what a tick allocated.
import { closeSync, openSync, readSync } from 'node:fs';
import { isDenied, isGone } from '../read.js';

/** True for the errors of an open that found no free descriptor (per process, or system-wide). */
export function isOutOfDescriptors(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EMFILE' || code === 'ENFILE';
}

/** One Buffer, reused for every whole-file read. */
export class WholeFileReader {
  buffer = Buffer.allocUnsafe(16 * 1024);

  /**
   * `freeDescriptors`: called when an open fails for want of descriptors; true when it gave some back
   * (the open is then tried once more).
   */
  constructor(private readonly freeDescriptors: () => boolean = () => false) {}

  private open(file: string): number | null {
    for (let attempt = 0; ; attempt++) {
      try {
        return openSync(file, 'r');
      } catch (error) {
        if (isGone(error) || isDenied(error)) return null;
        if (!isOutOfDescriptors(error) || attempt > 0 || !this.freeDescriptors()) throw error;
      }
    }
  }

  /** Reads a whole file by path into `buffer`; its length, or null when it (or its process) is gone. */
  read(file: string): number | null {
    const fd = this.open(file);
    if (fd === null) return null;
    try {
      let length = 0;
      for (;;) {
        if (length === this.buffer.length) this.buffer = Buffer.concat([this.buffer, Buffer.allocUnsafe(this.buffer.length)]);
        const read = readSync(fd, this.buffer, length, this.buffer.length - length, length);
        length += read;
        // procfs hands over a whole single-record file in one read when it fits.
        if (read === 0 || length < this.buffer.length) return length;
      }
    } catch (error) {
      if (isGone(error) || isDenied(error)) return null;
      throw error;
    } finally {
      closeSync(fd);
    }
  }

  /** The file's text (UTF-8), or null when it (or its process) is gone. */
  text(file: string): string | null {
    const length = this.read(file);
    return length === null ? null : this.buffer.toString('utf8', 0, length);
  }
}
