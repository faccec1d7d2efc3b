// mkdir -p, one level at a time. Node 20's recursive mkdirSync never returns for a path under /proc
// (measured: `mkdirSync('/proc/x', { recursive: true })` spins until killed), and a --dir typo must be an
// error, not a hang.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function ensureDir(dir: string, mode = 0o700): void {
  try {
    if (statSync(dir).isDirectory()) return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const parent = dirname(dir);
    if (parent !== dir) ensureDir(parent, mode);
    try {
      mkdirSync(dir, { mode });
    } catch (made) {
      if ((made as NodeJS.ErrnoException).code !== 'EEXIST') throw made;
    }
    return;
  }
  const error: NodeJS.ErrnoException = new Error(`ENOTDIR: not a directory, mkdir '${dir}'`);
  error.code = 'ENOTDIR';
  throw error;
}
