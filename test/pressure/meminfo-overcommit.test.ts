// Fixture: meminfo-3.2-no-memavailable.txt is hand-written in the layout of fs/proc/meminfo.c
// meminfo_proc_show() in Linux 3.2 (MemAvailable came in 3.14, commit 34e431b0ae39 "/proc/meminfo: provide
// estimated available memory"). Overcommit files are written into temporary trees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMeminfo } from '../../src/procfs/meminfo.js';
import { parseOvercommitMode, readOvercommitMemory } from '../../src/procfs/overcommit.js';
import { overcommitWord } from '../../src/ui/lines/policy-words.js';
import { LIVE_ROOTS, rootsUnder } from '../../src/procfs/roots.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { fixtureText } from '../helpers/fixtures.js';

test('meminfo without MemAvailable (pre-3.14): Free + Cached + Buffers − Shmem, flagged as an estimate', () => {
  const meminfo = parseMeminfo(fixtureText('pressure', 'meminfo-3.2-no-memavailable.txt'))!;
  assert.equal(meminfo.availableIsKernel, false);
  assert.equal(meminfo.availableKb, 104288 + 612324 + 43616 - 17332);
  assert.equal(meminfo.totalKb, 2048380);
  assert.equal(meminfo.swapFreeKb, 1843620);
  assert.equal(meminfo.committedKb, 2876128);
  assert.equal(meminfo.commitLimitKb, 3121336);
});

test('meminfo with MemAvailable uses the kernel figure', () => {
  const text = fixtureText('pressure', 'meminfo-3.2-no-memavailable.txt').replace('Buffers:', 'MemAvailable:     555555 kB\nBuffers:');
  const meminfo = parseMeminfo(text)!;
  assert.equal(meminfo.availableIsKernel, true);
  assert.equal(meminfo.availableKb, 555555);
});

function treeWithOvercommit(text: string | null) {
  const dir = tempDir('oomlens-overcommit-');
  mkdirSync(join(dir, 'proc', 'sys', 'vm'), { recursive: true });
  if (text !== null) writeFileSync(join(dir, 'proc', 'sys', 'vm', 'overcommit_memory'), text);
  return rootsUnder(dir);
}

test('overcommit mode: 0/1/2 with words; anything else null', () => {
  assert.equal(parseOvercommitMode('0\n'), 0);
  assert.equal(parseOvercommitMode('2'), 2);
  assert.equal(parseOvercommitMode(''), null);
  assert.equal(parseOvercommitMode('3\n'), null);
  assert.equal(overcommitWord(0), 'heuristic');
  assert.equal(overcommitWord(1), 'always');
  assert.equal(overcommitWord(2), 'never (strict)');
  assert.equal(overcommitWord(null), 'unknown');
});

test('readOvercommitMemory: from the tree, null when absent', () => {
  assert.equal(readOvercommitMemory(treeWithOvercommit('1\n')), 1);
  assert.equal(readOvercommitMemory(treeWithOvercommit(null)), null);
  if (process.platform === 'linux') assert.ok([0, 1, 2].includes(readOvercommitMemory(LIVE_ROOTS)!));
});
