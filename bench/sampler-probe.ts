// Runs oomlens's live sampler alone in its own process, as the TUI drives it (a sliced tick every
// interval, the top screenful focused), and prints its CPU per tick as JSON: windows of `--ticks` ticks,
// each the process's user + system time (all threads, GC included) over those ticks. Beside it, the part
// of that CPU spent in the forecast: the sampler's one call of Forecaster.update() per tick (sampler.ts,
// tick()), timed around exactly that call.
import { parseArgs } from 'node:util';
import { createSampler } from '../src/runtime/sampling.js';
import { LIVE_ROOTS } from '../src/procfs/roots.js';

const { values } = parseArgs({
  options: {
    warmup: { type: 'string', default: '15' },
    windows: { type: 'string', default: '5' },
    ticks: { type: 'string', default: '4' },
    'interval-ms': { type: 'string', default: '1000' },
    'focus-rows': { type: 'string', default: '20' },
  },
});
const intervalMs = Number(values['interval-ms']);
const focusRows = Number(values['focus-rows']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuMsSince = (before: NodeJS.CpuUsage) => {
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / 1000;
};

const sampler = createSampler({ roots: LIVE_ROOTS, passwdPath: '/etc/passwd', intervalMs });
let rows = 0;
let cgroups: number | null = null;

// Older samplers (before issue 7) had neither slicing nor focus: the probe measures them as they were.
const older = sampler as Partial<Pick<typeof sampler, 'sampleSliced' | 'focus'>> & Pick<typeof sampler, 'sample'>;

/**
 * The forecast's CPU so far: the sampler's private Forecaster (older samplers, before issue 13, have
 * none: null) has its update() wrapped. It is synchronous, so the process's CPU across the call is the
 * call's (plus whatever V8's helper threads do meanwhile, as in the tick's own figure).
 */
const forecastCpu = { ms: 0 };
const forecaster = (sampler as unknown as { forecaster?: { update: (...args: unknown[]) => unknown } }).forecaster;
if (forecaster !== undefined) {
  const update = forecaster.update.bind(forecaster);
  forecaster.update = (...args: unknown[]) => {
    const before = process.cpuUsage();
    try {
      return update(...args);
    } finally {
      forecastCpu.ms += cpuMsSince(before);
    }
  };
}

/** One tick as the TUI's ticker makes it: sample, tell the sampler what is on screen, wait out the interval. */
async function tick(): Promise<void> {
  const started = performance.now();
  const snapshot = older.sampleSliced ? await older.sampleSliced() : older.sample();
  rows = snapshot.processes.length;
  cgroups = snapshot.cgroups?.list.length ?? null;
  older.focus?.(snapshot.processes.slice(0, focusRows).map((row) => row.key));
  await sleep(Math.max(0, intervalMs - (performance.now() - started)));
}

for (let i = 0; i < Number(values.warmup); i++) await tick();
const perTickMs: number[] = [];
const forecastPerTickMs: number[] = [];
for (let window = 0; window < Number(values.windows); window++) {
  let cpuMs = 0;
  const forecastBefore = forecastCpu.ms;
  for (let i = 0; i < Number(values.ticks); i++) {
    // The whole interval, idle wait included: whatever the process spends per tick counts.
    const before = process.cpuUsage();
    await tick();
    cpuMs += cpuMsSince(before);
  }
  perTickMs.push(cpuMs / Number(values.ticks));
  forecastPerTickMs.push((forecastCpu.ms - forecastBefore) / Number(values.ticks));
}
(sampler as { close?: () => void }).close?.();
const result = {
  perTickMs,
  forecastPerTickMs: forecaster === undefined ? null : forecastPerTickMs,
  rows,
  cgroups,
  rssKb: Math.round(process.memoryUsage().rss / 1024),
};
process.stdout.write(JSON.stringify(result) + '\n');
