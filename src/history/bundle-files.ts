// Incident bundles on disk: one self-contained JSON file per kill, written whole or not at all (a temporary
// file, fsync, rename), so a reader never meets half a bundle. Old bundles are removed by count.
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir } from './dirs.js';

const BUNDLE_PATTERN = /^\d{4}-\d\d-\d\dT[\d-]+\.\d{3}Z-[\w.-]+\.json$/;

/** Where a recording (`oomlens record --dir DIR`) keeps its incident bundles. */
export const bundlesDir = (recordingDir: string): string => join(recordingDir, 'bundles');

/** `2025-11-21T22-50-10.123Z-pid3892.json`: sortable by time, no colons. */
export function bundleName(wallMs: number, label: string): string {
  return `${new Date(wallMs).toISOString().replaceAll(':', '-')}-${label.replace(/[^\w.-]/g, '_')}.json`;
}

/** Writes `value` as `name` in `dir` atomically; returns the path. A name taken already gets `-2`, `-3`… */
export function writeBundleFile(dir: string, name: string, value: unknown): string {
  ensureDir(dir);
  const body = Buffer.from(`${JSON.stringify(value, null, 1)}\n`, 'utf8');
  const temporary = join(dir, `.${name}.${process.pid}.tmp`);
  const fd = openSync(temporary, 'w', 0o600);
  try {
    let done = 0;
    while (done < body.length) done += writeSync(fd, body, done);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(fd);
  const existing = new Set(readdirSync(dir));
  const stem = name.replace(/\.json$/, '');
  let final = name;
  for (let n = 2; existing.has(final); n += 1) final = `${stem}-${n}.json`;
  renameSync(temporary, join(dir, final));
  return join(dir, final);
}

/** Bundle files of a directory, oldest first; a missing directory has none. */
export function listBundleFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => BUNDLE_PATTERN.test(name))
      .sort()
      .map((name) => join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The parsed file, or null when it cannot be read or is not JSON (a reader skips it). */
export function readBundleFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Removes the oldest bundles beyond `keep`; returns how many went. */
export function pruneBundleFiles(dir: string, keep: number): number {
  const files = listBundleFiles(dir);
  let removed = 0;
  for (const path of files.slice(0, Math.max(0, files.length - keep))) {
    try {
      unlinkSync(path);
      removed += 1;
    } catch {
      // Gone already, or not ours to remove: retention tries again next time.
    }
  }
  return removed;
}
