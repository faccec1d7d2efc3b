// esbuild plugins for scripts/bundle.js: each changes how a dependency is bundled, and says why.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

// Ink connects React devtools when DEV=true: it import()s its devtools.js, which imports
// react-devtools-core (not installed), and reads its own package.json from beside its files. Neither
// exists beside a one-file bundle; inlined, the devtools import would even become a static import that
// fails at start-up. In the bundle DEV never means anything: isDev() is false and devtools.js is empty.
export const noInkDevtools = {
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
export const yogaWithoutFetch = {
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

// signal-exit 3 (Ink's exit hook, restore-cursor's) checks its callback with assert.equal on every call,
// so the first onExit() at start loaded assert (lazy above) after all: its index.js, module.exports,
// `assert.equal(typeof cb, 'function', ...)`. The check runs only when cb is not a function: the same
// AssertionError then, and no assert (+1.5 MB RSS, measured) for the callbacks Ink and cli-cursor give.
// A signal-exit that changes that line fails the build here instead of silently losing the patch.
export const signalExitWithoutAssert = {
  name: 'signal-exit-without-assert',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]signal-exit[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const check = "assert.equal(typeof cb, 'function', 'a callback must be provided for exit handler')";
      if (!source.includes(check)) throw new Error('signal-exit-without-assert: no callback assert in ' + args.path);
      return { contents: source.replace(check, `if (typeof cb !== 'function') ${check}`), loader: 'js' };
    });
  },
};

// Every import of string-width 8 (Ink, cli-truncate, widest-line, our src/) gets src/text/fast-graphemes.ts's
// fast path in front of it, with its own strip-ansi and get-east-asian-width. Together with the injected lazy
// Intl.Segmenter, lines of ASCII, box drawing and arrows are measured without ICU (fast-graphemes.ts has the
// figures). wrap-ansi's own string-width 7 is left as it is: it counts text-style emoji (U+00A9) as two
// columns where 8 counts one, and Ink wraps only text wider than its box.
export const fastStringWidth = (root) => ({
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
      // require(), not import: esbuild then initialises the real module on the first call, not at start.
      contents: [
        "import stripAnsi from 'strip-ansi';",
        "import { eastAsianWidth } from 'get-east-asian-width';",
        `import { createFastStringWidth } from ${JSON.stringify(join(root, 'src', 'text', 'fast-graphemes.ts'))};`,
        `export default createFastStringWidth(() => require(${JSON.stringify(args.path)}).default, stripAnsi, eastAsianWidth);`,
      ].join('\n'),
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
});

// Ink's Output (the grid each frame is drawn into) is src/text/fast-output.ts in the bundle: the same
// frames with about a tenth of the allocation (its header and docs/performance.md have the figures). It
// (with fast-output-cache.ts) mirrors Ink 6.8.0's build/output.js and ansi-tokenize's styledChars.js line
// for line, so the build stops when either file is not the one it was checked against
// (test/text/fast-output.test.ts is the check).
const MIRRORED = {
  'ink/build/output.js': 'de9078c7fc647c40cf9e32d6658fcbbee91dae9e3f6334e5f4ebfc5905fc401d',
  '@alcalzone/ansi-tokenize/build/styledChars.js': '4b795be4e4b072f02f0bba951b6476ba0c25ba8be059d45a09de9582cef281c2',
};
export const fastInkOutput = (root) => ({
  name: 'fast-ink-output',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]ink[\\/]build[\\/]output\.js$/ }, async (args) => {
      const modules = join(args.path, '..', '..', '..');
      for (const [file, sha256] of Object.entries(MIRRORED)) {
        const actual = createHash('sha256').update(await readFile(join(modules, file))).digest('hex');
        if (actual !== sha256) throw new Error(`fast-ink-output: ${file} is not the one src/text/fast-output.ts mirrors; check it again`);
      }
      return {
        contents: [
          "import sliceAnsi from 'slice-ansi';",
          "import stringWidth from 'string-width';",
          "import { ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental, tokenize } from '@alcalzone/ansi-tokenize';",
          `import { createOutputClass } from ${JSON.stringify(join(root, 'src', 'text', 'fast-output.ts'))};`,
          'export default createOutputClass({ tokenize, reduceAnsiCodesIncremental, diffAnsiCodes, ansiCodesToString, sliceAnsi, stringWidth });',
        ].join('\n'),
        resolveDir: dirname(args.path),
        loader: 'js',
      };
    });
  },
});

// Node built-ins that the TUI imports but rarely calls are loaded on the first call instead of at start:
// child_process (src/oom/command-lines.ts spawns journalctl or dmesg only when /dev/kmsg cannot be read;
// Ink's terminal-size runs `tput` only without a TTY), assert (signal-exit's check of its callback, which
// signalExitWithoutAssert above makes only for a non-function), http (src/exporter/server.ts's
// createServer, only with --listen), zlib (src/history/codec.ts's deflateRawSync/inflateRawSync and
// frame.ts's crc32: `record` and `replay`) and fs/promises (saving an incident, model/incidents/store.ts).
// Measured with smaps_rollup: `node -e 'require("child_process")'` +2.1 MB RSS, assert +1.5 MB; the TUI
// at 100 processes, side by side over 40 s: RSS 80-82 -> 73-74 MB. http and zlib: docs/performance.md,
// issue 16, "Built-ins the TUI does not need". Every function the module exports becomes a function that
// loads it and calls through (so a class among them cannot be constructed through its named import: use
// the default export); the default export (and a CommonJS require) gets a proxy that does the same.
const LAZY_BUILTINS = ['child_process', 'assert', 'http', 'zlib', 'fs/promises'];
export const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(pluginBuild) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    pluginBuild.onResolve({ filter }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.namespace === 'lazy-builtin') return { path: `node:${name}`, external: true };
      return { path: name, namespace: 'lazy-builtin' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const real = createRequire(import.meta.url)(`node:${args.path}`);
      const names = Object.keys(real).filter((key) => typeof real[key] === 'function' && /^[A-Za-z_$][\w$]*$/.test(key));
      const target = typeof real === 'function' ? 'function () {}' : '{}';
      const lines = [
        `let real; const load = () => (real ??= require('node:${args.path}'));`,
        ...names.map((name) => `export function ${name}(...args) { return load().${name}(...args); }`),
        `export default new Proxy(${target}, { apply: (_t, self, args) => Reflect.apply(load(), self, args), get: (_t, key) => load()[key] });`,
      ];
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

/** Every plugin above, in the order bundle-build.js gives them to esbuild. */
export const bundlePlugins = (root) => [noInkDevtools, yogaWithoutFetch, signalExitWithoutAssert, fastStringWidth(root), fastInkOutput(root), lazyBuiltins];
