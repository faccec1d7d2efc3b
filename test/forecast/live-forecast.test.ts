// The forecast against the real kernel (root, cgroup v1): a process leaking ~10 MB/s in a memory cgroup
// limited to 200 MiB is forecast within 5 s of the leak's start (the cgroup as the next kill, the leak as
// its victim, an ETA within a factor of two of the real time of death), and then the kernel really kills
// it. The sampler runs in this process at the TUI's default 1 s interval, over the live /proc and
// /sys/fs/cgroup. The cgroup is removed by its own path and the leak ended by its pid, whatever happens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { LIVE_ROOTS } from '../../src/procfs/roots.js';
import { createSampler } from '../../src/runtime/sampling.js';
import { cgroupSkipReason, TestCgroup } from '../helpers/cgroup-v1.js';
import { BIN } from '../helpers/run-cli.js';
import { hasTmux, TmuxTerminal } from '../helpers/tmux.js';

const LIMIT_BYTES = 200 * 1024 * 1024;
/** 1 MiB touched every 100 ms: ~10 MB/s, dead ~15-20 s after start (node's own ~40 MB first). */
const LEAK = 'const kept = []; setInterval(() => kept.push(Buffer.alloc(1 << 20, 7)), 100);';

function exited(child: ChildProcess): Promise<string | number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode ?? child.exitCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
}

test('a leak in a limited cgroup: forecast within 5 s, the leak named, the ETA near the truth, then killed', { timeout: 90_000 }, async (t) => {
  const skip = cgroupSkipReason();
  if (skip !== null) return t.skip(skip);
  const cgroup = new TestCgroup('forecast', LIMIT_BYTES);
  const sampler = createSampler({ roots: LIVE_ROOTS, passwdPath: '/etc/passwd', intervalMs: 1000 });
  try {
    sampler.sample(); // the first sample: every process read once, before the leak starts
    const leak = cgroup.run([process.execPath, '-e', LEAK]);
    const startedAt = performance.now();
    const death = exited(leak).then((how) => ({ how, at: performance.now() }));
    let forecast: { at: number; eta: number; victims: number[] } | null = null;
    while (forecast === null && performance.now() - startedAt < 5_000) {
      await sleep(1000); // the TUI's refresh interval: one sample a second
      const next = sampler.sample().forecast.nextKill;
      if (next?.scope === 'memcg' && next.cgroup === `/${cgroup.name}` && next.etaSeconds !== null) {
        forecast = { at: performance.now(), eta: next.etaSeconds, victims: next.victims.map((v) => v.pid) };
      }
    }
    assert.ok(forecast !== null, 'the cgroup is the next kill, with an ETA, within 5 s of the leak starting');
    assert.deepEqual(forecast.victims, [leak.pid], 'the leak is the victim');
    const died = await Promise.race([death, sleep(60_000, null, { ref: false })]);
    assert.ok(died !== null, 'the leak reached its limit within a minute');
    assert.equal(died.how, 'SIGKILL', 'the kernel killed it');
    const truth = (died.at - forecast.at) / 1000;
    const ratio = forecast.eta / truth;
    assert.ok(ratio >= 0.5 && ratio <= 2, `forecast ${forecast.eta.toFixed(1)} s, died after ${truth.toFixed(1)} s`);
    t.diagnostic(`forecast ${forecast.eta.toFixed(1)} s at ${((forecast.at - startedAt) / 1000).toFixed(1)} s after the start; died ${truth.toFixed(1)} s later`);
  } finally {
    sampler.close();
    await cgroup.remove();
  }
});

test('80x24 in tmux: the header names the leaking cgroup and its victim within 5 s, then the kill', { timeout: 90_000 }, async (t) => {
  const skip = cgroupSkipReason() ?? (hasTmux() ? null : 'tmux is not installed');
  if (skip !== null) return t.skip(skip);
  const cgroup = new TestCgroup('header', LIMIT_BYTES);
  const terminal = new TmuxTerminal(`${process.execPath} ${BIN}`, 80, 24);
  try {
    await terminal.waitFor((screen) => /^next kill/m.test(screen), 20_000);
    const leak = cgroup.run([process.execPath, '-e', LEAK]);
    const death = exited(leak);
    // "next kill ~13s?: oomlens-header-… 80M/200M +10M/s → node 1234" (the name shortened to fit 80 columns).
    const named = new RegExp(`^next kill ~[^:]+: \\S*oomlens-header\\S* .*→ node ${leak.pid}`, 'm');
    const screen = await terminal.waitFor((s) => named.test(s), 5_000);
    const line = screen.split('\n')[1]!;
    assert.match(line, /\d+M\/200M/, `usage and the 200 MiB limit: ${line}`);
    assert.equal(await death, 'SIGKILL', 'the kernel killed the leak');
    await terminal.waitFor((s) => /OOM kills \d+ \(\+1/.test(s), 10_000);
  } finally {
    terminal.kill();
    await cgroup.remove();
  }
});
