// bin/code-cache.js: the bundle's classic script run with a V8 code cache. In a temporary copy of the
// layout (test/helpers/bin-layout.ts) with a small script that says which it is, then with the real
// bundle: a cache is written by a run that lives past the first frame, used by the next run, and any
// cache that is not this script's, this node's or whole is refused without a word and written anew.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { binLayout, installedBundle, scriptRecord } from '../helpers/bin-layout.js';
import { hasTmux } from '../helpers/tmux.js';
import { Terminal, waitForExit, waitForKillList } from '../hygiene/harness.js';

let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'oomlens-code-cache-'));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * A program with a few functions, which prints its name and the URL it was given, and with `linger`
 * stays as long as a monitor would have written its cache (bin/code-cache.js writes 1.5 s in).
 */
function program(name: string): string {
  return [
    '(async function (require, importMetaUrl) {',
    "'use strict';",
    'const parts = (text) => text.split(" ").map((word) => word.toUpperCase());',
    `process.stdout.write(parts(${JSON.stringify(name)}).join(" ") + " " + importMetaUrl + "\\n");`,
    "if (process.argv[2] === 'linger') await new Promise((resolve) => setTimeout(resolve, 2500));",
    '})',
    '',
  ].join('\n');
}

const CACHE = join('dist', 'oomlens.code-cache');

/** A layout of its own, and a cache directory of its own for the XDG fallback. */
function layout(name: string, scriptName = 'script a'): { root: string; env: NodeJS.ProcessEnv } {
  const root = binLayout(join(dir, name), { scriptSource: program(scriptName) });
  return { root, env: { ...process.env, NODE_ENV: undefined, XDG_CACHE_HOME: join(dir, name, 'xdg') } };
}

function run(root: string, env: NodeJS.ProcessEnv, linger = false): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(join(root, 'bin', 'oomlens'), linger ? ['linger'] : [], { encoding: 'utf8', timeout: 30_000, env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The output of a clean run of the layout's script, named `name`. */
function ranAs(name: string, root: string) {
  return { status: 0, stdout: `${name.toUpperCase()} file://${join(root, 'dist', 'oomlens.mjs')}\n`, stderr: '' };
}

function header(path: string): string {
  const bytes = readFileSync(path);
  return bytes.subarray(0, bytes.indexOf(10)).toString();
}

function leftovers(root: string): string[] {
  const dist = readdirSync(join(root, 'dist')).filter((name) => name.endsWith('.tmp'));
  const xdg = join(root, 'xdg', 'oomlens');
  return [...dist, ...(existsSync(xdg) ? readdirSync(xdg).filter((name) => name.endsWith('.tmp')) : [])];
}

test('a run that lives past its first frame writes the cache beside the bundle; the next run uses it', () => {
  const { root, env } = layout('fresh');
  assert.deepEqual(run(root, env), ranAs('script a', root), 'a short run');
  assert.equal(existsSync(join(root, CACHE)), false, 'a short run (--version, --json) writes no cache');
  assert.deepEqual(run(root, env, true), ranAs('script a', root));
  const written = readFileSync(join(root, CACHE));
  const key = JSON.parse(header(join(root, CACHE))) as unknown[];
  assert.deepEqual(key.slice(0, 3), ['oomlens-code-cache-1', process.version, process.arch]);
  assert.ok(key.includes(scriptRecord(root).sha256), 'keyed by the script the build recorded');
  assert.ok(written.length > 1000, 'V8 data after the header');
  assert.deepEqual(run(root, env, true), ranAs('script a', root));
  assert.ok(readFileSync(join(root, CACHE)).equals(written), 'an accepted cache is left as it is');
  assert.deepEqual(leftovers(root), []);
});

test('a damaged, cut, foreign or meaningless cache is refused, the program runs, and the cache is rewritten', () => {
  const { root, env } = layout('bad');
  run(root, env, true);
  const good = readFileSync(join(root, CACHE));
  const dataAt = good.indexOf(10) + 1;
  const flipped = Buffer.from(good);
  for (let i = dataAt + 200; i < dataAt + 264; i++) flipped.writeUInt8(flipped.readUInt8(i) ^ 0x5a, i);
  const foreign = Buffer.concat([Buffer.from(header(join(root, CACHE)).replace(process.version, 'v20.0.0') + '\n'), good.subarray(dataAt)]);
  const cases: Record<string, Buffer> = {
    // Without V8's checksum this crashed node inside the deserializer (SIGSEGV): bin/code-cache.js.
    'damaged past the header': flipped,
    'cut in half': good.subarray(0, Math.floor(good.length / 2)),
    'made by another node': foreign,
    'not a cache': Buffer.from('\x00\x01garbage\n'.repeat(100)),
    empty: Buffer.alloc(0),
  };
  for (const [label, bytes] of Object.entries(cases)) {
    writeFileSync(join(root, CACHE), bytes);
    assert.deepEqual(run(root, env, true), ranAs('script a', root), label);
    const now = readFileSync(join(root, CACHE));
    assert.ok(!now.equals(bytes), `${label}: rewritten`);
    assert.equal(now.subarray(0, dataAt).toString(), good.subarray(0, dataAt).toString(), `${label}: with this run's key`);
  }
});

test('a cache never runs another script: one edited by hand, or rebuilt', () => {
  const { root, env } = layout('stale', 'script a');
  run(root, env, true);
  // Edited in place to the same size: the build's record still matches, the file's mtime does not.
  writeFileSync(join(root, 'dist', 'oomlens.script.js'), program('script b'));
  assert.deepEqual(run(root, env), ranAs('script b', root));
  // Rebuilt: the record changes with it, and the new file is dated like the old one.
  const { root: rebuilt, env: rebuiltEnv } = layout('rebuilt', 'script a');
  run(rebuilt, rebuiltEnv, true);
  const script = join(rebuilt, 'dist', 'oomlens.script.js');
  writeFileSync(script, program('script c'));
  utimesSync(script, new Date(0), new Date(0));
  const stampPath = join(rebuilt, 'dist', 'oomlens.inputs.json');
  writeFileSync(stampPath, JSON.stringify({ ...JSON.parse(readFileSync(stampPath, 'utf8')), script: scriptRecord(rebuilt) }));
  assert.deepEqual(run(rebuilt, rebuiltEnv, true), ranAs('script c', rebuilt));
  assert.deepEqual(run(rebuilt, rebuiltEnv), ranAs('script c', rebuilt), 'with the cache written for it');
});

test('nowhere to write beside the bundle: the cache goes to XDG_CACHE_HOME, and with nowhere at all there is none', () => {
  // Root may write anywhere, so "not writable" is a directory where the cache file would be.
  const { root, env } = layout('read-only');
  mkdirSync(join(root, CACHE, 'taken'), { recursive: true });
  assert.deepEqual(run(root, env, true), ranAs('script a', root));
  const names = readdirSync(join(root, 'xdg', 'oomlens'));
  assert.equal(names.length, 1, names.join(' '));
  const cached = names[0]!;
  assert.match(cached, /^code-cache-[0-9a-f]+$/);
  const written = readFileSync(join(root, 'xdg', 'oomlens', cached));
  assert.deepEqual(run(root, env, true), ranAs('script a', root));
  assert.ok(readFileSync(join(root, 'xdg', 'oomlens', cached)).equals(written), 'used from there');

  const { root: nowhere, env: nowhereEnv } = layout('nowhere');
  mkdirSync(join(nowhere, CACHE, 'taken'), { recursive: true });
  writeFileSync(join(nowhere, 'xdg'), 'a file where the directory would be\n');
  assert.deepEqual(run(nowhere, nowhereEnv, true), ranAs('script a', nowhere));
  assert.deepEqual(leftovers(nowhere), []);
});

test('an edited source still sends bin/ to the compiled tree, whatever the cache holds', () => {
  const { root, env } = layout('edited');
  run(root, env, true);
  writeFileSync(join(root, 'src', 'ui', 'App.tsx'), '// changed\n');
  assert.equal(run(root, env).stdout, 'tree [production]\n');
});

/** The real bundle, installed (test/helpers/bin-layout.ts), with its own cache directory. */
function installedCopy(name: string): { root: string; env: Record<string, string> } {
  const root = installedBundle(join(dir, name));
  return { root, env: { XDG_CACHE_HOME: join(root, 'xdg') } };
}

const skipTmux = hasTmux() ? false : 'tmux is not installed';

test('the real program through its cache: the TUI writes it, then the TUI, --version and --json run with it', { skip: skipTmux, timeout: 120_000 }, async () => {
  const { root, env } = installedCopy('real');
  const cache = join(root, CACHE);
  const tui = () => new Terminal(`${join(root, 'bin', 'oomlens')} --interval 0.5`, 100, 30, env);
  const first = tui();
  let written: Buffer;
  try {
    await waitForKillList(first);
    written = await new Promise<Buffer>((resolve, reject) => {
      const deadline = Date.now() + 20_000;
      const poll = () => {
        if (existsSync(cache)) resolve(readFileSync(cache));
        else if (Date.now() > deadline) reject(new Error('no cache written'));
        else setTimeout(poll, 100);
      };
      poll();
    });
    first.keys('q');
    assert.equal((await waitForExit(first)).code, 0);
  } finally {
    first.kill();
  }
  const second = tui();
  try {
    const screen = await waitForKillList(second);
    assert.match(screen, /^oomlens /);
    second.keys('q');
    const exit = await waitForExit(second);
    assert.equal(exit.code, 0);
    assert.deepEqual(exit.before, [], 'nothing printed on the way out');
  } finally {
    second.kill();
  }
  assert.ok(readFileSync(cache).equals(written), 'the second run used the cache and left it');
  const childEnv = { ...process.env, NODE_ENV: undefined, ...env };
  const version = spawnSync(join(root, 'bin', 'oomlens'), ['--version'], { encoding: 'utf8', timeout: 30_000, env: childEnv });
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /^oomlens \d+\.\d+\.\d+\n$/);
  const json = spawnSync(join(root, 'bin', 'oomlens'), ['--json', '--interval', '0.2'], { encoding: 'utf8', timeout: 30_000, env: childEnv, maxBuffer: 256 << 20 });
  assert.equal(json.status, 0, json.stderr);
  assert.equal(json.stderr, '');
  const snapshot = JSON.parse(json.stdout) as { processes: unknown[] };
  assert.ok(snapshot.processes.length > 0);
  assert.ok(readFileSync(cache).equals(written));
});
