// How fast a memory cgroup fills and when it reaches its wall. The box's ETA (sampling/trend.ts ETA_RULES)
// waits for 30 s of samples, which is longer than a fast leak in a small cgroup lives: a 390 MB limit
// filled at 20 MB/s is gone in 20 s. A scope's ETA is therefore offered from a few seconds of samples,
// marked provisional until the window is half full, and only when the samples lie on a line.
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import { cgroupKey } from '../../cgroupfs/memory-cgroup.js';
import { RingBuffer, trendCapacity } from '../sampling/history.js';
import { fitWindow, isGoodFit, TREND_WINDOW_MS, type FitRules, type TimedValue } from '../sampling/trend.js';

/**
 * At least 3 samples over at least 2 s, r² ≥ 0.9: a steady leak passes within 2-4 s at the default 1 s
 * refresh (its r² is ~1), while a single burst does not (a jump between flat samples: r² 0.75 at 3 points).
 */
export const SCOPE_ETA_RULES: Readonly<FitRules> = { windowMs: TREND_WINDOW_MS, minPoints: 3, minSpanFraction: 2_000 / TREND_WINDOW_MS, minR2: 0.9 };

/** Below this span the slope is provisional: the window is not yet half full. */
const SETTLED_SPAN_MS = TREND_WINDOW_MS / 2;

export interface ScopeTrend {
  /** KiB per minute; null with fewer than two samples. */
  growthKbPerMin: number | null;
  provisional: boolean;
  /** Seconds until the fitted usage reaches `limitKb`; null without a limit, a rise, or a good fit. */
  etaSeconds: number | null;
}

export function scopeTrend(points: readonly TimedValue[], limitKb: number | null): ScopeTrend {
  const fit = fitWindow(points, SCOPE_ETA_RULES.windowMs);
  if (fit === null) return { growthKbPerMin: null, provisional: true, etaSeconds: null };
  const rising = fit.slopePerSec > 0 && isGoodFit(fit, SCOPE_ETA_RULES);
  return {
    growthKbPerMin: fit.slopePerSec * 60,
    provisional: fit.spanMs < SETTLED_SPAN_MS,
    etaSeconds: limitKb !== null && rising ? Math.max(0, (limitKb - fit.intercept) / fit.slopePerSec) : null,
  };
}

/**
 * What a cgroup's OOM compares with its budget: memory plus the swap it holds (mem_cgroup_get_max() adds the
 * swap it may use to the limit; ranking/cgroup-ranking.ts cgroupOomTotalKb is that total).
 */
export function footprintKb(cgroup: Pick<MemoryCgroup, 'usageKb' | 'swapKb'>): number {
  return cgroup.usageKb + (cgroup.swapKb ?? 0);
}

/** Each cgroup's footprint over the trend window; a cgroup that is gone is forgotten at the next update. */
export class CgroupUsageHistory {
  private readonly series = new Map<string, RingBuffer<TimedValue>>();
  private readonly capacity: number;
  private updates = 0;

  constructor(intervalMs: number) {
    this.capacity = trendCapacity(intervalMs, TREND_WINDOW_MS);
  }

  /** Moves with every update: what was computed from the series before is stale. */
  get version(): number {
    return this.updates;
  }

  update(cgroups: readonly MemoryCgroup[], atMs: number): void {
    this.updates++;
    const seen = new Set<string>();
    for (const cgroup of cgroups) {
      const key = cgroupKey(cgroup);
      seen.add(key);
      let series = this.series.get(key);
      if (series === undefined) {
        series = new RingBuffer<TimedValue>(this.capacity);
        this.series.set(key, series);
      }
      series.push({ t: atMs, value: footprintKb(cgroup) });
    }
    for (const key of this.series.keys()) if (!seen.has(key)) this.series.delete(key);
  }

  points(key: string): readonly TimedValue[] {
    return this.series.get(key)?.toArray() ?? [];
  }
}
