// Fixed-capacity history for sparklines (the last 60 samples) and trend windows. A ring buffer keeps the
// sampler's memory flat however long oomlens runs; snapshots get copies (toArray) so the UI never sees a
// buffer that the next tick mutates.
import { GROWTH_RULES, type GrowthRules, type TimedValue } from './trend.js';

/** Samples shown by a sparkline: one per tick, the last minute at the default 1 s interval. */
export const SPARKLINE_SAMPLES = 60;

export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer: ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends, dropping the oldest item when full. */
  push(item: T): void {
    const end = (this.start + this.count) % this.capacity;
    this.items[end] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** The newest item, or undefined when empty. */
  last(): T | undefined {
    return this.count === 0 ? undefined : this.items[(this.start + this.count - 1) % this.capacity];
  }

  /** A fresh array, oldest first: safe to hand to a snapshot. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }

  /** The newest `n` items, oldest first. */
  lastN(n: number): T[] {
    const all = this.toArray();
    return n >= all.length ? all : all.slice(all.length - Math.max(0, n));
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}

/**
 * Capacity for a trend series: enough samples to cover `windowMs` at `intervalMs`, plus one so the window's
 * two ends are both kept. The fit itself selects points by time, so a longer buffer is harmless.
 */
export function trendCapacity(intervalMs: number, windowMs: number): number {
  return Math.max(2, Math.ceil(windowMs / Math.max(1, intervalMs)) + 1);
}

/** Points a new series has room for before it first grows. */
const INITIAL_SERIES_CAPACITY = 8;

/**
 * One (t, value) series, oldest overwritten when full, in one plain array of doubles ([t0, v0, t1, v1,
 * ...]: V8 stores it unboxed, with none of a typed array's per-array overhead). It starts small and
 * doubles (up to `maxCapacity` points) only while every point it holds is still inside the trend window,
 * so a process sampled every tick keeps a full window while one refreshed every ten ticks holds a handful
 * of points. At 10,000 processes this is about 2 MB, where one {t, value} object per sample was tens.
 */
export class FootprintSeries {
  private data: number[];
  private start = 0;
  private count = 0;

  constructor(
    private readonly maxCapacity: number,
    private readonly windowMs: number,
  ) {
    this.data = new Array<number>(2 * Math.min(maxCapacity, INITIAL_SERIES_CAPACITY)).fill(0);
  }

  private get capacity(): number {
    return this.data.length / 2;
  }

  push(t: number, value: number): void {
    if (this.count === this.capacity) {
      const oldest = this.data[2 * this.start]!;
      if (this.capacity < this.maxCapacity && oldest >= t - this.windowMs) this.grow(Math.min(this.maxCapacity, this.capacity * 2));
    }
    const size = this.capacity;
    const end = (this.start + this.count) % size;
    this.data[2 * end] = t;
    this.data[2 * end + 1] = value;
    if (this.count < size) this.count++;
    else this.start = (this.start + 1) % size;
  }

  /**
   * kB per minute from the points in the window, null until there are enough of them: the plain fit over
   * this.toPoints() (growthKbPerMin in test/oracles/growth.ts) without making the points, the same
   * arithmetic in the same order, so the same result to the bit (a property test holds it to that). A tick at 10,000 processes
   * asks this of a thousand series.
   */
  growthKbPerMin(rules: Readonly<GrowthRules> = GROWTH_RULES): number | null {
    return this.slopeKbPerMin(rules, false);
  }

  /**
   * The same slope from the second point on, for the screen while growthKbPerMin() is still null (a new
   * process): an early figure, which the caller marks as such. It is the slope of the same fit, so it
   * becomes growthKbPerMin() the tick the rules are met.
   */
  earlyGrowthKbPerMin(rules: Readonly<GrowthRules> = GROWTH_RULES): number | null {
    return this.slopeKbPerMin(rules, true);
  }

  private slopeKbPerMin(rules: Readonly<GrowthRules>, early: boolean): number | null {
    const size = this.capacity;
    const at = (i: number) => 2 * ((this.start + i) % size);
    let newest = -Infinity;
    for (let i = 0; i < this.count; i++) {
      const t = this.data[at(i)]!;
      if (Number.isFinite(t) && Number.isFinite(this.data[at(i) + 1]!)) newest = Math.max(newest, t);
    }
    const inWindow = (i: number) => {
      const t = this.data[at(i)]!;
      return Number.isFinite(t) && Number.isFinite(this.data[at(i) + 1]!) && t >= newest - rules.windowMs;
    };
    let n = 0;
    let sumT = 0;
    let sumV = 0;
    let oldestUsed = Infinity;
    let newestUsed = -Infinity;
    for (let i = 0; i < this.count; i++) {
      if (!inWindow(i)) continue;
      const t = this.data[at(i)]!;
      n++;
      sumT += t;
      sumV += this.data[at(i) + 1]!;
      oldestUsed = Math.min(oldestUsed, t);
      newestUsed = Math.max(newestUsed, t);
    }
    if (n < 2) return null;
    const meanT = sumT / n;
    const meanV = sumV / n;
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < this.count; i++) {
      if (!inWindow(i)) continue;
      const dt = (this.data[at(i)]! - meanT) / 1000;
      sxx += dt * dt;
      sxy += dt * (this.data[at(i) + 1]! - meanV);
    }
    if (!(sxx > 0) || (!early && (n < rules.minPoints || newestUsed - oldestUsed < rules.minSpanMs))) return null;
    return (sxy / sxx) * 60;
  }

  /** A fresh array, oldest first: safe to hand to a snapshot. */
  toPoints(): TimedValue[] {
    const size = this.capacity;
    const out: TimedValue[] = [];
    for (let i = 0; i < this.count; i++) {
      const at = (this.start + i) % size;
      out.push({ t: this.data[2 * at]!, value: this.data[2 * at + 1]! });
    }
    return out;
  }

  private grow(capacity: number): void {
    const data = new Array<number>(2 * capacity).fill(0);
    const size = this.capacity;
    for (let i = 0; i < this.count; i++) {
      const at = (this.start + i) % size;
      data[2 * i] = this.data[2 * at]!;
      data[2 * i + 1] = this.data[2 * at + 1]!;
    }
    this.data = data;
    this.start = 0;
  }
}
