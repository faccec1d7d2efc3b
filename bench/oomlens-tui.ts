// oomlens's TUI in a pty, from the one-file bundle when it has been built (what gets copied to a box in
// trouble), else from bin/oomlens.js. Incidents go to a temporary state directory, not the user's.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.js';
import { PtyProgram } from './pty.js';

export const PROJECT_DIR = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = join(PROJECT_DIR, 'dist', 'oomlens.mjs');
export const BIN = join(PROJECT_DIR, 'bin', 'oomlens.js');

/** The memory gauge is drawn once the first snapshot is in: the first frame with data. */
export const FIRST_DATA_FRAME = /MEM +\[/;

let stateDir: string | null = null;

function benchStateDir(): string {
  if (stateDir === null) {
    const dir = mkdtempSync(join(tmpdir(), 'oomlens-bench-state-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    stateDir = dir;
  }
  return stateDir;
}

export function oomlensEntry(): { path: string; label: string } {
  return existsSync(BUNDLE) ? { path: BUNDLE, label: 'dist/oomlens.mjs (bundle)' } : { path: BIN, label: 'bin/oomlens.js (no bundle)' };
}

export function startOomlens(args: string, entry: string = oomlensEntry().path, columns = 80, rows = 24): PtyProgram {
  return new PtyProgram({
    command: `${process.execPath} ${entry} ${args}`,
    columns,
    rows,
    // NODE_ENV unset, as a user's shell has it (undefined drops it from the environment; '' did not):
    // bin/ and the bundle choose production React themselves.
    env: { XDG_STATE_HOME: benchStateDir(), NODE_ENV: undefined },
  });
}
