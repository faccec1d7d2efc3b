// bin/oomlens.js runs the bundle only when it was built from the sources as they are now, else the
// compiled tree. Here in a temporary copy of the layout, with a bundle and a tree that only say which they
// are, so each case shows which one bin/ chose. The build's own record of its inputs is checked too, and
// bin/oomlens, the README's start line: the sh launcher that execs node with oomlens's flags.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { binLayout, scriptRecord } from '../helpers/bin-layout.js';
import { PROJECT_DIR } from '../helpers/fixtures.js';

let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'oomlens-entry-'));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh layout (test/helpers/bin-layout.ts) whose bundle prints `bundle`, or runs `bundleSource`. */
function layout(name: string, bundleSource?: string): string {
  return binLayout(join(dir, name), { bundleSource });
}

function entryRun(root: string, env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: undefined }): { chose: string; status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'oomlens.js')], { encoding: 'utf8', timeout: 30_000, env });
  return { chose: run.stdout.trim().replace(/^tree \[production\]$/, 'tree'), status: run.status, stderr: run.stderr };
}

test('the bundle runs when no input changed since its build', () => {
  assert.equal(entryRun(layout('fresh')).chose, 'bundle');
});

test('an edited, touched or deleted source sends bin/ to the compiled tree', () => {
  const edited = layout('edited');
  writeFileSync(join(edited, 'src', 'ui', 'App.tsx'), '// changed\n');
  assert.equal(entryRun(edited).chose, 'tree');
  const touched = layout('touched');
  utimesSync(join(touched, 'src', 'cli', 'main.ts'), new Date(), new Date());
  assert.equal(entryRun(touched).chose, 'tree');
  const lockfile = layout('lockfile');
  writeFileSync(join(lockfile, 'package-lock.json'), '{}\n');
  assert.equal(entryRun(lockfile).chose, 'tree', 'a dependency change');
  const deleted = layout('deleted');
  rmSync(join(deleted, 'src', 'ui', 'App.tsx'));
  assert.equal(entryRun(deleted).chose, 'tree');
});

test('the compiled tree gets production React unless NODE_ENV says otherwise; empty is unset', () => {
  const root = layout('node-env');
  rmSync(join(root, 'dist', 'oomlens.mjs'));
  assert.equal(entryRun(root).chose, 'tree');
  assert.equal(entryRun(root, { ...process.env, NODE_ENV: '' }).chose, 'tree');
  assert.equal(entryRun(root, { ...process.env, NODE_ENV: 'test' }).chose, 'tree [test]');
});

test('no record, or a bundle that is not the one recorded: the compiled tree', () => {
  const unrecorded = layout('unrecorded');
  rmSync(join(unrecorded, 'dist', 'oomlens.inputs.json'));
  assert.equal(entryRun(unrecorded).chose, 'tree');
  const replaced = layout('replaced');
  writeFileSync(join(replaced, 'dist', 'oomlens.mjs'), "process.stdout.write('another bundle\\n');\n");
  assert.equal(entryRun(replaced).chose, 'tree');
});

test('an installed package (no src/) runs its bundle; nothing built says so', () => {
  const installed = layout('installed');
  rmSync(join(installed, 'src'), { recursive: true });
  assert.equal(entryRun(installed).chose, 'bundle');
  const unbuilt = layout('unbuilt');
  rmSync(join(unbuilt, 'dist'), { recursive: true });
  const run = entryRun(unbuilt);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /not built yet: run `npm run build` first/);
});

test('the bundle build records its project inputs, the time it started and the bundle it wrote', () => {
  const built = spawnSync('npm', ['run', 'bundle', '--silent'], { cwd: PROJECT_DIR, encoding: 'utf8', timeout: 120_000 });
  assert.equal(built.status, 0, built.stderr);
  const stamp = JSON.parse(readFileSync(join(PROJECT_DIR, 'dist', 'oomlens.inputs.json'), 'utf8')) as { builtAtMs: number; bundleBytes: number; inputs: string[] };
  for (const input of ['src/cli/main.ts', 'src/ui/App.tsx', 'src/procfs/meminfo.ts', 'package-lock.json', 'scripts/bundle.js', 'scripts/bundle-plugins.js']) {
    assert.ok(stamp.inputs.includes(input), input);
  }
  assert.ok(stamp.inputs.every((input) => !input.startsWith('node_modules/') && !input.includes(':')));
  assert.equal(stamp.bundleBytes, statSync(join(PROJECT_DIR, 'dist', 'oomlens.mjs')).size);
  for (const input of stamp.inputs) assert.ok(statSync(join(PROJECT_DIR, input)).mtimeMs <= stamp.builtAtMs, `${input} is older than the build`);
  // The classic script bin/ runs with a code cache (test/bundle/code-cache.test.ts): recorded as it is, with
  // the heap flags of src/runtime/heap-flags.ts, which V8 hashes into a cache.
  assert.deepEqual((stamp as unknown as { script: unknown }).script, scriptRecord(PROJECT_DIR));
});

// A bundle that reports how it was started: its arguments, node's flags, its pid, the allocator's setting.
const REPORTER = [
  "process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), execArgv: process.execArgv, pid: process.pid, arenaMax: process.env.MALLOC_ARENA_MAX ?? null }) + '\\n');",
  "if (process.argv[2] === 'fail') process.exit(7);",
].join('\n');

interface Report {
  argv: string[];
  execArgv: string[];
  pid: number;
  arenaMax: string | null;
}

/** Runs `command` (the launcher or a link to it) and resolves with its pid, exit status and report. */
function launch(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ pid: number; status: number | null; report: Report }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ pid: child.pid!, status, report: JSON.parse(out) as Report }));
  });
}

test('bin/oomlens follows relative and absolute links to its directory, as npm bin links need', async () => {
  const root = layout('links', REPORTER);
  const links = join(dir, 'links-elsewhere', 'bin');
  mkdirSync(join(links, 'deeper'), { recursive: true });
  symlinkSync('../../links/bin/oomlens', join(links, 'relative'));
  symlinkSync(join(links, 'relative'), join(links, 'deeper', 'absolute-to-relative'));
  for (const command of [join(root, 'bin', 'oomlens'), join(links, 'relative'), join(links, 'deeper', 'absolute-to-relative')]) {
    const run = await launch(command, ['--once']);
    assert.equal(run.status, 0, command);
    assert.deepEqual(run.report.argv, ['--once'], command);
  }
  // Found through PATH, as `oomlens` after `npm install -g`: $0 is then the path PATH gave.
  const run = await launch('relative', ['--json'], { ...process.env, PATH: `${links}:${process.env.PATH}` });
  assert.deepEqual(run.report.argv, ['--json']);
  // The directory holding the link is itself a link (a global bin dir such as /usr/local/bin -> /opt/x/bin):
  // the link's "../../" must be taken from where the directory really is, not by trimming the path's text.
  // Here dir/alias-bin -> dir/links-elsewhere/bin: by text, alias-bin/../../links is outside dir.
  const aliased = join(dir, 'alias-bin');
  symlinkSync(links, aliased);
  const throughAlias = await launch(join(aliased, 'relative'), ['--once']);
  assert.equal(throughAlias.status, 0);
  assert.deepEqual(throughAlias.report.argv, ['--once']);
});

test('bin/oomlens passes arguments through untouched, execs node with its flag, and exits with its status', async () => {
  const root = layout('launcher', REPORTER);
  const args = ['--filter', 'two words', "it's", '$HOME', '*', '', '--', '-e'];
  const run = await launch(join(root, 'bin', 'oomlens'), args, { ...process.env, MALLOC_ARENA_MAX: undefined });
  assert.equal(run.status, 0);
  assert.deepEqual(run.report.argv, args);
  assert.equal(run.report.pid, run.pid, 'node replaced the shell (exec): no parent left behind');
  assert.deepEqual(run.report.execArgv, ['--v8-pool-size=1']);
  assert.equal(run.report.arenaMax, null, 'nothing added to the environment journalctl and dmesg inherit');
  const failed = await launch(join(root, 'bin', 'oomlens'), ['fail']);
  assert.equal(failed.status, 7);
});

test('bin/oomlens runs the real bundle', () => {
  const version = (JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as { version: string }).version;
  const run = spawnSync(join(PROJECT_DIR, 'bin', 'oomlens'), ['--version'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), `oomlens ${version}`);
});

test("the README's start line is bin/oomlens, and the bench's start-line figures run it", async () => {
  const readme = readFileSync(join(PROJECT_DIR, 'README.md'), 'utf8');
  const startLine = /```sh\n(npm ci && .*)\n```/.exec(readme)?.[1];
  assert.equal(startLine, 'npm ci && bin/oomlens');
  const { LAUNCHER_ENTRY } = await import('../../bench/oomlens-tui.js');
  assert.equal(LAUNCHER_ENTRY.command, join(PROJECT_DIR, 'bin', 'oomlens'));
  const pkg = JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.equal(pkg.bin.oomlens, 'bin/oomlens', 'npm links the launcher');
});
