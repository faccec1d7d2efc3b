// Trend, ETA and growth over sample series with an injected monotonic clock. Times start at a large
// performance.now()-like value on purpose: the fit must not lose precision on big timestamps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimedValue } from '../../src/model/sampling/trend.js';
import { FootprintSeries } from '../../src/model/sampling/history.js';
import {
  ETA_RULES,
  etaSeconds,
  fitLine,
  fitWindow,
  headroomKb,
  isGoodFit,
  misdiagnosisTrap,
  pointsInWindow,
  trapRules,
} from '../../src/model/sampling/trend.js';

const T0 = 987_654_321.5;

/** A deterministic PRNG (mulberry32) so "noisy" series are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` samples every `intervalMs`, value = f(seconds since the first sample). */
function series(count: number, intervalMs: number, f: (seconds: number) => number): TimedValue[] {
  return Array.from({ length: count }, (_, i) => ({ t: T0 + i * intervalMs, value: f((i * intervalMs) / 1000) }));
}

const within = (actual: number | null, expected: number, fraction: number) => {
  assert.ok(actual !== null, `expected ≈${expected}, got null`);
  assert.ok(Math.abs(actual - expected) <= expected * fraction, `expected ≈${expected}, got ${actual}`);
};

test('fitLine: an exact line is recovered, intercept is the value at the newest point', () => {
  const fit = fitLine(series(60, 1000, (s) => 5_000_000 - 10_000 * s))!;
  assert.equal(fit.n, 60);
  assert.equal(fit.spanMs, 59_000);
  assert.ok(Math.abs(fit.slopePerSec + 10_000) < 1e-6);
  assert.ok(Math.abs(fit.intercept - (5_000_000 - 590_000)) < 1e-3);
  assert.equal(fit.originMs, T0 + 59_000);
  assert.ok(fit.r2 > 0.999999);
});

test('fitLine: fewer than two points or one instant → null', () => {
  assert.equal(fitLine([]), null);
  assert.equal(fitLine([{ t: T0, value: 1 }]), null);
  assert.equal(fitLine([{ t: T0, value: 1 }, { t: T0, value: 2 }]), null);
});

test('pointsInWindow keeps the newest window and drops non-finite values', () => {
  const points = [...series(120, 1000, (s) => s), { t: T0 + 120_000, value: Number.NaN }];
  const kept = pointsInWindow(points, 60_000);
  assert.equal(kept.length, 61);
  assert.equal(kept[0]!.t, T0 + 59_000);
});

test('flat headroom: no ETA', () => {
  const flat = series(60, 1000, () => 3_000_000);
  assert.equal(etaSeconds(flat), null);
  assert.equal(fitWindow(flat)!.slopePerSec, 0);
});

test('flat with noise: no ETA (no trend to speak of)', () => {
  const noise = random(1);
  assert.equal(etaSeconds(series(60, 1000, () => 3_000_000 + (noise() - 0.5) * 100_000)), null);
});

test('a linear leak: ETA within 1% of the truth', () => {
  // 2 GB of headroom, losing 10 MB/s: after 59 s, 1,410,000 kB remain → 141 s to go.
  const leak = series(60, 1000, (s) => 2_000_000 - 10_000 * s);
  within(etaSeconds(leak), 141, 0.01);
  assert.equal(headroomKb({ availableKb: 1_000_000, swapFreeKb: 410_000 }), 1_410_000);
});

test('a leak under page-cache noise: the good fit is still found, ETA within 5%', () => {
  const noise = random(42);
  const leak = series(60, 1000, (s) => 2_000_000 - 10_000 * s + (noise() - 0.5) * 40_000);
  const fit = fitWindow(leak)!;
  assert.ok(fit.r2 > 0.95, `r² ${fit.r2}`);
  within(etaSeconds(leak), 141, 0.05);
});

test('noisy: a slight slope drowned in noise has r² below 0.8 and no ETA', () => {
  const noise = random(7);
  const noisy = series(60, 1000, (s) => 2_000_000 - 200 * s + (noise() - 0.5) * 100_000);
  const fit = fitWindow(noisy)!;
  assert.ok(fit.r2 < ETA_RULES.minR2, `r² ${fit.r2}`);
  assert.equal(etaSeconds(noisy), null);
});

test('noisy: the documented rule holds across noise levels — an ETA exactly when slope < 0 and r² ≥ 0.8', () => {
  let shown = 0;
  let refused = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const noise = random(seed);
    const amplitude = seed * 25_000;
    const points = series(60, 1000, (s) => 4_000_000 - 5_000 * s + (noise() - 0.5) * amplitude);
    const fit = fitWindow(points)!;
    const eta = etaSeconds(points);
    assert.equal(eta !== null, fit.slopePerSec < 0 && fit.r2 >= ETA_RULES.minR2, `seed ${seed}: r² ${fit.r2}`);
    if (eta === null) refused++;
    else shown++;
  }
  assert.ok(shown > 0 && refused > 0, 'the sweep should cover both sides of the threshold');
});

test('recovering (slope positive): no ETA', () => {
  assert.equal(etaSeconds(series(60, 1000, (s) => 500_000 + 20_000 * s)), null);
});

test('a fresh start: no ETA until the points span half the window', () => {
  const leak = (count: number) => series(count, 1000, (s) => 2_000_000 - 10_000 * s);
  assert.equal(etaSeconds(leak(20)), null);
  assert.equal(etaSeconds(leak(30)), null);
  assert.ok(etaSeconds(leak(31)) !== null);
});

test('slow sampling: 7 points over 60 s is enough, 5 points is not', () => {
  assert.ok(etaSeconds(series(7, 10_000, (s) => 2_000_000 - 10_000 * s)) !== null);
  assert.equal(etaSeconds(series(5, 15_000, (s) => 2_000_000 - 10_000 * s)), null);
});

test('the window slides: an old recovery does not hide a new leak', () => {
  const points = series(150, 1000, (s) => (s < 80 ? 1_000_000 + 10_000 * s : 1_800_000 - 10_000 * (s - 80)));
  // Newest point: s = 149 → 1,110,000 kB at 10 MB/s → 111 s.
  within(etaSeconds(points), 111, 0.01);
});

test('already at zero on the line: ETA 0, never negative', () => {
  const gone = series(60, 1000, (s) => 300_000 - 10_000 * s);
  assert.equal(etaSeconds(gone), 0);
});

test('isGoodFit applies all three rules', () => {
  const fit = fitLine(series(60, 1000, (s) => 1000 - s))!;
  assert.equal(isGoodFit(fit), true);
  assert.equal(isGoodFit({ ...fit, n: 5 }), false);
  assert.equal(isGoodFit({ ...fit, spanMs: 29_000 }), false);
  assert.equal(isGoodFit({ ...fit, r2: 0.79 }), false);
  assert.equal(isGoodFit(null), false);
});

/** GROW/m as a tracked process gets it: its footprint series, fed the points. */
function growthKbPerMin(points: readonly TimedValue[]): number | null {
  const footprint = new FootprintSeries(Math.max(2, points.length), 60_000);
  for (const { t, value } of points) footprint.push(t, value);
  return footprint.growthKbPerMin();
}

test('growthKbPerMin: null until 5 points over 10 s, then the slope per minute', () => {
  const leak = (count: number) => series(count, 1000, (s) => 400_000 + 2048 * s); // 2 MiB/s = 120 MiB/min
  assert.equal(growthKbPerMin([]), null);
  assert.equal(growthKbPerMin(leak(5)), null); // 4 s span
  assert.equal(growthKbPerMin(leak(10)), null); // 9 s span
  within(growthKbPerMin(leak(11)), 122_880, 1e-9);
  within(growthKbPerMin(leak(60)), 122_880, 1e-9);
  assert.equal(growthKbPerMin(series(60, 1000, () => 7_500_000)), 0);
});

test('growthKbPerMin: growth in steps still counts (no r² requirement)', () => {
  // +10 MiB every 10 s: 60 MiB/min on average.
  const steps = series(60, 1000, (s) => 100_000 + 10_240 * Math.floor(s / 10));
  within(growthKbPerMin(steps), 61_440, 0.15);
});

interface Row {
  name: string;
  rank: number;
  growthKbPerMin: number | null;
}

const rows = (...list: [string, number | null][]): Row[] =>
  list.map(([name, growthKbPerMin], index) => ({ name, rank: index + 1, growthKbPerMin }));

test('misdiagnosis trap: the next victim is flat, another process grows fast', () => {
  const trap = misdiagnosisTrap(rows(['mysqld', 0], ['php-fpm', 122_880], ['sshd', 0]));
  assert.deepEqual(
    trap && { victim: trap.nextVictim.name, grower: trap.fastestGrower.name },
    { victim: 'mysqld', grower: 'php-fpm' },
  );
});

test('misdiagnosis trap: rank decides the victim, not list order', () => {
  const list: Row[] = [
    { name: 'worker', rank: 3, growthKbPerMin: 50_000 },
    { name: 'mysqld', rank: 1, growthKbPerMin: 10 },
  ];
  assert.equal(misdiagnosisTrap(list)?.nextVictim.name, 'mysqld');
});

test('misdiagnosis trap: none when the victim is the fastest grower', () => {
  assert.equal(misdiagnosisTrap(rows(['leaky', 200_000], ['worker', 50_000])), null);
});

test('misdiagnosis trap: none below 10 MiB/min (noise), nor when the victim grows at more than half the rate', () => {
  assert.equal(misdiagnosisTrap(rows(['mysqld', 0], ['cache', 9_000])), null);
  assert.equal(misdiagnosisTrap(rows(['mysqld', 80_000], ['worker', 122_880])), null);
  assert.ok(misdiagnosisTrap(rows(['mysqld', 60_000], ['worker', 122_880])) !== null);
  // A shrinking victim counts as flat.
  assert.ok(misdiagnosisTrap(rows(['mysqld', -50_000], ['worker', 20_000])) !== null);
});

test('misdiagnosis trap: a victim without a growth figure yet does not veto; no growth figures at all → none', () => {
  assert.equal(misdiagnosisTrap(rows(['new', null], ['worker', 122_880]))?.fastestGrower.name, 'worker');
  assert.equal(misdiagnosisTrap(rows(['a', null], ['b', null])), null);
  assert.equal(misdiagnosisTrap([]), null);
});

test('misdiagnosis trap: the threshold scales with the box (0.1% of MemTotal per minute)', () => {
  const big = trapRules(512 * 1024 * 1024); // 512 GiB
  assert.equal(trapRules().minGrowthKbPerMin, 10_240);
  assert.ok(Math.abs(big.minGrowthKbPerMin - 536_870.912) < 1e-6);
  assert.equal(misdiagnosisTrap(rows(['db', 0], ['worker', 122_880]), big), null);
});
