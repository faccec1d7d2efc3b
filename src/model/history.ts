// Fixed-capacity history for sparklines (the last 60 samples) and trend windows. A ring buffer keeps the
// sampler's memory flat however long oomlens runs; snapshots get copies (toArray) so the UI never sees a
// buffer that the next tick mutates.

/** Samples shown by a sparkline: one per tick, the last minute at the default 1 s interval. */
export const SPARKLINE_SAMPLES = 60;

/** A value at a monotonic time in ms (the sampler's clock). */
export interface TimedValue {
  t: number;
  value: number;
}

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

/**
 * One series per key (pid + starttime for per-process growth). Keys not seen in a tick are dropped by
 * `retainOnly`, so a vanished process's history is freed and a reused pid starts clean.
 */
export class SeriesByKey {
  private readonly series = new Map<string, RingBuffer<TimedValue>>();

  constructor(private readonly capacity: number) {}

  record(key: string, t: number, value: number): void {
    let buffer = this.series.get(key);
    if (buffer === undefined) {
      buffer = new RingBuffer<TimedValue>(this.capacity);
      this.series.set(key, buffer);
    }
    buffer.push({ t, value });
  }

  /** The key's samples, oldest first; empty when unknown. */
  points(key: string): TimedValue[] {
    return this.series.get(key)?.toArray() ?? [];
  }

  retainOnly(keys: ReadonlySet<string>): void {
    for (const key of this.series.keys()) if (!keys.has(key)) this.series.delete(key);
  }

  get size(): number {
    return this.series.size;
  }
}
