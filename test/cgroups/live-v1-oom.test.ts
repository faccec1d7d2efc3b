// A real cgroup OOM on this machine (root, cgroup v1 memory controller): create a 16 MiB memory cgroup, put a
// sleeping process in it and check the reader lists it; then run a process that touches far more than the
// limit and check the kernel's oom_kill counter for that cgroup ticks. Everything this test starts is
// stopped by its own pid, and the cgroup is removed by its own path, even when an assertion fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findMemoryHierarchies } from '../../src/cgroupfs/mounts.js';
import { readAllMemoryCgroups, readMemoryCgroup } from '../../src/cgroupfs/memory-cgroups.js';
import { LIVE_ROOTS } from '../../src/procfs/roots.js';

const LIMIT_BYTES = 16 * 1024 * 1024;

/** A timer for Promise.race that does not keep the test process alive once the race is won. */
const timeout = <T>(ms: number, value: T) => sleep(ms, value, { ref: false });

function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode ?? child.exitCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
}

async function stop(child: ChildProcess | null): Promise<void> {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await Promise.race([exited(child), timeout(5000, null)]);
}

/** rmdir fails with EBUSY until the last task has left; the kernel reaps killed tasks asynchronously. */
async function removeCgroup(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      rmdirSync(dir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      if (attempt === 49) throw error;
      await sleep(100);
    }
  }
}

test('real v1 memory cgroup: listed with its limit and process, and its OOM kill counted', { timeout: 60_000 }, async (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to create a memory cgroup');
  const v1 = findMemoryHierarchies(LIVE_ROOTS).find((h) => h.version === 1);
  if (v1 === undefined) return t.skip('the cgroup v1 memory controller is not mounted');
  const name = `oomlens-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const dir = join(v1.dir, name);
  try {
    mkdirSync(dir);
  } catch (error) {
    return t.skip(`cannot create ${dir}: ${(error as Error).message}`);
  }
  let sleeper: ChildProcess | null = null;
  let hog: ChildProcess | null = null;
  try {
    writeFileSync(join(dir, 'memory.limit_in_bytes'), String(LIMIT_BYTES));
    sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    assert.ok(sleeper.pid, 'sleep started');
    writeFileSync(join(dir, 'cgroup.procs'), String(sleeper.pid));

    const path = posix.join(v1.kernelPath, name);
    const listed = readAllMemoryCgroups(LIVE_ROOTS).cgroups.find((c) => c.version === 1 && c.path === path);
    assert.ok(listed, `${path} is listed`);
    assert.equal(listed.limitKb, 16384);
    assert.equal(listed.processCount, 1);
    assert.deepEqual(listed.pids, [sleeper.pid]);
    assert.equal(listed.oomKills, 0, 'kernel ≥ 4.13: the counter exists and starts at 0');

    // The shell moves itself into the cgroup, then becomes a process that touches 64 MiB against 16 MiB.
    const touch = 'const b = Buffer.alloc(64 << 20, 1); process.stdout.write(String(b.length));';
    hog = spawn('/bin/sh', ['-c', 'echo $$ > "$1" && exec "$2" -e "$3"', 'sh', join(dir, 'cgroup.procs'), process.execPath, touch], {
      stdio: 'ignore',
    });
    const ending = await Promise.race([exited(hog), timeout(15_000, 'still running')]);
    assert.equal(ending, 'SIGKILL', 'the kernel killed the process that went past the limit');

    let oomKills: number | null = null;
    for (let attempt = 0; attempt < 50 && !(oomKills !== null && oomKills >= 1); attempt += 1) {
      oomKills = readMemoryCgroup(v1, name)?.oomKills ?? null;
      if (oomKills === null || oomKills < 1) await sleep(100);
    }
    assert.ok(oomKills !== null && oomKills >= 1, `oom_kill counted (got ${oomKills})`);
    assert.equal(sleeper.exitCode, null, 'the small process was not the victim');
  } finally {
    await stop(hog);
    await stop(sleeper);
    await removeCgroup(dir);
  }
});
