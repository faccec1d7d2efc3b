// oomlens's TUI in a pty, from the one-file bundle when it has been built (what gets copied to a box in
// trouble), else from bin/oomlens.js; or from bin/oomlens, the README's start line (the launcher that
// execs node with its flags). Incidents go to a temporary state directory, not the user's.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.js';
import { PtyProgram } from './pty.js';

export const PROJECT_DIR = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = join(PROJECT_DIR, 'dist', 'oomlens.mjs');
export const BIN = join(PROJECT_DIR, 'bin', 'oomlens.js');
/** The README's start line: a sh launcher that execs node with oomlens's flags (bin/oomlens). */
export const LAUNCHER = join(PROJECT_DIR, 'bin', 'oomlens');

/** How to start oomlens: the command words before its arguments, and a name for the report. */
export interface Entry {
  command: string;
  label: string;
}

export const BUNDLE_ENTRY: Entry = { command: `${process.execPath} ${BUNDLE}`, label: 'dist/oomlens.mjs' };
export const LAUNCHER_ENTRY: Entry = { command: LAUNCHER, label: 'bin/oomlens' };

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

export function oomlensEntry(): Entry {
  return existsSync(BUNDLE) ? { ...BUNDLE_ENTRY, label: 'dist/oomlens.mjs (bundle)' } : { command: `${process.execPath} ${BIN}`, label: 'bin/oomlens.js (no bundle)' };
}

/** `command`: the words that start oomlens (an Entry's), run by sh after `exec`. */
export function startOomlens(args: string, command: string = oomlensEntry().command, columns = 80, rows = 24): PtyProgram {
  return new PtyProgram({
    command: `${command} ${args}`,
    columns,
    rows,
    // NODE_ENV unset, as a user's shell has it (undefined drops it from the environment; '' did not):
    // bin/ and the bundle choose production React themselves.
    env: { XDG_STATE_HOME: benchStateDir(), NODE_ENV: undefined },
  });
}
