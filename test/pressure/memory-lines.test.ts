// The memory block above the kill list, as text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import stringWidth from 'string-width';
import { callout } from '../../src/ui/lines/forecast-lines.js';
import { formatRate, memoryLineBudget, memoryLines } from '../../src/ui/lines/memory-lines.js';
import type { NextKill } from '../../src/model/forecast/types.js';
import type { ProcessRow } from '../../src/model/snapshot.js';
import { memoryCgroup } from '../helpers/cgroups.js';
import { quietForecast, quietPressure, row, snapshotOf } from '../helpers/rows.js';

const zone = (name: string, freePages: number, node = 0) => ({
  node, zone: name, freePages, minPages: 10_000, lowPages: 12_500, highPages: 15_000,
  freeKb: freePages * 4, minKb: 40_000, lowKb: 50_000, highKb: 60_000, managedKb: 4_000_000,
});

test('no swap is said in words, without rates that cannot move; the first tick has no rates ("—"), not 0', () => {
  const lines = memoryLines(snapshotOf([]), 100, 5);
  assert.match(lines[0]!.text, /^next kill: /, 'the next kill comes first');
  assert.equal(lines[2]!.text.trimEnd(), 'SWAP none: with no swap an OOM comes with no grace');
  const withSwap = snapshotOf([], { memory: { totalKb: 8_000_000, freeKb: 1, availableKb: 300_000, swapTotalKb: 2_097_152, swapFreeKb: 0 } });
  assert.match(memoryLines(withSwap, 120, 5)[2]!.text, /^SWAP \[\|+\] 100% 2\.0G\/2\.0G +si —p\/s — +so —p\/s — /);
});

const SWAPPING = {
  inPagesPerSec: 300, outPagesPerSec: 3400, inBytesPerSec: 300 * 4096, outBytesPerSec: 3400 * 4096,
  zswapInPagesPerSec: 0, zswapOutPagesPerSec: 0, zswapUsed: false,
};

function swappingSnapshot(rates: Partial<typeof SWAPPING> = {}) {
  const pressure = quietPressure({ swapRates: { ...SWAPPING, ...rates }, swapInHistory: [null, 0, 0, 300], swapOutHistory: [null, 0, 100, 3400] });
  return snapshotOf([], { pressure, memory: { totalKb: 8_000_000, freeKb: 1, availableKb: 300_000, swapTotalKb: 2_097_152, swapFreeKb: 0 } });
}

test('swap in use: gauge, pages/s and bytes/s, and a sparkline of si+so labelled with its scale', () => {
  const swap = memoryLines(swappingSnapshot(), 120, 5)[2]!;
  assert.match(swap.text.trimEnd(), /^SWAP \[\|+\] 100% 2\.0G\/2\.0G +si 300p\/s 1\.2M\/s +so 3\.4kp\/s 13M\/s +si\+so +[▁▂▃▄▅▆▇█]{3} max 3\.7kp\/s$/);
  assert.equal(swap.tone, 'bad');
});

test('80 columns keep the labelled sparkline: the rates drop bytes/s first; nothing is cut', () => {
  const swap = memoryLines(swappingSnapshot(), 80, 5)[2]!.text;
  assert.match(swap, /^SWAP \[\|+\] 100% 2\.0G\/2\.0G {2}si 300p\/s so 3\.4kp\/s {2}si\+so +[▁▂▃▄▅▆▇█]{3} max 3\.7kp\/s *$/);
  for (const columns of [40, 60, 72, 80, 100, 120]) {
    const [swapLine, psiLine] = memoryLines(swappingSnapshot({ zswapUsed: true }), columns, 5).slice(2, 4);
    for (const line of [swapLine!, psiLine!]) assert.doesNotMatch(line.text, /…/, `${columns}: ${line.text}`);
  }
});

test('zswap shows only where it has been used: counters that never moved are not shown', () => {
  assert.doesNotMatch(memoryLines(swappingSnapshot(), 120, 5)[2]!.text, /zsw/);
  assert.match(memoryLines(swappingSnapshot({ zswapUsed: true, zswapOutPagesPerSec: 50 }), 120, 5)[2]!.text, / {2}zsw 0\/50 {2}si\+so /);
});

test('PSI and commit take shorter forms before they are cut', () => {
  const absent = snapshotOf([], { pressure: quietPressure({ psi: null }) });
  assert.equal(memoryLines(absent, 80, 5)[3]!.text.trimEnd(), 'PSI n/a (kernel without pressure stall information)   commit 3.8G / limit 3.8G');
  assert.equal(memoryLines(absent, 60, 5)[3]!.text.trimEnd(), 'PSI n/a (kernel without PSI)   commit 3.8G / limit 3.8G');
});

test('PSI absent is "n/a"; commit shows the overcommit mode in words', () => {
  const lines = memoryLines(snapshotOf([], { pressure: quietPressure({ psi: null }) }), 120, 5);
  assert.match(lines[3]!.text.trimEnd(), /^PSI n\/a .* commit 3\.8G \/ limit 3\.8G \(overcommit 0 heuristic\)$/);
});

test('zones: the worst zones first when room is short, states in words; a 2-node box labels nodes', () => {
  const zones = [zone('DMA32', 900_000), zone('Normal', 11_000), zone('Normal', 9_000, 1)];
  const snapshot = snapshotOf([], { pressure: quietPressure({ zones }) });
  const lines = memoryLines(snapshot, 100, 5);
  assert.equal(lines.length, 6, 'the next kill, then 5 lines of memory');
  assert.match(lines[4]!.text.trimEnd(), /^N0 Normal +free .* below low: kswapd reclaiming$/);
  assert.match(lines[5]!.text.trimEnd(), /^N1 Normal +free .* below min: direct reclaim$/);
  assert.equal(lines[5]!.tone, 'bad');
  const tall = memoryLines(snapshot, 100, memoryLineBudget(50));
  assert.ok(tall.some((line) => /^N0 DMA32 .* ok$/.test(line.text.trimEnd())), 'a tall terminal shows every zone');
});

test('at 80x24 the block is the next kill and at most 5 lines of memory, none wider than the terminal', () => {
  const zones = [zone('DMA', 3000), zone('DMA32', 900_000), zone('Normal', 11_000)];
  for (const columns of [40, 60, 80, 200]) {
    const lines = memoryLines(snapshotOf([], { pressure: quietPressure({ zones }) }), columns, memoryLineBudget(24));
    assert.ok(lines.length <= 6);
    for (const line of lines) assert.ok(stringWidth(line.text) <= columns, `${columns}: ${line.text}`);
  }
});

const victim = row(1234, 'mysqld', 1231, 7_549_747, { growthKbPerMin: 0 });
const worker = row(4242, 'worker', 701, 419_840, { growthKbPerMin: 120 * 1024 });

/** A snapshot whose box forecast names the first process, as the model does (forecast.global). */
function boxSnapshot(processes: ProcessRow[]) {
  return snapshotOf(processes, { forecast: quietForecast(processes[0]!) });
}

test('the misdiagnosis callout: the next victim is flat, another process grows fast', () => {
  assert.equal(callout(boxSnapshot([victim, worker])), 'next victim: mysqld (7.2G, flat) · fastest grower: worker (+120M/min)');
  assert.equal(callout(boxSnapshot([{ ...worker, oomScore: 1300 }, victim])), null, 'the grower is the victim: no trap');
  assert.equal(callout(boxSnapshot([victim, { ...worker, growthKbPerMin: 2048 }])), null, 'slow growth is noise');
  const lines = memoryLines(boxSnapshot([victim, worker]), 100, 5);
  assert.match(lines.at(-1)!.text, /^next victim: mysqld/);
  assert.equal(lines.length, 6);
});

test('the callout never names oomlens itself, nor an early slope, as the fastest grower', () => {
  const self = row(process.pid, 'node', 650, 300_000, { growthKbPerMin: 900 * 1024 });
  assert.equal(callout(boxSnapshot([victim, self, worker]))?.endsWith('fastest grower: worker (+120M/min)'), true);
  assert.equal(callout(boxSnapshot([victim, self])), null, 'oomlens alone grows: nobody is named');
  const early = row(5000, 'fresh', 650, 300_000, { growthKbPerMin: 900 * 1024, growthProvisional: true });
  assert.equal(callout(boxSnapshot([victim, early, worker]))?.endsWith('fastest grower: worker (+120M/min)'), true);
});

test('the callout follows the next kill into its cgroup: its victim, and the fastest grower inside it', () => {
  const python = row(15161, 'python3', 700, 300 * 1024, { growthKbPerMin: 0 });
  const helper = row(15170, 'helper', 680, 50 * 1024, { growthKbPerMin: 60 * 1024 });
  const outside = row(4242, 'outside', 650, 400 * 1024, { growthKbPerMin: 900 * 1024 });
  const app = memoryCgroup({ path: '/app.slice/app.service', usageKb: 350 * 1024, limitKb: 390 * 1024, pids: [15161, 15170] });
  const nextKill: NextKill = {
    scope: 'memcg', cgroup: app.path, killer: 'kernel', outcome: 'kill', etaSeconds: 180, victims: [{ pid: 15161, name: 'python3' }],
    usageKb: 350 * 1024, limitKb: 390 * 1024, growthKbPerMin: 20 * 1024 * 60, provisional: false, reason: null,
  };
  const snapshot = snapshotOf([victim, outside, python, helper], {
    cgroups: { list: [app], truncated: false, recentOomKills: [] },
    forecast: { ...quietForecast(victim), nextKill },
  });
  assert.equal(callout(snapshot), 'in app.service: next victim: python3 (300M, flat) · fastest grower: helper (+60M/min)');
});

test('formatRate', () => {
  assert.deepEqual([null, 0, 950, 1234, 34_000, 1_200_000].map(formatRate), ['—', '0', '950', '1.2k', '34k', '1.2M']);
});
