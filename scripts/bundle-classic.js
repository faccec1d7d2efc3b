// The bundle once more, as a classic script, derived from dist/oomlens.mjs itself so that the two cannot
// differ: bin/oomlens.js compiles it with vm.Script, the one API of node 20 that takes a V8 code cache
// (`cachedData`; an ES module cannot be given one without --experimental-vm-modules). Why and what it
// buys: docs/performance.md, "A V8 code cache for the bundle".
//
// A classic script has no `import`, no `import.meta` and no top-level await; the module has all three
// (the await is main.ts's `await main()`, and yoga-layout's). So esbuild bundles the module's own output
// once more:
//  - every `node:` import becomes a require() of the built-in (esbuild's CommonJS interop gives the named
//    imports), and the `require` the banner made with createRequire becomes the wrapper's parameter;
//  - `import.meta.url` becomes the wrapper's other parameter, the bundle's own URL, so a dependency that
//    reads it sees what it would see in the module;
//  - the rest is wrapped in an async function, where the top-level awaits are at home, in strict mode
//    as a module is.
// What comes out is checked: no import of any kind is left (esbuild's record of the output) and V8
// compiles it as a script (an `import.meta` or an `import` statement would be a syntax error).
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { Script } from 'node:vm';

/** The parameters of the wrapper, in the order bin/oomlens.js passes them. */
const REQUIRE = 'require';
const IMPORT_META_URL = '__oomlensImportMetaUrl';

const builtinsAsRequire = {
  name: 'builtins-as-require',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'require-call' ? { path: args.path, external: true } : { path: args.path, namespace: 'builtin' },
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});\n`,
      loader: 'js',
    }));
  },
};

/**
 * Writes the classic form of the module at `modulePath` (whose first lines are `banner`) to `scriptPath`:
 * an expression that evaluates to `async function (require, importMetaUrl)`.
 */
export async function writeClassicScript(modulePath, banner, scriptPath, minify) {
  const module = readFileSync(modulePath, 'utf8');
  if (!module.startsWith(banner + '\n')) throw new Error(`bundle-classic: ${modulePath} does not start with the banner`);
  const result = await build({
    stdin: { contents: module.slice(banner.length + 1), sourcefile: modulePath, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify,
    legalComments: 'none',
    define: { 'import.meta.url': IMPORT_META_URL },
    plugins: [builtinsAsRequire],
    metafile: true,
    logLevel: 'warning',
  });
  const [output] = Object.values(result.metafile.outputs);
  const imports = output.imports.filter((entry) => entry.kind !== 'require-call');
  if (imports.length > 0) throw new Error(`bundle-classic: imports left in the script: ${imports.map((entry) => `${entry.kind} ${entry.path}`).join(', ')}`);
  const body = result.outputFiles[0].text;
  const script = `(async function (${REQUIRE}, ${IMPORT_META_URL}) {\n'use strict';\n${body}})\n`;
  new Script(script, { filename: scriptPath });
  writeFileSync(scriptPath, script);
}
