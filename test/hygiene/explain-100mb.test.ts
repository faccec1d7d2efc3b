// `oomlens explain` on a 100 MB kernel log, in bounded memory: the built program under
// `node --max-old-space-size=64` reads ~100 MB of dmesg text (copies of a real 6.18 cgroup OOM report, each
// with its own pid, between blocks of audit noise), finds every report, exits 0, and its peak RSS stays
// under 140 MB, and within 25 MB of its peak on the first 10 MB of the same log.
//
// Why 140 MB: node itself peaks at ~44 MB here (`node bin/oomlens.js --version`), and the heap is capped at
// 64 MB old space plus a young generation of a few tens of MB; ~100 MB was measured. A program that held
// the file would need the 100 MB on top of node's own 44 MB (a JS string that size cannot even fit the
// capped heap; a Buffer lives outside it, which is what the RSS bound catches). The 10 MB comparison
// checks the other way: memory does not grow with the input.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fixturePath } from '../helpers/fixtures.js';
import { BIN, hasTool, sleep } from './harness.js';

const TARGET_BYTES = 100 * 1024 * 1024;
const HEAP_MB = 64;
const PEAK_BOUND_KB = 140 * 1024;
const GROWTH_BOUND_KB = 25 * 1024;

let dir = '';
let bigLog = '';
let smallLog = '';
let copies = 0;
let smallCopies = 0;

/** One block: the real report with its pid replaced, then 40 lines of audit noise. */
function block(report: string, index: number): string {
  const pid = String(100_000 + index);
  const noise: string[] = [];
  for (let i = 0; i < 40; i++) {
    noise.push(
      `[  257.3${String(i).padStart(5, '0')}] audit: type=1400 audit(1700000000.${index}:${i}): apparmor="DENIED" operation="open" ` +
        `profile="snap.lxd.daemon" name="/proc/${i}/status" pid=${i + 100} comm="lxd" requested_mask="r" denied_mask="r"`,
    );
  }
  return `${report.replace(/\b3892\b/g, pid)}\n${noise.join('\n')}\n`;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'oomlens-100mb-'));
  const report = readFileSync(fixturePath('oom', 'real-memcg-v1-6.18-dmesg.txt'), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .join('\n');
  bigLog = join(dir, 'kern-100mb.log');
  smallLog = join(dir, 'kern-10mb.log');
  const big = openSync(bigLog, 'w');
  const small = openSync(smallLog, 'w');
  let written = 0;
  while (written < TARGET_BYTES) {
    let chunk = '';
    for (let k = 0; k < 100; k++) chunk += block(report, copies++);
    written += writeSync(big, chunk);
    if (written <= TARGET_BYTES / 10) {
      writeSync(small, chunk);
      smallCopies = copies;
    }
  }
  closeSync(big);
  closeSync(small);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  reports: number;
  lastLine: string;
  stderr: string;
  peakKb: number;
}

/** Runs explain on `log` with a capped heap, counting reports as they stream by; measures peak RSS. */
async function explainMeasured(log: string): Promise<Run> {
  const useTime = hasTool('/usr/bin/time');
  const command = [process.execPath, `--max-old-space-size=${HEAP_MB}`, BIN, 'explain', log];
  const child = useTime
    ? spawn('/usr/bin/time', ['-f', 'OOMLENS_PEAK_KB=%M', ...command], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
  // Without /usr/bin/time: poll VmHWM (the kernel's own high-water mark) until the process is gone.
  let polledKb = 0;
  let running = true;
  const poll = (async () => {
    while (running && !useTime) {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) polledKb = Math.max(polledKb, Number(hwm[1]));
      } catch {
        // Exited.
      }
      await sleep(20);
    }
  })();
  let reports = 0;
  let lastLine = '';
  for await (const line of createInterface({ input: child.stdout! })) {
    if (/^OOM report \d+ · /.test(line)) reports += 1;
    if (line.trim() !== '') lastLine = line;
  }
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (status) => resolve(status));
  });
  running = false;
  await poll;
  const timed = /OOMLENS_PEAK_KB=(\d+)/.exec(stderr);
  return {
    code,
    reports,
    lastLine,
    stderr: stderr.replace(/OOMLENS_PEAK_KB=\d+\n?/, ''),
    peakKb: timed ? Number(timed[1]) : polledKb,
  };
}

test(`explain on a 100 MB log: every report, exit 0, peak RSS under ${PEAK_BOUND_KB / 1024} MB with a ${HEAP_MB} MB heap`, { timeout: 300_000 }, async () => {
  const small = await explainMeasured(smallLog);
  assert.equal(small.code, 0, small.stderr);
  assert.equal(small.reports, smallCopies);

  const started = Date.now();
  const big = await explainMeasured(bigLog);
  const seconds = (Date.now() - started) / 1000;
  assert.equal(big.code, 0, big.stderr);
  assert.equal(big.stderr, '');
  assert.equal(big.reports, copies, 'every report in the log was found');
  assert.equal(big.lastLine, `${copies} kills, ${copies} reports.`);
  console.log(
    `# explain: ${copies} reports in ${(TARGET_BYTES / 1024 / 1024).toFixed(0)} MB in ${seconds.toFixed(1)} s; ` +
      `peak RSS ${(big.peakKb / 1024).toFixed(1)} MB (first 10 MB of the log: ${(small.peakKb / 1024).toFixed(1)} MB)`,
  );
  assert.ok(big.peakKb > 0, 'the peak was measured');
  assert.ok(big.peakKb < PEAK_BOUND_KB, `peak RSS ${big.peakKb} kB`);
  assert.ok(big.peakKb - small.peakKb < GROWTH_BOUND_KB, `memory grew with the input: ${small.peakKb} kB on 10 MB, ${big.peakKb} kB on 100 MB`);
});
