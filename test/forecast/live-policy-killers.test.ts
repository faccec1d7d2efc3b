// The built program on this machine reports what changes the answer to "who dies next":
//  - vm.oom_kill_allocating_task set to 1 for the test (and restored after, whatever happens) shows in
//    --json's policy and changes the box's predicted victim rule;
//  - Debian's real earlyoom (installed when missing), started in --dryrun with thresholds, is listed in
//    --json's killers with those thresholds, and its forecast says it would not kill (a dry run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { ensureEarlyoom, startEarlyoom, stopChild, waitForCmdline } from '../killers/live-earlyoom.js';
import { runCli } from '../helpers/run-cli.js';

const SYSCTL = '/proc/sys/vm/oom_kill_allocating_task';

/** The parts of the --json contract these tests read. */
interface JsonSnapshot {
  policy: { oomKillAllocatingTask: boolean | null };
  killers: { name: string; pid: number; thresholds: Record<string, unknown> }[];
  forecast: {
    nextKill: { killer: string } | null;
    global: { reason: string | null };
    killers: { killer: string; outcome: string }[];
  };
}

function json(args: string[]): JsonSnapshot {
  const result = runCli(['--json', '--interval', '0.2', ...args]);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

test('vm.oom_kill_allocating_task=1 shows in --json and changes the box\'s victim rule', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to set a sysctl');
  const before = readFileSync(SYSCTL, 'utf8');
  try {
    writeFileSync(SYSCTL, '1\n');
    const snapshot = json([]);
    assert.deepEqual(snapshot.policy, { ...snapshot.policy, oomKillAllocatingTask: true });
    assert.match(snapshot.forecast.global.reason ?? '', /oom_kill_allocating_task=1/);
    writeFileSync(SYSCTL, '0\n');
    const after = json([]);
    assert.equal(after.policy.oomKillAllocatingTask, false);
    assert.equal(after.forecast.global.reason, null);
  } finally {
    writeFileSync(SYSCTL, before);
  }
  assert.equal(readFileSync(SYSCTL, 'utf8'), before, 'the sysctl is as it was');
});

test('a running earlyoom (--dryrun) is in --json killers with its thresholds', async (t) => {
  if (process.platform !== 'linux') return t.skip('Linux only');
  const found = ensureEarlyoom();
  if ('skip' in found) return t.skip(found.skip);
  const earlyoom = startEarlyoom(found.binary, ['--dryrun', '-m', '5,2', '-s', '100,100', '--prefer', '^python', '-r', '0']);
  try {
    await waitForCmdline(earlyoom.pid, '--prefer');
    const snapshot = json([]);
    const listed = snapshot.killers.find((k) => k.pid === earlyoom.pid);
    assert.ok(listed, `earlyoom ${earlyoom.pid} is listed: ${JSON.stringify(snapshot.killers)}`);
    assert.equal(listed.name, 'earlyoom');
    assert.deepEqual(
      [listed.thresholds.memTermPercent, listed.thresholds.memKillPercent, listed.thresholds.swapTermPercent, listed.thresholds.prefer, listed.thresholds.dryRun],
      [5, 2, 100, '^python', true],
    );
    const forecast = snapshot.forecast.killers.find((f) => f.killer === 'earlyoom');
    assert.ok(forecast, 'earlyoom has a forecast of its own');
    assert.equal(forecast.outcome, 'dry-run');
    assert.notEqual(snapshot.forecast.nextKill?.killer, 'earlyoom', 'a dry run is never the next kill');
  } finally {
    await stopChild(earlyoom.child);
  }
});
