// The stack's floor, for scale beside oomlens's memory at idle: bench/ink-floor-app.ts (22 lines of text
// redrawn every second, nothing else) built as oomlens's bundle is (scripts/bundle-build.js) and started
// with the node flags of bin/oomlens. No target; the row says how much of oomlens's memory node, React and
// Ink take by themselves.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOneFile } from '../scripts/bundle-build.js';
import { onCleanup } from './cleanup.js';
import { PROJECT_DIR } from './oomlens-tui.js';
import { PtyProgram } from './pty.js';

/** bin/oomlens's node flags, read from the launcher itself so the two cannot drift apart. */
function launcherNodeFlags(): string {
  const exec = /^exec node (.*) "\$dir\/oomlens\.js" "\$@"$/m.exec(readFileSync(join(PROJECT_DIR, 'bin', 'oomlens'), 'utf8'));
  if (exec === null) throw new Error('bench: cannot find the node command line in bin/oomlens');
  return exec[1]!;
}

let built: string | null = null;

async function buildFloor(): Promise<string> {
  if (built !== null) return built;
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-bench-ink-floor-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const outfile = join(dir, 'ink-floor.mjs');
  await buildOneFile({ root: PROJECT_DIR, entry: join(PROJECT_DIR, 'bench', 'ink-floor-app.ts'), outfile });
  built = outfile;
  return outfile;
}

/** The floor program in its own pty, as bin/oomlens would run it. */
export async function startInkFloor(): Promise<PtyProgram> {
  return new PtyProgram({ command: `node ${launcherNodeFlags()} ${await buildFloor()}`, env: { NODE_ENV: undefined } });
}

/** Its screen is up: the last of its lines. */
export const INK_FLOOR_DRAWN = /\b21 +\d+ -{60}/;
