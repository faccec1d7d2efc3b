// A real memory cgroup on this machine, seen through `oomlens --json`: its limit and processes, then a
// real OOM kill inside it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cgroupSkipReason, TestCgroup } from '../helpers/cgroup-v1.js';
import { runCli } from '../helpers/run-cli.js';

const skip = cgroupSkipReason();
if (skip) console.log(`# skipping the real cgroup test: ${skip}`);

interface JsonCgroup {
  path: string;
  version: number;
  limitKb: number | null;
  processCount: number;
  oomKills: number | null;
}

function findIn(stdout: string, path: string): JsonCgroup | undefined {
  return (JSON.parse(stdout).cgroups as JsonCgroup[]).find((c) => c.path === path);
}

test('--json lists a limited cgroup with its processes, and counts the OOM kill in it', { skip: skip ?? false, timeout: 60_000 }, async () => {
  const cgroup = new TestCgroup('json', 16 << 20);
  try {
    cgroup.run(['sleep', '60']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    let listed = findIn(runCli(['--json', '--interval', '0.2']).stdout, `/${cgroup.name}`);
    assert.ok(listed, 'the cgroup is listed');
    assert.equal(listed.version, 1);
    assert.equal(listed.limitKb, 16384);
    assert.equal(listed.processCount, 1);
    assert.equal(listed.oomKills, 0);

    const hog = cgroup.run(['python3', '-c', 'b = bytearray(64 << 20)']);
    const signal = await new Promise((resolve) => hog.on('exit', (_code, sig) => resolve(sig)));
    assert.equal(signal, 'SIGKILL', 'the kernel killed the hog');
    listed = findIn(runCli(['--json', '--interval', '0.2']).stdout, `/${cgroup.name}`);
    assert.equal(listed?.oomKills, 1);
    assert.equal(listed?.processCount, 1, 'the sleep survived');
  } finally {
    await cgroup.remove();
  }
});

test('the TUI names the cgroup OOM kill in its header', { skip: skip ?? false, timeout: 60_000 }, async () => {
  const { TmuxTerminal, hasTmux } = await import('../helpers/tmux.js');
  if (!hasTmux()) return;
  const { BIN } = await import('../helpers/run-cli.js');
  const cgroup = new TestCgroup('header', 16 << 20);
  const terminal = new TmuxTerminal(`${process.execPath} ${BIN} --interval 0.5`, 100, 30);
  try {
    await terminal.waitFor((s) => /OOM kills \d/.test(s) && /MEM +\[/.test(s)); // the first sample is in: the baseline of the counter
    const hog = cgroup.run(['python3', '-c', 'b = bytearray(64 << 20)']);
    // A loaded machine can take seconds to reclaim before it kills: time the screen from the kill.
    await new Promise((resolve) => hog.on('exit', resolve));
    const screen = await terminal.waitFor((s) => s.includes(`cgroup /${cgroup.name}: OOM kills 1 (+1, `), 20_000);
    assert.match(screen, /OOM kills 1 \(\+1, \d+s ago\)/);
  } finally {
    terminal.kill();
    await cgroup.remove();
  }
});
