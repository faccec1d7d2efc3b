// Runs oomlens's live sampler alone in its own process, as the TUI drives it (a sliced tick every
// interval, the top screenful focused), and prints its CPU per tick as JSON: windows of `--ticks` ticks,
// each the process's user + system time (all threads, GC included) over those ticks. Beside it, the part
// of that CPU spent in the forecast: the sampler's one call of Forecaster.update() per tick (sampler.ts,
// tick()), timed around exactly that call.
import { PerformanceObserver } from 'node:perf_hooks';
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
    // Each measured tick's Forecaster.update() call on its own (wall, process and main-thread CPU, and
    // whether the cgroups were walked or the sysctls read in it), in the JSON and summed up on stderr.
    calls: { type: 'boolean', default: false },
  },
});
const intervalMs = Number(values['interval-ms']);
const focusRows = Number(values['focus-rows']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuMsSince = (before: NodeJS.CpuUsage) => {
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / 1000;
};

/** Garbage collections on the main thread (start, duration): a call that a GC interrupts pays for it. */
const collections: { start: number; ms: number }[] = [];
if (values.calls) {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) collections.push({ start: entry.startTime, ms: entry.duration });
  }).observe({ entryTypes: ['gc'] });
}

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
interface Call { startMs: number; wallMs: number; cpuMs: number; gcMs: number; walked: boolean; policyRead: boolean }
const calls: Call[] = [];
let recording = false;
let policyRead = false;
type ProbedForecaster = { update: (tick: { cgroupsWalked?: boolean }) => unknown; deps?: { readPolicy?: () => unknown } };
const forecaster = (sampler as unknown as { forecaster?: ProbedForecaster }).forecaster;
if (forecaster !== undefined) {
  const update = forecaster.update.bind(forecaster);
  const deps = forecaster.deps;
  const readPolicy = deps?.readPolicy;
  if (deps !== undefined && readPolicy !== undefined) {
    deps.readPolicy = () => {
      policyRead = true;
      return readPolicy();
    };
  }
  forecaster.update = (tick) => {
    policyRead = false;
    const wall = performance.now();
    const before = process.cpuUsage();
    try {
      return update(tick);
    } finally {
      const cpuMs = cpuMsSince(before);
      forecastCpu.ms += cpuMs;
      if (values.calls && recording) {
        const wallMs = performance.now() - wall;
        calls.push({ startMs: wall, wallMs, cpuMs, gcMs: 0, walked: tick.cgroupsWalked === true, policyRead });
      }
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
recording = true;
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
  ...(values.calls ? { calls } : {}),
};
if (values.calls) {
  // The observer's entries arrive after the fact: each is matched to the call it fell in now.
  await sleep(0);
  for (const call of calls) {
    for (const gc of collections) if (gc.start >= call.startMs && gc.start < call.startMs + call.wallMs) call.gcMs += gc.ms;
  }
  describeCalls(calls);
}
process.stdout.write(JSON.stringify(result) + '\n');

/** Medians of the calls by kind, so which ticks cost shows at a glance. */
function describeCalls(all: readonly Call[]): void {
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!;
  };
  const kinds: [string, (call: Call) => boolean][] = [
    ['all', () => true],
    ['walk', (call) => call.walked],
    ['no walk', (call) => !call.walked],
    ['sysctl read', (call) => call.policyRead],
    ['with a GC', (call) => call.gcMs > 0],
  ];
  for (const [kind, pick] of kinds) {
    const some = all.filter(pick);
    const figure = (key: 'wallMs' | 'cpuMs' | 'gcMs') => median(some.map((call) => call[key])).toFixed(2);
    process.stderr.write(`probe: ${kind}: ${some.length} calls, median wall ${figure('wallMs')} ms, CPU ${figure('cpuMs')} ms, GC ${figure('gcMs')} ms\n`);
  }
  for (const call of all) {
    const tags = `${call.walked ? ' walk' : ''}${call.policyRead ? ' sysctl' : ''}`;
    process.stderr.write(`probe: call wall ${call.wallMs.toFixed(2)} CPU ${call.cpuMs.toFixed(2)} GC ${call.gcMs.toFixed(2)}${tags}\n`);
  }
}
