// The parts of the run that measure what oomlens adds besides the screen: the forecast's share of the
// sampler's tick (issue 13) and the flight recorder beside atop -w (issue 17).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAtopWriter } from './atop.js';
import { cgroupsSkipReason, spreadIntoCgroups, type BenchCgroups } from './cgroups.js';
import { measureRecorders, processCount, sizeOf, spawnRecorder, startRecorder, stopRecorder, type Recorder, type RecorderSeries } from './measure-record.js';
import { measureOomlensSampler, type SamplerProbeResult } from './measure-sampling.js';
import { BIN, BUNDLE } from './oomlens-tui.js';
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

/**
 * Issue 17's overhead: `oomlens record` (the bundle) and `atop -w` side by side at the same interval, each
 * into a temporary directory, after 3 samples of warm-up: CPU per sample, RSS, bytes added to disk per hour.
 */
export async function runRecord(context: Context, size: number, intervalS: number, perWindow: number, raw: Record<string, unknown>): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-bench-record-'));
  const recorders: Recorder[] = [];
  let series: Record<string, RecorderSeries>;
  const boxProcesses = [processCount()];
  try {
    // NODE_ENV unset, as a user's shell (or the systemd unit) has it.
    const env = { ...process.env, NODE_ENV: undefined };
    const oomlensDir = join(dir, 'oomlens');
    const args = [existsSync(BUNDLE) ? BUNDLE : BIN, 'record', '--dir', oomlensDir, '--interval', String(intervalS)];
    recorders.push(startRecorder('oomlens', spawnRecorder(process.execPath, args, env), () => sizeOf(oomlensDir)));
    if (context.atop) {
      const atopFile = join(dir, 'atop.raw');
      recorders.push(startRecorder('atop -w', startAtopWriter(atopFile, intervalS), () => sizeOf(atopFile)));
    }
    const plan = { warmup: 3, windows: context.reps, perWindow };
    const total = plan.warmup + plan.windows * plan.perWindow + 1;
    log(`record at ${size} processes: ${recorders.map((r) => r.name).join(' and ')} every ${intervalS} s, ${total} samples`);
    series = await measureRecorders(recorders, intervalS * 1000, plan, (message) => log(`record: ${message}`));
    boxProcesses.push(processCount());
  } finally {
    for (const recorder of recorders) await stopRecorder(recorder);
    rmSync(dir, { recursive: true, force: true });
  }
  raw[`record${size}`] = { series, boxProcesses };
  const { oomlens, 'atop -w': atop } = series;
  for (const [name, s] of Object.entries(series)) {
    context.notes.push(`record at ${boxProcesses.join('–')} processes: ${name} wrote a sample every ${spread(s.periodMs)?.median.toFixed(0)} ms (asked: ${intervalS * 1000} ms)`);
  }
  const row = (what: string, pick: (s: RecorderSeries) => number[], unit: string, digits: number): Row => ({
    target: 'i17',
    measure: `record: ${what}, every ${intervalS} s, ${boxProcesses[0]} processes (no target; for scale)`,
    oomlens: spread(pick(oomlens!)),
    reference: atop === undefined ? null : spread(pick(atop)),
    referenceName: 'atop -w',
    unit,
    bound: null,
    digits,
  });
  return [
    row('CPU per sample', (s) => s.cpuMsPerSample, 'ms', 1),
    row('RSS', (s) => s.rssMb, 'MB', 1),
    row('bytes added to disk per hour', (s) => s.mibPerHour, 'MiB', 2),
  ];
}
