#!/usr/bin/env node
// `npm run bundle`: one file, dist/oomlens.mjs, that runs with nothing but node >= 20 beside it.
// Copy it to a box that has no oomlens installed and run `node oomlens.mjs`.
//
// - ESM, platform node, target node20; every dynamic import() in src/cli/main.ts is inlined (no splitting),
//   so the one file is the whole program.
// - Production React: process.env.NODE_ENV is replaced by "production" at build time, so React's
//   development build (about twice the render cost, and a lot of bytes) is dropped.
// - CommonJS dependencies (react, systeminformation, ...) call require() for node's built-ins; in an ESM
//   file there is no require, so the banner makes one with createRequire.
// - yoga-layout 3.x ships its wasm inline (base64) in its JS: nothing to copy.
// - systeminformation is CommonJS whose platform modules are required statically; it bundles and works
//   (src/runtime/host-facts.ts falls back to os.hostname/os.release if it ever throws).
// - Minified: see MINIFY below.
import { build } from 'esbuild';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'oomlens.mjs');

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
  "import { createRequire as __oomlensCreateRequire } from 'node:module';",
  'const require = __oomlensCreateRequire(import.meta.url);',
].join('\n');

// Ink connects React devtools when DEV=true: it import()s its devtools.js, which imports
// react-devtools-core (not installed), and reads its own package.json from beside its files. Neither
// exists beside a one-file bundle; inlined, the devtools import would even become a static import that
// fails at start-up. In the bundle DEV never means anything: isDev() is false and devtools.js is empty.
const noInkDevtools = {
  name: 'no-ink-devtools',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]ink[\\/]build[\\/]utils\.js$/ }, () => ({
      contents: 'export const isDev = () => false;\n',
      loader: 'js',
    }));
    pluginBuild.onLoad({ filter: /[\\/]ink[\\/]build[\\/]devtools\.js$/ }, () => ({
      contents: 'export {};\n',
      loader: 'js',
    }));
  },
};

// yoga-layout's emscripten loader gets its inline wasm (a data: URI) with fetch() whenever fetch is a
// function; in node 20 the first touch of the global fetch loads undici: ~35 ms of start-up, measured,
// before the first frame. Told fetch is absent, the loader decodes the same base64 synchronously. A yoga
// release that changes the loader fails the build here instead of silently losing the patch. Since the
// patch depends on that file, yoga-layout is a direct dependency in package.json, pinned to the exact
// version Ink 6.8 resolves (its range is ~3.2.1), so an install cannot move it under us.
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const patched = source.replaceAll('typeof fetch', '"undefined"');
      if (patched === source) throw new Error('yoga-without-fetch: no "typeof fetch" in ' + args.path);
      return { contents: patched, loader: 'js' };
    });
  },
};

// Every import of string-width 8 (Ink, cli-truncate, widest-line, our src/) gets src/text/fast-graphemes.ts's
// fast path in front of it, with its own strip-ansi and get-east-asian-width. Together with the injected lazy
// Intl.Segmenter, lines of ASCII, box drawing and arrows are measured without ICU (fast-graphemes.ts has the
// figures). wrap-ansi's own string-width 7 is left as it is: it counts text-style emoji (U+00A9) as two
// columns where 8 counts one, and Ink wraps only text wider than its box.
const fastStringWidth = {
  name: 'fast-string-width',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.real) return undefined;
      const real = await pluginBuild.resolve('string-width', { resolveDir: args.resolveDir, kind: args.kind, pluginData: { real: true } });
      if (real.errors.length > 0) return { errors: real.errors };
      const manifest = JSON.parse(await readFile(join(dirname(real.path), 'package.json'), 'utf8'));
      if (!manifest.version.startsWith('8.')) return { path: real.path };
      return { path: real.path, namespace: 'fast-string-width' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'fast-string-width' }, (args) => ({
      contents: [
        `import real from ${JSON.stringify(args.path)};`,
        "import stripAnsi from 'strip-ansi';",
        "import { eastAsianWidth } from 'get-east-asian-width';",
        `import { createFastStringWidth } from ${JSON.stringify(join(root, 'src', 'text', 'fast-graphemes.ts'))};`,
        'export default createFastStringWidth(real, stripAnsi, eastAsianWidth);',
      ].join('\n'),
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

const result = await build({
  entryPoints: [join(root, 'src', 'cli', 'main.ts')],
  outfile,
  bundle: true,
  splitting: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  minify: MINIFY,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: { js: banner },
  inject: [join(root, 'scripts', 'bundle-inject.js')],
  plugins: [noInkDevtools, yogaWithoutFetch, fastStringWidth],
  metafile: true,
  logLevel: 'warning',
});

// One byte per character. esbuild escapes non-ASCII characters in strings and templates but leaves them in
// regular expression literals (ours: per-mille signs, micro signs; systeminformation's degree sign); one
// such character makes V8 hold the whole 0.8 MB source as a two-byte string: +0.85 MB of heap (measured:
// RSS 71.4 -> 70.7 MB). In a regular expression, with or without the u flag, \uXXXX matches the same BMP
// character; a character outside the BMP would need \u{...} under the u flag, so it stops the build.
const source = readFileSync(outfile, 'utf8');
const ascii = source.replace(/[^\t\n\r\x20-\x7e]/g, (char) => {
  const code = char.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) throw new Error(`bundle: a character outside the BMP is left in the output: U+${char.codePointAt(0).toString(16)}`);
  return `\\u${code.toString(16).padStart(4, '0')}`;
});
if (ascii !== source) writeFileSync(outfile, ascii);
chmodSync(outfile, 0o755);
const bytes = statSync(outfile).size;
const inputs = Object.keys(result.metafile.inputs).length;
process.stdout.write(`dist/oomlens.mjs: ${(bytes / 1024 / 1024).toFixed(2)} MB from ${inputs} modules${MINIFY ? ' (minified)' : ''}\n`);
