// The stack's floor, for scale beside oomlens's memory at idle: bench/ink-floor-app.ts (22 lines of text
// redrawn every second, nothing else) bundled with oomlens's esbuild plugins and started with the node flags
// of bin/oomlens. No target; the row says how much of oomlens's memory node, React and Ink take by
// themselves.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundlePlugins, requireBanner } from '../scripts/bundle-plugins.js';
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
  await build({
    absWorkingDir: PROJECT_DIR,
    entryPoints: [join(PROJECT_DIR, 'bench', 'ink-floor-app.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    inject: [join(PROJECT_DIR, 'scripts', 'bundle-inject.js')],
    banner: { js: requireBanner },
    plugins: bundlePlugins(PROJECT_DIR),
    logLevel: 'warning',
  });
  built = outfile;
  return outfile;
}

/** The floor program in its own pty, as bin/oomlens would run it. */
export async function startInkFloor(): Promise<PtyProgram> {
  return new PtyProgram({ command: `node ${launcherNodeFlags()} ${await buildFloor()}`, env: { NODE_ENV: undefined } });
}

/** Its screen is up: the last of its lines. */
export const INK_FLOOR_DRAWN = /\b21 +\d+ -{60}/;
