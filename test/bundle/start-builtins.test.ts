// The node built-ins the TUI loads on its way to the first kill list, through the README's start line
// (bin/oomlens, the bundle's classic script with its code cache): none of those it only needs in other
// modes or later (docs/performance.md, issue 16, "Built-ins the TUI does not need"). A preload records
// process.moduleLoadList when the program exits after `q`, beyond what node had loaded before it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { installedBundle } from '../helpers/bin-layout.js';
import { hasTmux } from '../helpers/tmux.js';
import { Terminal, waitForExit, waitForKillList } from '../hygiene/harness.js';

/** Each with where it was loaded from before: a module of these names fails the test. */
const NOT_AT_START: [RegExp, string][] = [
  [/^NativeModule (http|_http_\w+)$/, 'the exporter only (scripts/bundle-plugins.js, lazyBuiltins)'],
  [/^NativeModule zlib$/, 'record and replay only (lazyBuiltins)'],
  [/^NativeModule (assert|internal\/assert\/.*)$/, "signal-exit's callback check (signalExitWithoutAssert)"],
  [/^NativeModule (fs\/promises|internal\/fs\/promises|internal\/readline\/.*)$/, 'listing saved incidents (src/model/incidents/store.ts)'],
  [/^NativeModule (perf_hooks|internal\/perf\/performance)$/, 'the global performance (scripts/bundle-inject.js)'],
  [/^NativeModule internal\/modules\/esm\/(module_job|translators|load)$/, 'an ES module entry (bin/package.json)'],
];

let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'oomlens-start-builtins-'));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the TUI starts, shows its kill list and quits without the built-ins it does not need', { skip: hasTmux() ? false : 'tmux is not installed', timeout: 120_000 }, async () => {
  const root = installedBundle(join(dir, 'installed'));
  const preload = join(dir, 'module-list.cjs');
  const report = join(dir, 'modules.json');
  writeFileSync(
    preload,
    [
      'const before = new Set(process.moduleLoadList);',
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList.filter((name) => !before.has(name)))));`,
    ].join('\n'),
  );
  const env = { NODE_OPTIONS: `--require ${preload}`, XDG_CACHE_HOME: join(dir, 'xdg'), XDG_STATE_HOME: join(dir, 'state') };
  // Twice: the first run compiles the script and writes its code cache, the second runs from it.
  for (const run of ['without a code cache', 'from the code cache']) {
    rmSync(report, { force: true });
    const terminal = new Terminal(`${join(root, 'bin', 'oomlens')} --interval 0.5`, 100, 30, env);
    try {
      await waitForKillList(terminal);
      // Past PRODUCE_AFTER_MS (bin/code-cache.js), so that the first run has written its cache.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      terminal.keys('q');
      assert.equal((await waitForExit(terminal)).code, 0, run);
    } finally {
      terminal.kill();
    }
    const loaded = JSON.parse(readFileSync(report, 'utf8')) as string[];
    assert.ok(loaded.includes('NativeModule tty'), `${run}: the list covers the TUI's start (it drew on a tty)`);
    const unwanted = loaded.flatMap((name) => NOT_AT_START.filter(([pattern]) => pattern.test(name)).map(([, why]) => `${name}: ${why}`));
    assert.deepEqual(unwanted, [], run);
  }
});
