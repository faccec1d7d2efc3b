// One file from one entry, as oomlens's bundle is built: scripts/bundle.js builds dist/oomlens.mjs with it,
// and bench/ink-floor.ts the bench's floor program, so the floor is built exactly as oomlens is.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePlugins } from './bundle-plugins.js';

// The CommonJS dependencies require() node's built-ins, and an ES module has no require: the banner makes one.
export const requireBanner = [
  "import { createRequire as __oomlensCreateRequire } from 'node:module';",
  'const require = __oomlensCreateRequire(import.meta.url);',
].join('\n');

/**
 * Bundles `entry` into `outfile` (ESM, node 20, production React, the plugins of bundle-plugins.js, the
 * injected Segmenter and performance of bundle-inject.js), then leaves one byte per character in it.
 * Returns esbuild's result (with its metafile).
 */
export async function buildOneFile({ root, entry, outfile, minify = true, banner = requireBanner }) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    splitting: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    minify,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: banner },
    inject: [join(root, 'scripts', 'bundle-inject.js')],
    plugins: bundlePlugins(root),
    metafile: true,
    logLevel: 'warning',
  });
  asciiOnly(outfile);
  return result;
}

// One byte per character. esbuild escapes non-ASCII characters in strings and templates but leaves them in
// regular expression literals (ours: per-mille and micro signs; a dependency's could come too); one such
// character makes V8 hold the whole source as a two-byte string: +0.85 MB of heap for 0.85 MB (measured:
// RSS 71.4 -> 70.7 MB). In a regular expression, with or without the u flag, \uXXXX matches the same BMP
// character; a character outside the BMP would need \u{...} under the u flag, so it stops the build.
function asciiOnly(outfile) {
  const source = readFileSync(outfile, 'utf8');
  const ascii = source.replace(/[^\t\n\r\x20-\x7e]/g, (char) => {
    const code = char.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) throw new Error(`bundle: a character outside the BMP is left in the output: U+${char.codePointAt(0).toString(16)}`);
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
  if (ascii !== source) writeFileSync(outfile, ascii);
}
