// The mail-wrap joiner on its own: what it must join, what it must leave apart, and that it stays bounded.
// The lines are real kernel text from the fixtures and the noise sample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinWrappedLines } from '../../src/oom/paste/wrap-joiner.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { toReportJson } from '../../src/oom/report-json.js';
import { oomFixture } from '../helpers/fixtures.js';
import { hardWrap } from './paste-transports.js';

const TRIGGER = '[  257.183159] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0';
const VERDICT =
  '[  257.192820] Memory cgroup out of memory: Killed process 3892 (python3) total-vm:82104kB, anon-rss:8064kB, file-rss:6612kB, shmem-rss:0kB, UID:0 pgtables:84kB oom_score_adj:0';

test('a report line wrapped at any width from 64 to 80 comes back whole (one space where it was cut)', () => {
  const words = (text: string): string => text.replace(/\s+/g, ' ');
  for (let width = 64; width <= 80; width += 1) {
    for (const line of [TRIGGER, VERDICT]) {
      const joined = [...joinWrappedLines(hardWrap(line, width))];
      assert.equal(joined.length, 1, `${width}: ${JSON.stringify(joined)}`);
      assert.equal(words(joined[0] ?? ''), words(line), `${width}`);
    }
  }
});

test('a finished report line does not take the line after it, even when that line has no prefix', () => {
  const lines = [TRIGGER, '(...snipped...)', VERDICT, 'Killed process 3892 (python3) total-vm:82104kB, anon-rss:8064kB'];
  assert.deepEqual([...joinWrappedLines(lines)], lines);
});

test('a prefix-free report right after a prefixed line is not swallowed by it', () => {
  const arch = oomFixture('global-6.1-arch.txt');
  const prefixed = `Nov 28 06:37:04 vm-1 kernel: Mem-Info:\n${arch}`;
  const json = (text: string): unknown => parseOomReports(text).map((report) => ({ ...toReportJson(report), timestamp: null }));
  assert.deepEqual(json(prefixed), json(arch));
});

test('joining stops at 4 KiB: a prefixed line cannot swallow a long run of unprefixed lines', () => {
  const other = 'in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 1, name: swapper/0';
  const joined = [...joinWrappedLines(['[    9.465972] preempt_count: 1, expected: 0', ...Array.from({ length: 200 }, () => other)])];
  assert.ok(joined.length > 1);
  assert.ok(joined.every((line) => line.length <= 4096 + other.length), `${Math.max(...joined.map((line) => line.length))}`);
});
