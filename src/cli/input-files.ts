// Files named on the command line, looked at before anything starts, so that a wrong path is one line and
// exit 2 now rather than an empty result (or a panel blaming the kernel log) later.
import { closeSync, constants, openSync, readSync, statSync } from 'node:fs';

/** How much of a file is looked at: a text log has no NUL byte in its first KiB; a program or a gzip does. */
const SNIFF_BYTES = 1024;
const GZIP_MAGIC = [0x1f, 0x8b];

/** The reason in a few words, never node's message (it names syscalls: "EIO: i/o error, read"). */
function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  return code === undefined ? 'unknown error' : `error ${code}`;
}

/** Why the first KiB read from `fd` is not text, or null when it may be. */
function binaryReason(fd: number, path: string): string | null {
  const head = Buffer.alloc(SNIFF_BYTES);
  const length = readSync(fd, head, 0, SNIFF_BYTES, 0);
  if (length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) {
    return `${path} is gzip-compressed, not a text log: decompress it first (zcat)`;
  }
  return head.subarray(0, length).includes(0) ? `${path} is not a text log: it holds binary data` : null;
}

/**
 * Why a regular file is not a text log (NUL bytes or a gzip header in its first KiB), or null. A file that
 * cannot be opened, a device or a pipe gives null: its reader reports those, and a pipe must not be read twice.
 */
export function binaryFileProblem(path: string): string | null {
  let fd: number;
  try {
    if (!statSync(path).isFile()) return null;
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    return binaryReason(fd, path);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Why `--kernel-log PATH` cannot be the kernel log, or null: it must exist, not be a directory, open for
 * reading (without blocking, for a FIFO) and, when it is a regular file, hold text.
 */
export function kernelLogProblem(path: string): string | null {
  let isFile: boolean;
  let fd: number;
  try {
    const info = statSync(path);
    if (info.isDirectory()) return `${path} is a directory, not a log file`;
    isFile = info.isFile();
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return `cannot read ${path}: ${describeError(error)}`;
  }
  try {
    return isFile ? binaryReason(fd, path) : null;
  } catch (error) {
    return `cannot read ${path}: ${describeError(error)}`;
  } finally {
    closeSync(fd);
  }
}
