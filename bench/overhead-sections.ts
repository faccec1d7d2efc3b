// The parts of the run that measure what oomlens adds besides the screen: the forecast's share of the
// sampler's tick (issue 13).
import { cgroupsSkipReason, spreadIntoCgroups, type BenchCgroups } from './cgroups.js';
import { measureOomlensSampler, type SamplerProbeResult } from './measure-sampling.js';
import type { Population } from './population.js';
import type { Row } from './report.js';
import { log, type Context } from './sections.js';
import { spread } from './stats.js';

/** Issue 13's target: the forecast adds at most 10 % to the sampler's CPU at 2,000 processes and 50 cgroups. */
const FORECAST_CGROUPS = 50;

/**
 * The forecast's share of the sampler's tick: the sampler probe again, with the population dealt into
 * 50 limited cgroups (root and cgroup v1; elsewhere the box's own cgroups, noted), its Forecaster.update()
 * timed per tick against the rest of the tick. `targeted`: the population the target names (the mid one).
 */
export async function runForecast(context: Context, population: Population, targeted: boolean, raw: Record<string, unknown>): Promise<Row[]> {
  const size = population.size;
  const skip = cgroupsSkipReason();
  if (skip !== null) context.notes.push(`forecast at ${size} processes: ${skip}; measured with the cgroups the box has`);
  log(`forecast CPU per tick at ${size} processes${skip === null ? `, ${FORECAST_CGROUPS} cgroups` : ''}`);
  let cgroups: BenchCgroups | null = null;
  let probe: SamplerProbeResult;
  try {
    // 1 GiB each: far above what a fiftieth of the population touches (100-350 KB a process).
    if (skip === null) cgroups = spreadIntoCgroups(population.pids, FORECAST_CGROUPS, 2 ** 30);
    probe = measureOomlensSampler(context.reps, size > 5000 ? 3 : 4);
  } finally {
    cgroups?.end();
  }
  raw[`forecast${size}`] = probe;
  const forecast = probe.forecastPerTickMs;
  if (forecast === null) throw new Error('this sampler has no forecast to time');
  const rest = probe.perTickMs.map((tick, i) => tick - forecast[i]!);
  const share = spread(forecast.map((ms, i) => (100 * ms) / probe.perTickMs[i]!))!;
  context.notes.push(
    `forecast at ${probe.rows} processes: ${share.median.toFixed(1)} % (${share.min.toFixed(1)}–${share.max.toFixed(1)}) of the sampler's CPU per tick (${spread(probe.perTickMs)!.median.toFixed(1)} ms)`,
  );
  return [{
    target: 'i13',
    measure: `forecast CPU per refresh, ${probe.rows} processes, ${probe.cgroups ?? 'no'} cgroups${targeted ? '' : ' (no target; for scale)'}`,
    oomlens: spread(forecast),
    reference: spread(rest),
    referenceName: 'rest of the tick',
    unit: 'ms',
    bound: targeted ? { ratio: 0.1 } : null,
    digits: 2,
  }];
}
