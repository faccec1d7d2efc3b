// A temporary copy of the installed layout for bin/'s tests: the real bin/ (launcher, entry, code-cache
// loader), a bundle and a compiled tree that only say which they are, project inputs older than the build,
// and the build's record (dist/oomlens.inputs.json). With a classic script, the record lists it as the
// build does (scripts/bundle.js), so bin/ runs it through its code cache.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_DIR } from './fixtures.js';
import { SMALL_HEAP_FLAGS } from '../../src/runtime/heap-flags.js';

export const LAYOUT_INPUTS = ['src/cli/main.ts', 'src/ui/App.tsx', 'package-lock.json'];

export interface LayoutOptions {
  bundleSource?: string;
  /** dist/oomlens.script.js: an expression for `async function (require, importMetaUrl)`. */
  scriptSource?: string;
}

export function binLayout(root: string, options: LayoutOptions = {}): string {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  mkdirSync(join(root, 'bin'), { recursive: true });
  for (const file of readdirSync(join(PROJECT_DIR, 'bin'))) copyFileSync(join(PROJECT_DIR, 'bin', file), join(root, 'bin', file));
  write('dist/oomlens.mjs', options.bundleSource ?? "process.stdout.write('bundle\\n');\n");
  write('dist/cli/main.js', "process.stdout.write(`tree [${process.env.NODE_ENV}]\\n`);\n");
  const builtAtMs = Date.now() - 60_000;
  for (const input of LAYOUT_INPUTS) {
    write(input, '// source\n');
    utimesSync(join(root, input), new Date(builtAtMs - 60_000), new Date(builtAtMs - 60_000));
  }
  const bundleBytes = statSync(join(root, 'dist', 'oomlens.mjs')).size;
  const stamp: Record<string, unknown> = { builtAtMs, bundleBytes, inputs: LAYOUT_INPUTS };
  if (options.scriptSource !== undefined) {
    write('dist/oomlens.script.js', options.scriptSource);
    stamp.script = scriptRecord(root);
  }
  write('dist/oomlens.inputs.json', JSON.stringify(stamp));
  return root;
}

/** The build's record of dist/oomlens.script.js as it is now: what a rebuild would write. */
export function scriptRecord(root: string): { bytes: number; sha256: string; v8Flags: string[] } {
  const text = readFileSync(join(root, 'dist', 'oomlens.script.js'));
  return { bytes: text.length, sha256: createHash('sha256').update(text).digest('hex'), v8Flags: [...SMALL_HEAP_FLAGS] };
}

/** The real bundle, installed as a package is (bin/ and dist/, no src/), from the project's own build, at `root`. */
export function installedBundle(root: string): string {
  const built = spawnSync('npm', ['run', 'bundle', '--silent'], { cwd: PROJECT_DIR, encoding: 'utf8', timeout: 120_000 });
  assert.equal(built.status, 0, built.stderr);
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (const file of readdirSync(join(PROJECT_DIR, 'bin'))) copyFileSync(join(PROJECT_DIR, 'bin', file), join(root, 'bin', file));
  for (const file of ['oomlens.mjs', 'oomlens.script.js', 'oomlens.inputs.json']) copyFileSync(join(PROJECT_DIR, 'dist', file), join(root, 'dist', file));
  return root;
}
