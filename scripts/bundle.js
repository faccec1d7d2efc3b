#!/usr/bin/env node
// `npm run bundle`: one file, dist/oomlens.mjs, that runs with nothing but node >= 20 beside it.
// Copy it to a box that has no oomlens installed and run `node oomlens.mjs`.
//
// - ESM, platform node, target node20; every dynamic import() in src/cli/main.ts is inlined (no splitting),
//   so the one file is the whole program.
// - Production React: process.env.NODE_ENV is replaced by "production" at build time, so React's
//   development build (about twice the render cost, and a lot of bytes) is dropped.
// - CommonJS dependencies (react, signal-exit, ...) call require() for node's built-ins; in an ESM file
//   there is no require, so the banner makes one with createRequire.
// - yoga-layout 3.x ships its wasm inline (base64) in its JS: nothing to copy.
// - Minified: see MINIFY below.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOneFile, requireBanner } from './bundle-build.js';
import { writeClassicScript } from './bundle-classic.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'oomlens.mjs');
const scriptFile = join(root, 'dist', 'oomlens.script.js');
const builtAtMs = Date.now();

// Minified. Measured on the 2-core test VM (node 20.20, median of 20 runs each): start-up is the same
// either way (`--version` 157 ms unminified vs 163 ms minified, `--json --interval 0.2` 416 vs 422 ms;
// V8 compiles the 1.8 MB file in ~32 ms and the 0.8 MB one in ~28 ms), but the file is 1.8 MB vs
// 0.8 MB (360 kB vs 265 kB gzipped), and the bundle exists to be copied, often over a slow SSH link, to
// a box in trouble. Readable names buy nothing there: oomlens prints one-line errors, never stacks.
// OOMLENS_BUNDLE_MINIFY=0 builds the readable file for debugging.
const MINIFY = process.env.OOMLENS_BUNDLE_MINIFY !== '0';

const banner = [
  '#!/usr/bin/env node',
  '// oomlens, bundled into one file by scripts/bundle.js. Needs node >= 20 and nothing else.',
  requireBanner,
].join('\n');

const result = await buildOneFile({ root, entry: join(root, 'src', 'cli', 'main.ts'), outfile, minify: MINIFY, banner });
chmodSync(outfile, 0o755);
const bytes = statSync(outfile).size;
await writeClassicScript(outfile, banner, scriptFile, MINIFY);

/** SMALL_HEAP_FLAGS of src/runtime/heap-flags.ts, the one home of that list, read the way node would. */
async function smallHeapFlags() {
  const built = await build({ absWorkingDir: root, entryPoints: [join(root, 'src', 'runtime', 'heap-flags.ts')], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'warning' });
  const { SMALL_HEAP_FLAGS } = await import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`);
  return [...SMALL_HEAP_FLAGS];
}

// What bin/oomlens.js checks before it runs the bundle: the project's own files that went into it (not
// node_modules: an install changes package-lock.json, and `npm ci` rebuilds the bundle), and when. And
// for its code cache: the classic script's size and hash (a cache is kept for one script only) and the
// heap flags the program sets at run time (V8 rejects a cache made under other flags).
const inputs = Object.keys(result.metafile.inputs).filter((path) => !path.includes(':') && !path.startsWith('node_modules/'));
for (const extra of ['package.json', 'package-lock.json', 'scripts/bundle.js', 'scripts/bundle-build.js', 'scripts/bundle-plugins.js', 'scripts/bundle-classic.js']) {
  if (!inputs.includes(extra)) inputs.push(extra);
}
const scriptText = readFileSync(scriptFile);
const script = { bytes: scriptText.length, sha256: createHash('sha256').update(scriptText).digest('hex'), v8Flags: await smallHeapFlags() };
writeFileSync(join(root, 'dist', 'oomlens.inputs.json'), JSON.stringify({ builtAtMs, bundleBytes: bytes, script, inputs }, null, 1) + '\n');
process.stdout.write(`dist/oomlens.mjs: ${(bytes / 1024 / 1024).toFixed(2)} MB from ${Object.keys(result.metafile.inputs).length} modules${MINIFY ? ' (minified)' : ''}\n`);
