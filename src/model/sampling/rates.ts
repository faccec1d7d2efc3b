// Rates of the kernel's cumulative counters between two samples. The time base is a monotonic clock in
// ms (performance.now() via the sampler's Clock), passed in with each sample: a wall clock can jump
// (NTP, a suspended VM) and would turn a quiet second into a burst.
//
// A rate needs two samples, so the first one has none: null, which the screen shows as "—" and --json
// as null. Never 0: "no swapping" and "not measured yet" must not look alike. A counter that went
// down (a wrap, a reset, a different kernel behind --root) and a zero or negative Δt also give null.
import type { Pressure } from '../../procfs/pressure.js';
import { counter, type Vmstat } from '../../procfs/vmstat.js';

/** One reading of a cumulative counter at a monotonic time. `count` is null when the kernel lacks it. */
export interface CounterReading {
  atMs: number;
  count: number | null;
}

/** Δcount / Δt in units per second, or null when no honest rate exists (see the file comment). */
export function ratePerSecond(previous: CounterReading | null, next: CounterReading): number | null {
  if (previous === null || previous.count === null || next.count === null) return null;
  const elapsedMs = next.atMs - previous.atMs;
  const delta = next.count - previous.count;
  if (!(elapsedMs > 0) || !Number.isFinite(delta) || delta < 0) return null;
  return (delta * 1000) / elapsedMs;
}

/** The /proc/vmstat swap counters at one moment. zswp* are null on kernels without zswap counters. */
export interface SwapCounters {
  atMs: number;
  /** Pages swapped in since boot. */
  pswpin: number | null;
  /** Pages swapped out since boot. */
  pswpout: number | null;
  /** Pages brought back from zswap (compressed RAM), 5.x+ with CONFIG_ZSWAP. */
  zswpin: number | null;
  /** Pages compressed into zswap. */
  zswpout: number | null;
}

export function swapCountersFrom(vmstat: Vmstat | null, atMs: number): SwapCounters {
  return {
    atMs,
    pswpin: counter(vmstat, 'pswpin'),
    pswpout: counter(vmstat, 'pswpout'),
    zswpin: counter(vmstat, 'zswpin'),
    zswpout: counter(vmstat, 'zswpout'),
  };
}

export interface SwapRates {
  inPagesPerSec: number | null;
  outPagesPerSec: number | null;
  inBytesPerSec: number | null;
  outBytesPerSec: number | null;
  /** Null when the kernel has no zswap counters, as well as on the first sample. */
  zswapInPagesPerSec: number | null;
  zswapOutPagesPerSec: number | null;
  /** zswap has stored pages since boot (its counters moved); false where the kernel has none or they are 0. */
  zswapUsed: boolean;
}

function rateOf(previous: SwapCounters | null, next: SwapCounters, key: keyof Omit<SwapCounters, 'atMs'>) {
  const before = previous === null ? null : { atMs: previous.atMs, count: previous[key] };
  return ratePerSecond(before, { atMs: next.atMs, count: next[key] });
}

const times = (rate: number | null, factor: number) => (rate === null ? null : rate * factor);

/** Swap-in/out rates between two samples; `pageSize` in bytes converts pages to bytes. */
export function swapRates(previous: SwapCounters | null, next: SwapCounters, pageSize: number): SwapRates {
  const inPages = rateOf(previous, next, 'pswpin');
  const outPages = rateOf(previous, next, 'pswpout');
  return {
    inPagesPerSec: inPages,
    outPagesPerSec: outPages,
    inBytesPerSec: times(inPages, pageSize),
    outBytesPerSec: times(outPages, pageSize),
    zswapInPagesPerSec: rateOf(previous, next, 'zswpin'),
    zswapOutPagesPerSec: rateOf(previous, next, 'zswpout'),
    zswapUsed: (next.zswpin ?? 0) > 0 || (next.zswpout ?? 0) > 0,
  };
}

/** A PSI reading at a monotonic time; `pressure` is null when PSI is absent. */
export interface PressureReading {
  atMs: number;
  pressure: Pressure | null;
}

export interface StallPercent {
  /** Percent of the interval in which at least one task stalled on memory. */
  some: number | null;
  /** Percent of the interval in which all non-idle tasks stalled on memory. */
  full: number | null;
}

/**
 * The instantaneous stall share over the last interval from the PSI `total=` µs delta: what avg10 will
 * show in a few seconds, now. Clamped to 0–100 because the kernel aggregates per-CPU times lazily and a
 * short interval can overshoot slightly.
 */
export function stallPercent(previous: PressureReading | null, next: PressureReading): StallPercent {
  const before = previous?.pressure ?? null;
  const after = next.pressure;
  if (previous === null || before === null || after === null) return { some: null, full: null };
  const percent = (beforeUs: number | null, afterUs: number | null): number | null => {
    const usPerSec = ratePerSecond({ atMs: previous.atMs, count: beforeUs }, { atMs: next.atMs, count: afterUs });
    return usPerSec === null ? null : Math.min(100, Math.max(0, usPerSec / 10_000));
  };
  return {
    some: percent(before.some.totalUs, after.some.totalUs),
    full: percent(before.full?.totalUs ?? null, after.full?.totalUs ?? null),
  };
}
