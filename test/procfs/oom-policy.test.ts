// The OOM sysctls from captured trees (written here, as /proc/sys/vm holds them: "%d\n") and from this
// machine's /proc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDefaultOomPolicy, parseOomKillAllocatingTask, parsePanicOnOom, readOomPolicy } from '../../src/procfs/oom-policy.js';
import { LIVE_ROOTS, rootsUnder } from '../../src/procfs/roots.js';
import { tempDir } from '../helpers/temp-dirs.js';

function treeWith(files: Record<string, string>) {
  const dir = tempDir('oomlens-policy-');
  mkdirSync(join(dir, 'proc', 'sys', 'vm'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'proc', 'sys', 'vm', name), text);
  return rootsUnder(dir);
}

test('panic_on_oom: 0, 1, 2; anything else null', () => {
  assert.equal(parsePanicOnOom('0\n'), 0);
  assert.equal(parsePanicOnOom('2\n'), 2);
  assert.equal(parsePanicOnOom('3\n'), null);
  assert.equal(parsePanicOnOom(''), null);
  assert.equal(parsePanicOnOom(null), null);
});

test('oom_kill_allocating_task: any non-zero int is on', () => {
  assert.equal(parseOomKillAllocatingTask('0\n'), false);
  assert.equal(parseOomKillAllocatingTask('1\n'), true);
  assert.equal(parseOomKillAllocatingTask('7\n'), true);
  assert.equal(parseOomKillAllocatingTask('x'), null);
});

test('a tree with non-default settings reads as such; a tree without /proc/sys is unknown, not default', () => {
  const set = readOomPolicy(treeWith({ panic_on_oom: '2\n', oom_kill_allocating_task: '1\n', overcommit_memory: '2\n' }));
  assert.deepEqual(set, { panicOnOom: 2, oomKillAllocatingTask: true, overcommitMemory: 2 });
  assert.equal(isDefaultOomPolicy(set), false);
  const absent = readOomPolicy(treeWith({}));
  assert.deepEqual(absent, { panicOnOom: null, oomKillAllocatingTask: null, overcommitMemory: null });
  assert.equal(isDefaultOomPolicy(absent), false);
  assert.equal(isDefaultOomPolicy({ panicOnOom: 0, oomKillAllocatingTask: false, overcommitMemory: 1 }), true);
});

test('this machine: every setting is readable', { skip: process.platform !== 'linux' && 'needs Linux' }, () => {
  const live = readOomPolicy(LIVE_ROOTS);
  assert.ok([0, 1, 2].includes(live.panicOnOom!));
  assert.equal(typeof live.oomKillAllocatingTask, 'boolean');
});
