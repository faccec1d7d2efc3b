// The flight recorder against a real OOM kill on this machine (root, cgroup v1): `oomlens record` runs with
// a short interval while a process leaks into a 40 MiB cgroup until the kernel kills it. The incident
// bundle must hold the victim's samples before the kill, and `oomlens explain --json --dir` must show them.
// The recorder, the leak and the cgroup are ended and removed by their own pid and path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { capSwapToo, cgroupSkipReason, TestCgroup } from '../helpers/cgroup-v1.js';
import { startDaemon } from '../helpers/daemon.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dirs.js';
import type { IncidentBundle } from '../../src/model/recording/bundle.js';

const skip = cgroupSkipReason();
if (skip) console.log(`# skipping the live recorder test: ${skip}`);

// 1 MiB every 150 ms, each page written: about 6 s to reach the limit, a dozen samples at 0.5 s.
const LEAK = 'my @a; while (1) { push @a, "x" x (1 << 20); select(undef, undef, undef, 0.15) }';

test('record: a real cgroup OOM kill gets a bundle with the victim run-up, and explain --dir shows it', { skip: skip ?? false, timeout: 90_000 }, async () => {
  const dir = tempDir('oomlens-record-');
  const recorder = startDaemon(['record', '--dir', dir, '--interval', '0.5']);
  const cgroup = new TestCgroup('record', 40 << 20);
  try {
    capSwapToo(cgroup, 40 << 20);
    await recorder.waitFor(/recording to /, 20_000);
    const leak = cgroup.run(['perl', '-e', LEAK]);
    const [, signal] = (await once(leak, 'exit')) as [number | null, NodeJS.Signals | null];
    assert.equal(signal, 'SIGKILL', 'the kernel killed the leak');
    const said = await recorder.waitFor(new RegExp(`OOM kill in /${cgroup.name}: perl \\(pid ${leak.pid}\\): (\\d+) samples before → (\\S+)`), 30_000);
    const bundle = JSON.parse(readFileSync(said[2]!, 'utf8')) as IncidentBundle;
    assert.equal(bundle.kill.witness, 'kernel-log');
    assert.equal(bundle.kill.scope, 'memcg');
    assert.equal(bundle.kill.cgroup, `/${cgroup.name}`);
    assert.equal(bundle.report?.victims[0]?.pid, leak.pid);
    const victim = bundle.victims.find((v) => v.pid === leak.pid);
    assert.ok(victim, 'the victim is in the bundle');
    assert.ok(victim.series.length >= 3, `${victim.series.length} samples of the victim before the kill`);
    const rss = victim.series.map((point) => point.rssKb ?? 0);
    assert.ok(rss.at(-1)! > rss[0]!, `its RSS grew before the kill: ${rss.join(' ')}`);
    assert.ok(victim.series.every((p) => Date.parse(p.wallTime) <= Date.parse(bundle.kill.wallTime)), 'every sample is before the kill');
    assert.ok(bundle.cgroup !== null && bundle.cgroup.series.length >= 3, 'the cgroup usage series');
    assert.equal(bundle.cgroup.series.at(-1)?.limitKb, 40 * 1024);
    assert.ok(bundle.pressure.length >= 3, 'the box series');
    assert.ok(bundle.topProcesses.length > 0);

    const explained = runCli(['explain', '--json', '--dir', dir]);
    assert.equal(explained.status, 0, explained.stderr);
    const reports = (JSON.parse(explained.stdout) as { reports: { victims: { pid: number }[]; history: { rssKb: number; wallTime: string }[] }[] }).reports;
    const report = reports.find((r) => r.victims[0]?.pid === leak.pid);
    assert.ok(report, 'explain finds the kill in the kernel log');
    assert.deepEqual(report.history, victim.series);
    const text = runCli(['explain', '--dir', dir]);
    assert.match(text.stdout, new RegExp(`Killed +perl \\(pid ${leak.pid}[^\\n]*\\n[^\\n]*\\n  Before   ${victim.series.length} samples over \\d+ s \\(oomlens record`));
  } finally {
    const code = await recorder.stop();
    await cgroup.remove();
    assert.equal(code, 0, `record exits 0 on SIGTERM:\n${recorder.lines.join('\n')}`);
  }
  assert.ok(readdirSync(join(dir, 'samples')).length >= 1);
});
