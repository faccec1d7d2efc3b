// End to end on this machine's kernel: a memory cgroup (v1) with a 16 MB limit, a process that allocates
// past it, a real OOM kill — and the live watcher, reading the real /dev/kmsg, must release that report
// within 5 s with the right victim and scope. Skipped, with the reason, where this cannot be done (not root,
// no v1 memory controller). The cgroup and the process are removed by their own path and pid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { OomLogWatcher, openLiveKernelLog } from '../../src/oom/oom-watcher.js';
import type { OomReport } from '../../src/oom/types.js';

const MEMORY_ROOT = '/sys/fs/cgroup/memory';

function skipReason(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to create a memory cgroup and read /dev/kmsg';
  if (!existsSync(`${MEMORY_ROOT}/memory.limit_in_bytes`)) return `no cgroup v1 memory controller at ${MEMORY_ROOT}`;
  return null;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** rmdir succeeds only once the killed task has left the cgroup; give it a moment. */
async function removeCgroup(path: string): Promise<void> {
  for (let attempt = 0; attempt < 50 && existsSync(path); attempt += 1) {
    try {
      rmdirSync(path);
    } catch {
      await sleep(100);
    }
  }
}

test('a real cgroup OOM kill on this machine is seen by the live watcher within 5 s', async (t) => {
  const reason = skipReason();
  if (reason !== null) {
    t.skip(reason);
    return;
  }
  const name = `oomlens-oom-watch-${process.pid}-${randomBytes(3).toString('hex')}`;
  const cgroup = `${MEMORY_ROOT}/${name}`;
  try {
    mkdirSync(cgroup);
    writeFileSync(`${cgroup}/memory.limit_in_bytes`, '16M');
  } catch (error) {
    t.skip(`cannot create ${cgroup}: ${(error as Error).message}`);
    return;
  }
  const source = await openLiveKernelLog();
  assert.ok('take' in source, 'kmsg should be readable as root');
  if (!('take' in source)) return;
  const watcher = new OomLogWatcher(source);
  // sh puts itself in the cgroup, then becomes node (same pid), which allocates until the kernel kills it.
  const child = spawn(
    'sh',
    ['-c', `echo $$ > ${cgroup}/cgroup.procs && exec "$0" -e "const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1));"`, process.execPath],
    { stdio: 'ignore' },
  );
  const exited = new Promise<NodeJS.Signals | 'timeout' | null>((resolve) => {
    child.once('exit', (_code, signal) => resolve(signal));
    setTimeout(() => resolve('timeout'), 15_000).unref();
  });
  try {
    assert.equal(await exited, 'SIGKILL', 'the kernel killed the child');
    const started = Date.now();
    let report: OomReport | undefined;
    while (report === undefined && Date.now() - started < 5000) {
      report = watcher.poll().reports.find((candidate) => candidate.victims.some((victim) => victim.pid === child.pid));
      if (report === undefined) await sleep(100);
    }
    assert.ok(report !== undefined, 'report released within 5 s');
    assert.equal(report.scope, 'memcg');
    assert.equal(report.memcg, `/${name}`);
    assert.equal(report.victims[0]?.name, 'node');
    assert.ok(report.findings.some((finding) => finding.id === 'cgroup-oom'));
    assert.ok(report.tasks.some((task) => task.pid === child.pid));
  } finally {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    watcher.close();
    await removeCgroup(cgroup);
  }
});
