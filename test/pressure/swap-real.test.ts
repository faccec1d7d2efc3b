// Real swapping on this machine: a small swap file, a process whose working set is larger than its
// memory cgroup's limit, and oomlens --json reporting the swap-out rate the kernel counts.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cgroupSkipReason, TestCgroup } from '../helpers/cgroup-v1.js';
import { runCli } from '../helpers/run-cli.js';

function swapSkipReason(): string | null {
  const cgroup = cgroupSkipReason();
  if (cgroup) return cgroup;
  for (const tool of ['mkswap', 'swapon', 'swapoff', 'python3']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  return null;
}

const skip = swapSkipReason();
if (skip) console.log(`# skipping the real swap test: ${skip}`);

function pswpout(): number {
  return Number(/^pswpout (\d+)$/m.exec(readFileSync('/proc/vmstat', 'utf8'))?.[1] ?? 0);
}

async function waitUntil(what: string, ready: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * swapoff must bring every swapped page back; right after the toucher is killed the kernel may still be
 * freeing them and swapoff can fail (seen under load, which left the swap file on). Retry until the file
 * is no longer listed in /proc/swaps.
 */
async function swapOff(swapFile: string): Promise<void> {
  const listed = () => readFileSync('/proc/swaps', 'utf8').split('\n').some((line) => line.startsWith(`${swapFile} `));
  for (let attempt = 0; attempt < 50 && listed(); attempt++) {
    spawnSync('swapoff', [swapFile]);
    if (listed()) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(listed(), false, `${swapFile} is off`);
}

// Touch every page of 96 MiB, forever: with a 32 MiB limit the kernel must keep swapping.
const TOUCHER = 'b = bytearray(96 << 20)\nwhile True:\n    for i in range(0, len(b), 4096):\n        b[i] = (b[i] + 1) & 255\n';

test('--json reports swap-out while a cgroup-limited process is swapped', { skip: skip ?? false, timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-swap-'));
  const swapFile = join(dir, 'swapfile');
  let swapOn = false;
  let cgroup: TestCgroup | null = null;
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${swapFile}`, 'bs=1M', 'count=192', 'status=none']);
    execFileSync('chmod', ['600', swapFile]);
    execFileSync('mkswap', [swapFile], { stdio: 'ignore' });
    try {
      execFileSync('swapon', [swapFile], { stdio: 'pipe' });
      swapOn = true;
    } catch (error) {
      t.skip(`swapon is not permitted here: ${(error as Error).message.split('\n')[0]}`);
      return;
    }
    cgroup = new TestCgroup('swap', 32 << 20);
    const script = join(dir, 'toucher.py');
    writeFileSync(script, TOUCHER);
    const swappedBefore = pswpout();
    cgroup.run(['python3', script]);
    await waitUntil('the kernel swaps the toucher out', () => pswpout() > swappedBefore);
    const result = runCli(['--json', '--interval', '1.5']);
    assert.equal(result.status, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.ok(json.swap.totalKb >= 190 * 1024, `swap is on: ${json.swap.totalKb} KiB`);
    assert.ok(json.swap.outPagesPerSec > 0, `outPagesPerSec = ${json.swap.outPagesPerSec}`);
    assert.ok(json.swap.inPagesPerSec > 0, `the toucher faults its pages back in: ${json.swap.inPagesPerSec}`);
  } finally {
    await cgroup?.remove();
    if (swapOn) await swapOff(swapFile);
    rmSync(dir, { recursive: true, force: true });
  }
});
