// bin/oomlens.js runs the bundle only when it was built from the sources as they are now, else the
// compiled tree. Here in a temporary copy of the layout, with a bundle and a tree that only say which they
// are, so each case shows which one bin/ chose. The build's own record of its inputs is checked too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { PROJECT_DIR } from '../helpers/fixtures.js';

const INPUTS = ['src/cli/main.ts', 'src/ui/App.tsx', 'package-lock.json'];
let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'oomlens-entry-'));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh layout: bin/, a bundle and a tree that print their name, the inputs, and the build's record. */
function layout(name: string): string {
  const root = join(dir, name);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync(join(PROJECT_DIR, 'bin', 'oomlens.js'), join(root, 'bin', 'oomlens.js'));
  write('dist/oomlens.mjs', "process.stdout.write('bundle\\n');\n");
  write('dist/cli/main.js', "process.stdout.write(`tree [${process.env.NODE_ENV}]\\n`);\n");
  const builtAtMs = Date.now() - 60_000;
  for (const input of INPUTS) {
    write(input, '// source\n');
    utimesSync(join(root, input), new Date(builtAtMs - 60_000), new Date(builtAtMs - 60_000));
  }
  const bundleBytes = statSync(join(root, 'dist', 'oomlens.mjs')).size;
  write('dist/oomlens.inputs.json', JSON.stringify({ builtAtMs, bundleBytes, inputs: INPUTS }));
  return root;
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
});
