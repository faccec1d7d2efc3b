// Rates from cumulative counters with an injected monotonic clock (plain numbers in ms).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVmstat } from '../../src/procfs/vmstat.js';
import { parsePressure } from '../../src/procfs/pressure.js';
import { ratePerSecond, stallPercent, swapCountersFrom, swapRates } from '../../src/model/sampling/rates.js';

const vmstat = (lines: Record<string, number>) =>
  parseVmstat(Object.entries(lines).map(([key, value]) => `${key} ${value}`).join('\n'));

test('ratePerSecond: Δcount/Δt in units per second', () => {
  assert.equal(ratePerSecond({ atMs: 1000, count: 100 }, { atMs: 3000, count: 700 }), 300);
  assert.equal(ratePerSecond({ atMs: 0, count: 5 }, { atMs: 500, count: 5 }), 0);
});

test('ratePerSecond: first sample, missing counter, reset, zero or negative Δt → null', () => {
  assert.equal(ratePerSecond(null, { atMs: 1000, count: 100 }), null);
  assert.equal(ratePerSecond({ atMs: 0, count: null }, { atMs: 1000, count: 100 }), null);
  assert.equal(ratePerSecond({ atMs: 0, count: 100 }, { atMs: 1000, count: null }), null);
  assert.equal(ratePerSecond({ atMs: 0, count: 100 }, { atMs: 1000, count: 99 }), null);
  assert.equal(ratePerSecond({ atMs: 1000, count: 100 }, { atMs: 1000, count: 200 }), null);
  assert.equal(ratePerSecond({ atMs: 2000, count: 100 }, { atMs: 1000, count: 200 }), null);
});

test('swap rates: first tick is null everywhere (shown as "—"), never 0', () => {
  const first = swapCountersFrom(vmstat({ pswpin: 10, pswpout: 20, zswpin: 0, zswpout: 0 }), 5000);
  assert.deepEqual(swapRates(null, first, 4096), {
    inPagesPerSec: null,
    outPagesPerSec: null,
    inBytesPerSec: null,
    outBytesPerSec: null,
    zswapInPagesPerSec: null,
    zswapOutPagesPerSec: null,
    zswapUsed: false,
  });
});

test('swap rates over an injected clock: pages/s and bytes/s with the page size', () => {
  const before = swapCountersFrom(vmstat({ pswpin: 1000, pswpout: 5000, zswpin: 10, zswpout: 40 }), 10_000);
  const after = swapCountersFrom(vmstat({ pswpin: 1600, pswpout: 8400, zswpin: 10, zswpout: 140 }), 12_000);
  assert.deepEqual(swapRates(before, after, 4096), {
    inPagesPerSec: 300,
    outPagesPerSec: 1700,
    inBytesPerSec: 300 * 4096,
    outBytesPerSec: 1700 * 4096,
    zswapInPagesPerSec: 0,
    zswapOutPagesPerSec: 50,
    zswapUsed: true,
  });
  assert.equal(swapRates(before, after, 65536).outBytesPerSec, 1700 * 65536);
});

test('swap rates: a kernel without zswap counters gives null zswap rates but real pswp rates', () => {
  const before = swapCountersFrom(vmstat({ pswpin: 0, pswpout: 0 }), 0);
  const after = swapCountersFrom(vmstat({ pswpin: 0, pswpout: 250 }), 500);
  const rates = swapRates(before, after, 4096);
  assert.equal(rates.outPagesPerSec, 500);
  assert.equal(rates.inPagesPerSec, 0);
  assert.equal(rates.zswapInPagesPerSec, null);
  assert.equal(rates.zswapOutPagesPerSec, null);
  assert.equal(rates.zswapUsed, false);
});

test('swap rates: a counter reset (smaller value) is null, not negative', () => {
  const before = swapCountersFrom(vmstat({ pswpin: 9000, pswpout: 9000 }), 0);
  const after = swapCountersFrom(vmstat({ pswpin: 10, pswpout: 9100 }), 1000);
  const rates = swapRates(before, after, 4096);
  assert.equal(rates.inPagesPerSec, null);
  assert.equal(rates.outPagesPerSec, 100);
});

test('swap rates: no vmstat at all → null counters → null rates', () => {
  const before = swapCountersFrom(null, 0);
  const after = swapCountersFrom(null, 1000);
  assert.equal(swapRates(before, after, 4096).outPagesPerSec, null);
});

const psi = (someUs: number, fullUs: number | null) =>
  parsePressure(
    `some avg10=0.00 avg60=0.00 avg300=0.00 total=${someUs}\n` +
      (fullUs === null ? '' : `full avg10=0.00 avg60=0.00 avg300=0.00 total=${fullUs}\n`),
  );

test('PSI stall percent from the total= delta', () => {
  // 250 ms of "some" stall and 100 ms of "full" stall in 1 s.
  const stall = stallPercent({ atMs: 0, pressure: psi(1_000_000, 500_000) }, { atMs: 1000, pressure: psi(1_250_000, 600_000) });
  assert.equal(stall.some, 25);
  assert.equal(stall.full, 10);
});

test('PSI stall percent: first sample, absent PSI, no full line, reset, overshoot', () => {
  assert.deepEqual(stallPercent(null, { atMs: 0, pressure: psi(5, 5) }), { some: null, full: null });
  assert.deepEqual(stallPercent({ atMs: 0, pressure: null }, { atMs: 1000, pressure: null }), { some: null, full: null });
  assert.deepEqual(stallPercent({ atMs: 0, pressure: null }, { atMs: 1000, pressure: psi(5, 5) }), { some: null, full: null });
  const someOnly = stallPercent({ atMs: 0, pressure: psi(0, null) }, { atMs: 2000, pressure: psi(100_000, null) });
  assert.deepEqual(someOnly, { some: 5, full: null });
  const reset = stallPercent({ atMs: 0, pressure: psi(900, 900) }, { atMs: 1000, pressure: psi(100, 100) });
  assert.deepEqual(reset, { some: null, full: null });
  const overshoot = stallPercent({ atMs: 0, pressure: psi(0, 0) }, { atMs: 1000, pressure: psi(1_020_000, 0) });
  assert.deepEqual(overshoot, { some: 100, full: 0 });
});
