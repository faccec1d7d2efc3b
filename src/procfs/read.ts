// Thin readers shared by every procfs file. The kernel regenerates a /proc file on each read, so each
// file is read whole in one call. A process can vanish between readdir and read: those errors mean
// "gone", not "broken", and callers get null.
import { readFileSync } from 'node:fs';

const GONE = new Set(['ENOENT', 'ESRCH', 'ENOTDIR']);

/** True for the errors a vanished process (or an absent kernel file) produces. */
export function isGone(error: unknown): boolean {
  return typeof error === 'object' && error !== null && GONE.has((error as NodeJS.ErrnoException).code ?? '');
}

/** True for permission errors: the file exists but this user may not read it. */
export function isDenied(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EACCES' || code === 'EPERM';
}

/** The file's text, or null if it (or its process) does not exist. Other errors are thrown. */
export function readTextOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}

/** Like readTextOrNull, but a file this user may not read is null too (hardened procfs, others' cgroups). */
export function readTextIfAllowed(path: string): string | null {
  try {
    return readTextOrNull(path);
  } catch (error) {
    if (isDenied(error)) return null;
    throw error;
  }
}

/** The file's bytes, or null if it (or its process) does not exist. */
export function readBytesOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}
