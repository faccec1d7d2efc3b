// The plain GROW/m: a least-squares fit over the window's points as objects. Production computes the same
// straight from a process's ring (FootprintSeries.growthKbPerMin in src/model/sampling/history.ts) without
// making the points; this is kept as the oracle its property test holds it equal to, to the bit.
import { fitWindow, GROWTH_RULES, type GrowthRules, type TimedValue } from '../../src/model/sampling/trend.js';

/** kB per minute from a series of RSS + swap (kB) samples; null until there are enough of them. */
export function growthKbPerMin(
  series: readonly TimedValue[],
  rules: Readonly<GrowthRules> = GROWTH_RULES,
): number | null {
  const fit = fitWindow(series, rules.windowMs);
  if (fit === null || fit.n < rules.minPoints || fit.spanMs < rules.minSpanMs) return null;
  return fit.slopePerSec * 60;
}
