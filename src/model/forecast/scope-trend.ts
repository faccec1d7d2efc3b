// How fast a memory cgroup fills and when it reaches its wall. The box's ETA (sampling/trend.ts ETA_RULES)
// waits for 30 s of samples, which is longer than a fast leak in a small cgroup lives: a 390 MB limit
// filled at 20 MB/s is gone in 20 s. A scope's ETA is therefore offered from a few seconds of samples,
// marked provisional until the window is half full, and only when the samples lie on a line.
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import { cgroupKey } from '../../cgroupfs/memory-cgroup.js';
import { RingBuffer, trendCapacity } from '../sampling/history.js';
import { fitLine, fitWindow, isGoodFit, pointsInWindow, TREND_WINDOW_MS, type FitRules, type LinearFit, type TimedValue } from '../sampling/trend.js';

/**
 * At least 3 samples over at least 2 s, r² ≥ 0.9: a steady leak passes within 2-4 s at the default 1 s
 * refresh (its r² is ~1), while a single burst does not (a jump between flat samples: r² 0.75 at 3 points).
 */
export const SCOPE_ETA_RULES: Readonly<FitRules> = { windowMs: TREND_WINDOW_MS, minPoints: 3, minSpanFraction: 2_000 / TREND_WINDOW_MS, minR2: 0.9 };

/**
 * A leak that starts after a flat stretch: over the whole window the samples are a flat line and then a
 * ramp, which no straight line fits (a 6 MB/s leak into a 100 MB cgroup flat for a minute was killed
 * unforecast). So the newest samples that lie on a line are fitted too: the longest run of at least 3
 * samples over at least 2 s within the last 10 s with r² ≥ 0.95 (a single jump still fails: 0.75 at 3
 * points), rising by at least 2 % of the wall over its span (so that a few quiet samples that happen to
 * line up do not predict a kill in a week). Its line wins when it reaches the wall first; such a slope is
 * provisional (the header's "?").
 */
const RECENT_WINDOW_MS = 10_000;
const RECENT_RULES: Readonly<FitRules> = { windowMs: RECENT_WINDOW_MS, minPoints: 3, minSpanFraction: 2_000 / RECENT_WINDOW_MS, minR2: 0.95 };
const RECENT_MIN_RISE = 0.02;

/** The fit over the longest run of the newest samples that lies on a rising line, by RECENT_RULES. */
function recentRise(points: readonly TimedValue[], limitKb: number): LinearFit | null {
  const recent = pointsInWindow(points, RECENT_WINDOW_MS).sort((a, b) => a.t - b.t);
  for (let from = 0; from <= recent.length - RECENT_RULES.minPoints; from++) {
    const fit = fitLine(recent.slice(from));
    if (fit === null || !(fit.slopePerSec > 0) || !isGoodFit(fit, RECENT_RULES)) continue;
    if ((fit.slopePerSec * fit.spanMs) / 1000 < RECENT_MIN_RISE * limitKb) return null;
    return fit;
  }
  return null;
}

/** Below this span the slope is provisional: the window is not yet half full. */
const SETTLED_SPAN_MS = TREND_WINDOW_MS / 2;

/** Seconds until the fitted line reaches `limitKb`, when it rises and fits by SCOPE_ETA_RULES. */
function etaByFit(fit: LinearFit, limitKb: number): number | null {
  if (!(fit.slopePerSec > 0) || !isGoodFit(fit, SCOPE_ETA_RULES)) return null;
  return Math.max(0, (limitKb - fit.intercept) / fit.slopePerSec);
}

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
  const whole = { growthKbPerMin: fit.slopePerSec * 60, provisional: fit.spanMs < SETTLED_SPAN_MS, etaSeconds: limitKb === null ? null : etaByFit(fit, limitKb) };
  // Only worth a second fit when the window is longer than the recent one.
  if (limitKb === null || fit.spanMs <= RECENT_WINDOW_MS) return whole;
  const recent = recentRise(points, limitKb);
  if (recent === null) return whole;
  // recentRise checked the fit and the rise already.
  const recentEta = Math.max(0, (limitKb - recent.intercept) / recent.slopePerSec);
  if (whole.etaSeconds !== null && whole.etaSeconds <= recentEta) return whole;
  return { growthKbPerMin: recent.slopePerSec * 60, provisional: true, etaSeconds: recentEta };
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
