// openProcessFiles: by-path reads for a captured tree, kept-open descriptors for the live /proc; either
// way every ProcessFiles method answers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openProcessFiles } from '../../src/procfs/pid/open-process-files.js';
import { GONE } from '../../src/procfs/pid/process-files.js';
import { LIVE_ROOTS, rootsUnder } from '../../src/procfs/roots.js';
import { fixturePath } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dirs.js';

const TREE = fixturePath('proc-basic');

test('captured tree: read by path, a reused pid told by starttime, never a pid to probe', () => {
  const files = openProcessFiles(rootsUnder(TREE));
  assert.deepEqual(files.listPids(), [1, 2, 57, 701, 888, 889, 990, 1234, 4242, 4243]);
  assert.equal(files.pidsCreatedSinceListing(1000), null, 'a tree has no last-pid counter: always list');
  assert.equal(files.scoreOf(1234, 5000), 1231);
  assert.equal(files.scoreOf(1234, 4999), GONE, 'another starttime: another process');
  assert.equal(files.scoreOf(31337, 1), GONE);
  assert.deepEqual(files.statAndScore(1234), { stat: files.stat(1234), score: 1231 });
  assert.equal(files.statAndScore(31337), null);
  assert.equal(files.oomScoreAdj(1234), 0);
  assert.equal(files.status(1234)?.vmRssKb, 7549747);
  assert.equal(files.cmdline(1234), '/usr/sbin/mysqld --datadir=/var/lib/mysql');
  assert.equal(files.ownerUid(1234), statSync(join(TREE, 'proc', '1234')).uid);
  assert.equal(files.ownerUid(31337), null);
  files.release(1234);
  files.close();
});

test('captured tree: openAdj writes the value in one write; a missing process throws ENOENT', () => {
  const dir = tempDir('oomlens-files-');
  cpSync(TREE, dir, { recursive: true });
  const files = openProcessFiles(rootsUnder(dir));
  const handle = files.openAdj(1234);
  try {
    handle.write(-500);
  } finally {
    handle.close();
  }
  assert.equal(readFileSync(join(dir, 'proc', '1234', 'oom_score_adj'), 'utf8'), '-500\n');
  assert.equal(files.oomScoreAdj(1234), -500);
  assert.throws(() => files.openAdj(31337), { code: 'ENOENT' });
});

const openDescriptors = () => readdirSync('/proc/self/fd').length;

test('live /proc: kept-open descriptors within the budget given, and the pids created since a listing', async () => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  await once(child, 'spawn');
  const pid = child.pid!;
  const kept = openProcessFiles(LIVE_ROOTS);
  const byPathOnly = openProcessFiles(LIVE_ROOTS, { keepOpenBudget: 0 });
  try {
    const starttime = kept.stat(pid)!.starttime;
    let before = openDescriptors();
    assert.equal(typeof kept.scoreOf(pid, starttime), 'number');
    assert.equal(openDescriptors(), before + 1, 'oom_score kept open, bound to the process');
    before = openDescriptors();
    assert.equal(byPathOnly.scoreOf(pid, starttime), kept.scoreOf(pid, starttime));
    assert.equal(openDescriptors(), before, 'a budget of 0 keeps nothing');
    kept.release(pid);
    assert.equal(openDescriptors(), before - 1, 'released');
    assert.ok(kept.listPids().includes(pid));
    assert.ok(Array.isArray(kept.pidsCreatedSinceListing(1000)), 'the last-pid counter says which pids can be new');
  } finally {
    child.kill('SIGKILL');
    kept.close();
    byPathOnly.close();
  }
});
