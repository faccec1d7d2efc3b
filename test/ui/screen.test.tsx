// The live App on the fixture /proc tree, rendered into fake terminals of several sizes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import stringWidth from 'string-width';
import { rootsUnder } from '../../src/procfs/roots.js';
import { createSampler, samplerSource } from '../../src/runtime/sampling.js';
import { fixturePath } from '../helpers/fixtures.js';
import type { Harness } from '../helpers/ink-harness.js';
import { renderApp } from '../helpers/app.js';

const TREE = fixturePath('proc-basic');
const HOST = { hostname: 'db-prod', kernel: '6.8.0-51-generic', distro: null };
let harness: Harness | null = null;

afterEach(() => {
  harness?.unmount();
  harness = null;
});

function renderTree(columns: number, rows: number, color = false): Harness {
  const sampler = createSampler({ roots: rootsUnder(TREE), passwdPath: join(TREE, 'etc', 'passwd'), intervalMs: 1000 });
  harness = renderApp({ source: samplerSource(sampler), host: HOST, intervalMs: 1000, color }, columns, rows);
  return harness;
}

const loaded = (frame: string) => frame.includes('mysqld');

for (const [columns, rows] of [[80, 24], [120, 40], [60, 20]] as const) {
  test(`frame at ${columns}x${rows}: at most rows-1 lines, none wider than the terminal, mysqld first`, async () => {
    const screen = renderTree(columns, rows);
    await screen.waitFor(loaded);
    const lines = screen.lines();
    assert.ok(lines.length <= rows - 1, `${lines.length} lines`);
    assert.equal(lines.length, rows - 1, 'the frame fills rows-1 so the footer sits on the bottom line');
    for (const line of lines) assert.ok(stringWidth(line) <= columns, `too wide: ${JSON.stringify(line)}`);
    // Narrow terminals drop the kernel version from the title; nothing is cut.
    assert.match(lines[0]!, columns >= 80 ? /^oomlens db-prod · 6\.8\.0-51-generic · up 12d 3h · 1s +OOM kills 4$/ : /^oomlens db-prod · up 12d 3h · 1s +OOM kills 4$/);
    assert.match(lines[1]!, /^next kill: nothing is approaching a limit/, 'the next kill, at every size');
    assert.match(lines[2]!, /^MEM +\[\|+ *\] 96% 7\.4G\/7\.7G avail 310M/);
    assert.match(lines[3]!, /^SWAP +\[\|+\] 100% 2\.0G\/2\.0G/);
    const headerIndex = lines.findIndex((line) => /\bPID\b/.test(line));
    assert.ok(headerIndex >= 4 && headerIndex <= 7, `the next kill and at most 5 memory lines (header at ${headerIndex})`);
    const header = lines[headerIndex]!;
    for (const always of ['PID', 'SCORE', 'COMMAND']) assert.ok(header.includes(always), `${always} in ${header}`);
    assert.match(lines[headerIndex + 1]!, /^> +1234 .* 1231 .* !mysqld/, 'mysqld is first, selected, and marked to die next');
    assert.match(lines.at(-1)!, /q quit|help/);
  });
}

const headerOf = (screen: Harness) => screen.lines().find((line) => /\bPID\b/.test(line))!;

test('100 columns: every column is shown; 80 gives FILE and SHMEM to COMMAND; 60 drops more', async () => {
  // With colour the selection needs no marker column, so all the columns are the table's.
  const wide = renderTree(100, 30, true);
  await wide.waitFor(loaded);
  assert.match(headerOf(wide), /PID USER +▼SCORE +ADJ +RSS +ANON +FILE SHMEM +SWAP GROW\/m CGROUP +COMMAND/);
  wide.unmount();
  const eighty = renderTree(80, 24, true);
  await eighty.waitFor(loaded);
  assert.match(headerOf(eighty), /PID USER +▼SCORE +ADJ +RSS +ANON +SWAP GROW\/m CGROUP +COMMAND/);
  assert.match(eighty.frame(), / mysql +!mysqld --data/, 'the unit without its type (mysql.service), and more than the comm');
  eighty.unmount();
  const narrow = renderTree(60, 20);
  await narrow.waitFor(loaded);
  const header = headerOf(narrow);
  assert.doesNotMatch(header, /SHMEM|FILE|ANON/);
  assert.match(header, /PID .*SCORE .*COMMAND/);
});

test('the sizes, the user name and sanitised names are in the row', async () => {
  const screen = renderTree(120, 40);
  const frame = await screen.waitFor(loaded);
  assert.match(frame, /1234 mysql +1231 +0 +7\.2G +7\.2G +1\.0M +0 +80M +— mysql\.service/);
  assert.match(frame, /701 root +0 +-1000 .*sshd/);
  // COMMAND is the comm the kernel reports (what an OOM report names), then the arguments.
  // mysqld dies first: its COMMAND is marked "!".
  assert.match(frame, /1234 .* mysql\.service +!mysqld --datadir=\/var\/lib\/mysql/);
  assert.ok(frame.includes('evil) (x 1 2 \\e]0;pwned\\a'));
  assert.ok(frame.includes('two\\nlines'));
  assert.doesNotMatch(frame, /kthreadd/, 'kernel threads are hidden by default');
});

test('k shows kernel threads, in brackets, and hides them again', async () => {
  const screen = renderTree(120, 40);
  await screen.waitFor(loaded);
  await screen.press('k');
  const shown = await screen.waitFor((frame) => frame.includes('[kthreadd]'));
  assert.ok(shown.includes('[kworker/0:1-events]'));
  await screen.press('k');
  await screen.waitFor((frame) => !frame.includes('[kthreadd]'));
});

test('? shows help that explains oom_score; Esc goes back', async () => {
  const screen = renderTree(80, 24);
  await screen.waitFor(loaded);
  await screen.press('?');
  const help = await screen.waitFor((frame) => frame.includes('oom_score'));
  assert.match(help, /about 666/);
  assert.match(help, /-1000 makes a process unkillable/);
  assert.ok(screen.lines().length <= 23);
  await screen.press('\x1b');
  await screen.waitFor(loaded);
});

test('a terminal below the minimum gets one line, not a crash', async () => {
  const screen = renderTree(30, 6);
  const frame = await screen.waitFor((f) => f.includes('too small'));
  assert.equal(frame.trim().split('\n').length, 1);
});

test('resizing re-lays the frame out for the new size', async () => {
  const screen = renderTree(120, 40);
  await screen.waitFor(loaded);
  await screen.resize(60, 20);
  await screen.waitFor(() => screen.lines().length === 19);
  for (const line of screen.lines()) assert.ok(stringWidth(line) <= 60);
});
