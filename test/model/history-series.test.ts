import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FootprintSeries } from '../../src/model/sampling/history.js';
import type { TimedValue } from '../../src/model/sampling/trend.js';
import { growthKbPerMin } from '../oracles/growth.js';

test('footprint series: sampled every second, it keeps the whole window, like a full-size ring', () => {
  const series = new FootprintSeries(61, 60_000);
  const all: TimedValue[] = [];
  for (let second = 0; second < 200; second++) {
    series.push(second * 1000, 5000 + second * 7);
    all.push({ t: second * 1000, value: 5000 + second * 7 });
  }
  assert.deepEqual(series.toPoints(), all.slice(-61));
  assert.equal(growthKbPerMin(series.toPoints()), growthKbPerMin(all.slice(-61)));
});

test('footprint series: sampled every ten seconds, it stays small and keeps what the window holds', () => {
  const series = new FootprintSeries(61, 60_000);
  for (let tick = 0; tick < 100; tick++) series.push(tick * 10_000, tick);
  const points = series.toPoints();
  assert.equal(points.length, 8, 'its first capacity: never needed more');
  assert.ok(points.every((p, i) => i === 0 || p.t - points[i - 1]!.t === 10_000));
  const inWindow = points.filter((p) => p.t >= 990_000 - 60_000);
  assert.equal(inWindow.length, 7, 'every point of the last minute is there');
});

test('footprint series: toPoints() is a copy', () => {
  const series = new FootprintSeries(4, Infinity);
  series.push(1, 1);
  const handed = series.toPoints();
  series.push(2, 2);
  assert.equal(handed.length, 1);
  assert.deepEqual(series.toPoints(), [
    { t: 1, value: 1 },
    { t: 2, value: 2 },
  ]);
});

test('footprint series: its own GROW/m equals growthKbPerMin over its points, to the bit (property)', () => {
  const step = fc.record({ dt: fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.constant(1000)), value: fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.double({ noNaN: false })) });
  fc.assert(
    fc.property(fc.array(step, { maxLength: 150 }), fc.integer({ min: 2, max: 61 }), fc.double({ min: 0, max: 1e7, noNaN: true }), (steps, capacity, start) => {
      const series = new FootprintSeries(capacity, 60_000);
      let t = start;
      for (const { dt, value } of steps) {
        t += dt;
        series.push(t, value);
        const settled = series.growthKbPerMin();
        assert.equal(settled, growthKbPerMin(series.toPoints()));
        // The early figure is the same fit: once the settled one exists, they are one number.
        if (settled !== null) assert.equal(series.earlyGrowthKbPerMin(), settled);
      }
    }),
    { numRuns: 500 },
  );
});

test('footprint series: an early GROW/m from the second point, where the settled one is still null', () => {
  const series = new FootprintSeries(61, 60_000);
  series.push(0, 1000);
  assert.equal(series.earlyGrowthKbPerMin(), null, 'one point: no slope');
  series.push(1000, 3048);
  assert.equal(series.growthKbPerMin(), null);
  assert.equal(series.earlyGrowthKbPerMin(), 2048 * 60);
});
