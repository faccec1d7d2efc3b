// Trends over a sliding time window: "a leak is a straight line sloping toward zero ... the slope tells
// you when you'll hit the wall". An ordinary least-squares line through (t, value) samples gives the
// slope; r² says how much of the window's movement that line explains, which is what separates a leak
// from page-cache churn. Times are monotonic ms (the sampler's clock), never the wall clock.

/** A value at a monotonic time in ms (the sampler's clock). */
export interface TimedValue {
  t: number;
  value: number;
}

/** The sliding window for every trend: about a minute, as the issue asks. */
export const TREND_WINDOW_MS = 60_000;

export interface LinearFit {
  /** Points used. */
  n: number;
  /** Time from the oldest to the newest point used, ms. */
  spanMs: number;
  /** Change of the value per second. */
  slopePerSec: number;
  /** The time the intercept refers to: the newest point's t (ms). */
  originMs: number;
  /** The fitted value at originMs ("now" on the line, less noisy than the last sample). */
  intercept: number;
  /**
   * Coefficient of determination, 0..1. A constant series is fitted exactly by a flat line and gets 1
   * (its slope is 0, so it never yields an ETA).
   */
  r2: number;
}

/** The points no older than `windowMs` before the newest one; non-finite values are skipped. */
export function pointsInWindow(points: readonly TimedValue[], windowMs: number): TimedValue[] {
  const finite = points.filter((point) => Number.isFinite(point.t) && Number.isFinite(point.value));
  const newest = finite.reduce((latest, point) => Math.max(latest, point.t), -Infinity);
  return finite.filter((point) => point.t >= newest - windowMs);
}

/**
 * Least-squares line through the points. Null with fewer than two points or when all share one time.
 * Times are centred on their mean before squaring: performance.now() values are large enough that raw
 * sums of squares would lose precision.
 */
export function fitLine(points: readonly TimedValue[]): LinearFit | null {
  const n = points.length;
  if (n < 2) return null;
  let sumT = 0;
  let sumV = 0;
  let oldest = Infinity;
  let newest = -Infinity;
  for (const { t, value } of points) {
    sumT += t;
    sumV += value;
    oldest = Math.min(oldest, t);
    newest = Math.max(newest, t);
  }
  const meanT = sumT / n;
  const meanV = sumV / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const { t, value } of points) {
    const dt = (t - meanT) / 1000;
    const dv = value - meanV;
    sxx += dt * dt;
    sxy += dt * dv;
    syy += dv * dv;
  }
  if (!(sxx > 0)) return null;
  const slopePerSec = sxy / sxx;
  const r2 = syy === 0 ? 1 : Math.min(1, (sxy * sxy) / (sxx * syy));
  return {
    n,
    spanMs: newest - oldest,
    slopePerSec,
    originMs: newest,
    intercept: meanV + (slopePerSec * (newest - meanT)) / 1000,
    r2,
  };
}

/** What makes a fit trustworthy enough to extrapolate. */
export interface FitRules {
  windowMs: number;
  /** Two points always fit perfectly and three nearly so: r² means little below a handful. */
  minPoints: number;
  /** The points must span this share of the window. */
  minSpanFraction: number;
  minR2: number;
}

/**
 * Rules for the time-to-OOM estimate. Extrapolating is only honest when the line really describes the
 * data:
 * - at least 6 points, so r² is not trivially high (at the default 1 s interval this is never the
 *   binding rule; at --interval 10 it still allows an ETA within the minute);
 * - spanning at least half the window (30 s): a slope from a few seconds is dominated by one burst (a
 *   build step, a cache fill) and an ETA from it would flicker on every burst;
 * - r² ≥ 0.8: the line explains at least 80% of the movement of headroom in the window. A steady leak
 *   gives r² > 0.95 even with page-cache noise on top; churn on a stable box gives r² near 0; a
 *   sawtooth (garbage collection, a batch loop) is refused while its teeth dominate the drift.
 * A slow but clean decline still yields an ETA, however distant: the screen formats it (e.g. "3d 4h").
 */
export const ETA_RULES: Readonly<FitRules> = { windowMs: TREND_WINDOW_MS, minPoints: 6, minSpanFraction: 0.5, minR2: 0.8 };

export function isGoodFit(fit: LinearFit | null, rules: Readonly<FitRules> = ETA_RULES): fit is LinearFit {
  return (
    fit !== null &&
    fit.n >= rules.minPoints &&
    fit.spanMs >= rules.windowMs * rules.minSpanFraction &&
    fit.r2 >= rules.minR2
  );
}

/** The fit over the newest `windowMs` of a series (null when it has fewer than two distinct times). */
export function fitWindow(series: readonly TimedValue[], windowMs: number = TREND_WINDOW_MS): LinearFit | null {
  return fitLine(pointsInWindow(series, windowMs));
}

/** What the ETA extrapolates: everything that can still be handed out before the OOM killer must act. */
export function headroomKb(memory: { availableKb: number; swapFreeKb: number }): number {
  return memory.availableKb + memory.swapFreeKb;
}

/**
 * Seconds from the newest sample until the fitted headroom (MemAvailable + SwapFree, kB) reaches zero.
 * Null unless the slope is negative and the fit is good by `rules`; 0 when the line is already at or
 * below zero.
 */
export function etaSeconds(series: readonly TimedValue[], rules: Readonly<FitRules> = ETA_RULES): number | null {
  const fit = fitWindow(series, rules.windowMs);
  if (!isGoodFit(fit, rules) || !(fit.slopePerSec < 0)) return null;
  return Math.max(0, fit.intercept / -fit.slopePerSec);
}

export interface GrowthRules {
  windowMs: number;
  minPoints: number;
  minSpanMs: number;
}

/**
 * Per-process growth (GROW/m) is an average rate, not an extrapolation, so it needs no r²: a process that
 * grows in steps still grows. It does need a few points over at least 10 s, or a single allocation burst
 * right after the process appears would read as a leak.
 */
export const GROWTH_RULES: Readonly<GrowthRules> = { windowMs: TREND_WINDOW_MS, minPoints: 5, minSpanMs: 10_000 };

/** A process as the misdiagnosis-trap check needs it; callers pass their own rows. */
export interface TrapCandidate {
  /** Position in the kill order: the lowest rank dies next (1-based or 0-based, only order matters). */
  rank: number;
  growthKbPerMin: number | null;
}

export interface TrapRules {
  /** Growth below this is noise (caches warming, heaps settling), not a culprit. */
  minGrowthKbPerMin: number;
  /** The grower must outpace the next victim by this factor, or both are simply growing. */
  minRatioToVictim: number;
}

/**
 * Default: 10 MiB/min, or 0.1% of MemTotal per minute on big boxes (a rate that would fill the machine
 * in under a day), and at least twice the victim's growth.
 */
export function trapRules(memTotalKb: number | null = null): TrapRules {
  return { minGrowthKbPerMin: Math.max(10 * 1024, (memTotalKb ?? 0) / 1000), minRatioToVictim: 2 };
}

/**
 * The misdiagnosis trap: the kernel will kill the top-ranked process, but memory is being eaten by
 * another. Returns both only when the fastest meaningful grower is not the next victim and outgrows it
 * (a victim with no growth figure yet does not veto the callout); otherwise null.
 */
export function misdiagnosisTrap<T extends TrapCandidate>(
  processes: readonly T[],
  rules: TrapRules = trapRules(),
): { nextVictim: T; fastestGrower: T } | null {
  let nextVictim: T | null = null;
  let fastestGrower: T | null = null;
  for (const process of processes) {
    if (nextVictim === null || process.rank < nextVictim.rank) nextVictim = process;
    const growth = process.growthKbPerMin;
    if (growth !== null && Number.isFinite(growth) && growth > (fastestGrower?.growthKbPerMin ?? -Infinity)) {
      fastestGrower = process;
    }
  }
  if (nextVictim === null || fastestGrower === null || fastestGrower === nextVictim) return null;
  const growth = fastestGrower.growthKbPerMin!;
  if (growth < rules.minGrowthKbPerMin) return null;
  const victimGrowth = nextVictim.growthKbPerMin;
  if (victimGrowth !== null && Math.max(0, victimGrowth) * rules.minRatioToVictim > growth) return null;
  return { nextVictim, fastestGrower };
}
