// The one-file install: `npm run bundle` writes dist/oomlens.mjs, which, copied ALONE into an empty
// directory (no node_modules anywhere above it, no package.json), runs every mode with nothing but node.
// Its start-up and time to first frame, against bin/oomlens.js, are measured by the bench
// (bench/measure-startup.ts), not here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { PROJECT_DIR, fixturePath } from '../helpers/fixtures.js';
import { hasTmux } from '../helpers/tmux.js';
import { VERSION } from '../../src/version.js';
import { MAX_OUTPUT, hasKillList, oomlensCommand, waitForExit, waitForKillList, Terminal } from '../hygiene/harness.js';

let dir = '';
let bundle = '';

before(() => {
  const built = spawnSync('npm', ['run', 'bundle', '--silent'], { cwd: PROJECT_DIR, encoding: 'utf8', timeout: 120_000 });
  assert.equal(built.status, 0, `npm run bundle failed:\n${built.stdout}\n${built.stderr}`);
  dir = mkdtempSync(join(tmpdir(), 'oomlens-bundle-'));
  bundle = join(dir, 'oomlens.mjs');
  copyFileSync(join(PROJECT_DIR, 'dist', 'oomlens.mjs'), bundle);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the copied bundle in its empty directory, with no way to find the project's node_modules. */
function runBundle(args: string[]) {
  const result = spawnSync(process.execPath, ['oomlens.mjs', ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: MAX_OUTPUT,
    // No NODE_ENV: the bundle must pick production React by itself. No NODE_PATH, no colour switches.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TERM: 'xterm-256color' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('the bundle is one executable file with a node shebang, production React and nothing to resolve', () => {
  const text = spawnSync('head', ['-c', '4096', bundle], { encoding: 'utf8' }).stdout;
  assert.match(text, /^#!\/usr\/bin\/env node\n/);
  assert.ok(statSync(bundle).mode & 0o100, 'executable');
  assert.deepEqual(readdirSync(dir), ['oomlens.mjs']);
  // Nothing above the temp dir could supply a package.
  for (let up = dir; up !== dirname(up); up = dirname(up)) {
    assert.ok(!existsSync(join(dirname(up), 'node_modules')), `${dirname(up)}/node_modules exists: the test would not prove the bundle is alone`);
  }
  const source = readFileSync(bundle, 'utf8');
  assert.ok(source.includes('Minified React error'), 'react-reconciler\'s production build is in');
  assert.ok(!source.includes('useInsertionEffect must not schedule updates'), 'its development build is not');
  assert.doesNotMatch(source, /[^\x00-\x7f]/, 'ASCII only: V8 then holds the source one byte per character');
  assert.doesNotMatch(source, /Intl\.Segmenter/, 'every Intl.Segmenter is the lazy one (scripts/bundle-inject.js)');
  const size = statSync(bundle).size;
  console.log(`# dist/oomlens.mjs: ${(size / 1024).toFixed(0)} kB`);
  assert.ok(size < 4 << 20, `the bundle is ${size} bytes: did a development build or a second copy of React get in?`);
});

test('--help and --version', () => {
  const help = runBundle(['--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^oomlens: top for the Linux OOM killer\n\nusage:/);
  assert.equal(help.stderr, '');
  const version = runBundle(['--version']);
  assert.equal(version.stdout, `oomlens ${VERSION}\n`);
  // Run as a program through its shebang, with node found on PATH.
  const direct = spawnSync('./oomlens.mjs', ['--version'], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: dir },
  });
  assert.equal(direct.status, 0, direct.stderr);
  assert.equal(direct.stdout, `oomlens ${VERSION}\n`);
});

test('--once: the plain frame of this machine, with the kill list', () => {
  const run = runBundle(['--once', '--interval', '0.3']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  const lines = run.stdout.split('\n');
  assert.match(lines[0]!, /^oomlens \S+ · /);
  assert.ok(lines.some((line) => /^MEM +\[/.test(line)), run.stdout);
  assert.ok(hasKillList(run.stdout), run.stdout);
  assert.ok(run.stdout.includes(`${process.pid} `), 'this test runner is in the list');
  assert.doesNotMatch(run.stdout, /\x1b/, 'a pipe gets no escape sequences');
});

test('--json: one snapshot with this machine\'s processes', () => {
  const run = runBundle(['--json', '--interval', '0.3']);
  assert.equal(run.status, 0, run.stderr);
  const snapshot = JSON.parse(run.stdout) as { version: string; host: { kernel: string }; processes: { pid: number }[]; memory: { totalKb: number } };
  assert.equal(snapshot.version, VERSION);
  assert.equal(snapshot.host.kernel, spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim());
  assert.ok(snapshot.memory.totalKb > 0);
  assert.ok(snapshot.processes.some((p) => p.pid === process.pid));
});

test('explain FILE, human and --json', () => {
  const file = fixturePath('oom', 'real-memcg-v1-6.18-dmesg.txt');
  const human = runBundle(['explain', file]);
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /^OOM report 1 · /m);
  assert.match(human.stdout, /Killed +\S+ \(pid \d+/);
  const json = runBundle(['explain', '--json', file]);
  assert.equal(json.status, 0, json.stderr);
  assert.ok((JSON.parse(json.stdout) as { reports: unknown[] }).reports.length >= 1);
  const missing = runBundle(['explain', join(dir, 'no-such.log')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^oomlens: cannot read .*no-such\.log/);
});

const skipTmux = hasTmux() ? false : 'tmux is not installed';

test('interactive in a real terminal: the kill list, q exits 0 and leaves the alternate screen', { skip: skipTmux, timeout: 60_000 }, async () => {
  const terminal = new Terminal(`cd ${dir} && ${oomlensCommand({ program: 'oomlens.mjs', env: { TERM: 'xterm-256color' } })}`, 100, 30);
  try {
    const screen = await waitForKillList(terminal);
    assert.match(screen, /^oomlens /);
    assert.match(screen, /q quit/);
    assert.equal(terminal.pane('alternate_on'), '1');
    terminal.keys('q');
    const exit = await waitForExit(terminal);
    assert.equal(exit.code, 0);
    assert.deepEqual(exit.before, [], 'nothing printed on the way out');
    assert.equal(terminal.pane('alternate_on'), '0');
    assert.equal(terminal.pane('cursor_flag'), '1');
  } finally {
    terminal.kill();
  }
});
