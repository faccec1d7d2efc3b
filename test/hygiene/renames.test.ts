// A process may change its name after oomlens first saw it: exec (same pid, same starttime: a wrapper
// script that ends in `exec java ...`, or any child caught between fork and exec during churn) or
// prctl(PR_SET_NAME); and it may be moved to another cgroup (systemd, docker exec, echo PID > cgroup.procs).
// The kernel's OOM report names it by its comm at kill time and ranks it in its cgroup of the moment, so
// the kill list should too: the sampler notices a changed Name: in status (re-reading comm and cmdline)
// and re-reads the cgroup every 10 s (src/model/process-scan.ts, refreshIdentity).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cgroupSkipReason, TestCgroup } from '../helpers/cgroup-v1.js';
import { hasTmux } from '../helpers/tmux.js';
import { killIfAlive, oomlensCommand, sleep, waitForKillList, Terminal } from './harness.js';

const skip = hasTmux() ? false : 'tmux is not installed';

function rowOf(screen: string, pid: number): string {
  return screen.split('\n').find((line) => new RegExp(`^[> ]*${pid} `).test(line)) ?? '';
}

async function renamedWhileWatched(script: string, before: RegExp, after: RegExp): Promise<void> {
  const terminal = new Terminal(oomlensCommand(), 160, 40);
  let child: ChildProcess | undefined;
  try {
    await waitForKillList(terminal);
    // adj 1000 first, so the process heads the list. The new names are spelled so that the shell's own
    // command line does not contain them.
    // Its own process group, so that the shell and the sleep it may have started end together.
    child = spawn('sh', ['-c', `echo 1000 > /proc/$$/oom_score_adj; ${script}`], { stdio: 'ignore', detached: true });
    const pid = child.pid!;
    await terminal.waitFor((s) => before.test(rowOf(s, pid)), 10_000);
    await sleep(3000); // the rename happens 2 s after start
    // The cgroup is re-read every 10 s (LIVE_SCAN.identityRefreshMs); allow a few ticks more.
    const deadline = Date.now() + 15_000;
    let row = rowOf(terminal.screen(), pid);
    while (!after.test(row) && Date.now() < deadline) {
      await sleep(200);
      row = rowOf(terminal.screen(), pid);
    }
    assert.match(row, after, `10 s after the rename the row still reads: ${row.trim()}`);
  } finally {
    if (child?.pid !== undefined) killIfAlive(-child.pid);
    terminal.kill();
  }
}

test('a process that execs after oomlens saw it is shown under its new name and command line', { skip, timeout: 60_000 }, async () => {
  await renamedWhileWatched('n=sle; sleep 2; exec ${n}ep 300', /\bsh -c echo 1000/, /\bsleep 300\b/);
});

test('a process that renames itself (comm, through /proc/self/comm) is shown under its new name', { skip, timeout: 60_000 }, async () => {
  await renamedWhileWatched("sleep 2; printf re%s named > /proc/$$/comm; sleep 300", /\bsh -c echo 1000/, /\brenamed\b/);
});

test('a process moved to another memory cgroup is shown in its new cgroup', {
  skip: skip || (cgroupSkipReason() ?? false),
  timeout: 60_000,
}, async () => {
  const cgroup = new TestCgroup('moved', 64 << 20);
  const terminal = new Terminal(oomlensCommand(), 160, 40);
  const sleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
  try {
    writeFileSync(`/proc/${sleeper.pid}/oom_score_adj`, '1000');
    await waitForKillList(terminal);
    await terminal.waitFor((s) => /sleep 300/.test(rowOf(s, sleeper.pid!)), 10_000);
    writeFileSync(join(cgroup.path, 'cgroup.procs'), String(sleeper.pid));
    // The cgroup is re-read every 10 s (LIVE_SCAN.identityRefreshMs); allow a few ticks more.
    const deadline = Date.now() + 15_000;
    let row = rowOf(terminal.screen(), sleeper.pid!);
    while (!row.includes('oomlens-moved') && Date.now() < deadline) {
      await sleep(200);
      row = rowOf(terminal.screen(), sleeper.pid!);
    }
    assert.ok(row.includes('oomlens-moved'), `15 s after the move to ${cgroup.name} the row still reads: ${row.trim()}`);
  } finally {
    sleeper.kill('SIGKILL');
    terminal.kill();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await cgroup.remove();
  }
});
