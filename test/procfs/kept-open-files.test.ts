import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { keepOpenBudget } from '../../src/procfs/pid/bound-descriptors.js';
import { keptOpenProcessFiles } from '../../src/procfs/pid/kept-open-files.js';
import { isProcfs } from '../../src/procfs/pid/open-process-files.js';
import { GONE } from '../../src/procfs/pid/process-files.js';
import { LIVE_ROOTS } from '../../src/procfs/roots.js';
import { fixturePath } from '../helpers/fixtures.js';

const LIMITS = (soft: string) => `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                20000                files\n`;

test('keep-open budget: the soft open-file limit less a reserve of an eighth, at least 512', () => {
  assert.equal(keepOpenBudget(LIMITS('20000')), 17500);
  assert.equal(keepOpenBudget(LIMITS('1024')), 512);
  assert.equal(keepOpenBudget(LIMITS('256')), 0);
  assert.equal(keepOpenBudget(LIMITS('unlimited')), (1 << 20) - (1 << 17));
  assert.equal(keepOpenBudget(null), 512, 'unknown: assume the traditional 1024');
});

test('isProcfs: the live /proc is procfs, a captured tree is not', () => {
  assert.equal(isProcfs('/proc'), true);
  assert.equal(isProcfs(fixturePath('proc-basic', 'proc')), false);
  assert.equal(isProcfs('/nonexistent'), false);
});

async function sleeper(): Promise<ChildProcess & { pid: number }> {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  await once(child, 'spawn');
  return child as ChildProcess & { pid: number };
}

test('kept-open reads: a live process is scored through a bound descriptor; once it exits, GONE', async () => {
  const files = keptOpenProcessFiles(LIVE_ROOTS);
  const child = await sleeper();
  try {
    const stat = files.stat(child.pid);
    assert.ok(stat !== null);
    const score = files.scoreOf(child.pid, stat.starttime);
    assert.equal(typeof score, 'number');
    assert.equal(files.oomScoreAdj(child.pid), 0);
    assert.equal(files.keptOpen, 2, 'oom_score and oom_score_adj are kept open');
    assert.equal(files.scoreOf(child.pid, stat.starttime), score, 'a re-read gives the same score');
    child.kill('SIGKILL');
    await once(child, 'exit'); // reaped: the pid is free for reuse now
    assert.equal(files.scoreOf(child.pid, stat.starttime), GONE);
    assert.equal(files.keptOpen, 0, 'the descriptors of a gone process are closed');
  } finally {
    child.kill('SIGKILL');
    files.close();
  }
});

test('kept-open reads: a starttime that is not the process at that pid is GONE (a reused pid)', async () => {
  const files = keptOpenProcessFiles(LIVE_ROOTS);
  const child = await sleeper();
  try {
    const stat = files.stat(child.pid)!;
    assert.equal(files.scoreOf(child.pid, stat.starttime + 1), GONE);
    assert.equal(files.keptOpen, 0, 'no descriptor is kept for the wrong process');
  } finally {
    child.kill('SIGKILL');
    files.close();
  }
});

test('kept-open reads: with no budget every read goes by path, still checked by starttime', async () => {
  const files = keptOpenProcessFiles(LIVE_ROOTS, 0);
  const child = await sleeper();
  try {
    const stat = files.stat(child.pid)!;
    assert.equal(typeof files.scoreOf(child.pid, stat.starttime), 'number');
    assert.equal(files.oomScoreAdj(child.pid), 0);
    assert.equal(files.keptOpen, 0);
    assert.equal(files.scoreOf(child.pid, stat.starttime + 1), GONE);
  } finally {
    child.kill('SIGKILL');
    files.close();
  }
});

test('kept-open reads: status, stat, cmdline and cgroup of this process; absent pids are null', () => {
  const files = keptOpenProcessFiles(LIVE_ROOTS);
  try {
    assert.equal(files.stat(process.pid)?.pid, process.pid);
    assert.ok((files.status(process.pid)?.vmRssKb ?? 0) > 1000);
    assert.match(files.cmdline(process.pid) ?? '', /node/);
    assert.ok((files.cgroup(process.pid) ?? []).length > 0);
    assert.equal(files.stat(2 ** 22 + 1), null);
    assert.equal(files.status(2 ** 22 + 1), null);
    assert.equal(files.scoreOf(2 ** 22 + 1, 1), GONE);
  } finally {
    files.close();
  }
});

test('kept-open reads: a process created after a listing is among the pids to probe', async () => {
  const files = keptOpenProcessFiles(LIVE_ROOTS);
  const before = files.listPids();
  assert.ok(before.includes(process.pid));
  const child = await sleeper();
  try {
    const probes = files.pidsCreatedSinceListing(1000);
    assert.ok(probes !== null && probes.includes(child.pid), `${child.pid} in ${JSON.stringify(probes)}`);
    assert.ok(files.listPids().includes(child.pid));
  } finally {
    child.kill('SIGKILL');
    files.close();
  }
});

test('kept-open reads: statAndScore binds a new pid once, and keeps nothing for a pid that has gone', async () => {
  const files = keptOpenProcessFiles(LIVE_ROOTS);
  const child = await sleeper();
  try {
    const read = files.statAndScore(child.pid);
    assert.ok(read !== null);
    assert.equal(read.stat.pid, child.pid);
    assert.equal(read.stat.comm, 'sleep');
    assert.equal(read.score, Number(readFileSync(`/proc/${child.pid}/oom_score`, 'utf8')));
    assert.equal(files.keptOpen, 1, 'oom_score is kept open, bound to this process');
    assert.equal(files.scoreOf(child.pid, read.stat.starttime), read.score, 'and read through the same descriptor after');
    assert.equal(files.keptOpen, 1);
    child.kill('SIGKILL');
    await once(child, 'exit');
    files.release(child.pid);
    assert.equal(files.statAndScore(child.pid), null, 'an exited pid');
    assert.equal(files.keptOpen, 0, 'no descriptor is kept for it');
  } finally {
    child.kill('SIGKILL');
    files.close();
  }
});
