// One function per part of the run: measure, then turn the figures into table rows.
import { startAtop } from './atop.js';
import { startHtop } from './htop.js';
import { INK_FLOOR_DRAWN, startInkFloor } from './ink-floor.js';
import { measureKeyLatency } from './measure-latency.js';
import { measureHtopRefresh, measureOomlensSampler } from './measure-sampling.js';
import { measureFirstListAtScale, measureStartup } from './measure-startup.js';
import { sampleMemory, type MemorySeries } from './measure-memory.js';
import { measureTui, sampleRss } from './measure-tui.js';
import { FIRST_DATA_FRAME, LAUNCHER_ENTRY, startOomlens, type Entry } from './oomlens-tui.js';
import type { PtyProgram } from './pty.js';
import type { Row } from './report.js';
import { percentile, spread } from './stats.js';

export interface Context {
  reps: number;
  htop: boolean;
  atop: boolean;
  populationMethod: string;
  notes: string[];
}

export const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

async function runningOomlens(args: string, body: (program: PtyProgram) => Promise<void>): Promise<void> {
  const program = startOomlens(args);
  try {
    await program.waitFor((output) => FIRST_DATA_FRAME.test(output), 60_000);
    await body(program);
  } finally {
    program.kill();
  }
}

export async function runStartup(context: Context, entries: Entry[], raw: Record<string, unknown>): Promise<Row[]> {
  log('time to first frame');
  const samples = await measureStartup(entries, context.reps);
  raw.startup = {
    bareNodeMs: samples.bareNodeMs,
    firstPaintMs: Object.fromEntries(samples.firstPaintMs),
    firstFrameMs: Object.fromEntries(samples.firstFrameMs),
  };
  const bare = spread(samples.bareNodeMs);
  return entries.flatMap((entry) => {
    const row = (what: string, values: number[]): Row => ({
      target: '5', measure: `${what}, ${entry.label}`, oomlens: spread(values), reference: bare, referenceName: 'node -e 0', unit: 'ms', bound: { ratio: 3 }, digits: 0,
    });
    return [
      row('time to first frame (the screen, before the first sample)', samples.firstPaintMs.get(entry.label)!),
      row('time to first frame with the kill list', samples.firstFrameMs.get(entry.label)!),
    ];
  });
}

export async function runStartupAtScale(context: Context, entry: string, size: number, raw: Record<string, unknown>): Promise<Row[]> {
  log(`time to the first kill list at ${size} processes`);
  const reps = Math.min(context.reps, 3);
  const samples = await measureFirstListAtScale(entry, context.htop, reps);
  raw.startupAtScale = samples;
  return [{
    target: '5', measure: `time to the first kill list, ${size} processes (no target; for scale)`, oomlens: spread(samples.oomlensMs),
    reference: spread(samples.htopMs), referenceName: 'htop', unit: 'ms', bound: null, digits: 0,
  }];
}

export async function runSampling(context: Context, size: number, raw: Record<string, unknown>): Promise<Row[]> {
  log(`sampling CPU per refresh at ${size} processes: oomlens`);
  const ticks = size > 5000 ? 3 : 4;
  const oomlens = measureOomlensSampler(context.reps, ticks);
  let htop: { perRefreshMs: number[]; periodMs: number[] } | null = null;
  if (context.htop) {
    log(`sampling CPU per refresh at ${size} processes: htop`);
    htop = await measureHtopRefresh(context.reps, size > 5000 ? 2 : 4);
    context.notes.push(`htop at ${size} processes refreshed every ${spread(htop.periodMs)?.median.toFixed(0)} ms (asked: 1000 ms)`);
  }
  raw[`sampling${size}`] = { oomlens, htop };
  return [{
    target: '1',
    measure: `sampling CPU per refresh, ${oomlens.rows} processes`,
    oomlens: spread(oomlens.perTickMs),
    reference: htop && spread(htop.perRefreshMs),
    referenceName: 'htop',
    unit: 'ms',
    bound: { ratio: 0.2 },
  }];
}

export async function runTuiCpu(context: Context, size: number, raw: Record<string, unknown>): Promise<Row[]> {
  log(`whole-TUI CPU and bytes at ${size} processes: oomlens`);
  const windowMs = 5000;
  let oomlens = null as Awaited<ReturnType<typeof measureTui>> | null;
  await runningOomlens('--interval 1', async (program) => {
    oomlens = await measureTui(program, context.reps, windowMs, 5000, 1000);
  });
  let htop = null as Awaited<ReturnType<typeof measureTui>> | null;
  if (context.htop) {
    log(`whole-TUI CPU and bytes at ${size} processes: htop`);
    const program = startHtop(10);
    try {
      htop = await measureTui(program, context.reps, windowMs, 5000, null);
    } finally {
      program.kill();
    }
  }
  raw[`tui${size}`] = { oomlens, htop };
  const o = oomlens!;
  const h = htop as Awaited<ReturnType<typeof measureTui>> | null;
  return [
    { target: '2', measure: `whole-TUI CPU per wall-second, 1 s refresh, ${size} processes`, oomlens: spread(o.cpuMsPerSec), reference: h && spread(h.cpuMsPerSec), referenceName: 'htop', unit: 'ms/s', bound: { ratio: 0.4 } },
    { target: '4', measure: 'bytes written per refresh at 80x24', oomlens: spread(o.bytesPerRefresh), reference: h && spread(h.bytesPerRefresh), referenceName: 'htop', unit: 'B', bound: { ratio: 2 }, digits: 0 },
  ];
}

export async function runLatency(context: Context, size: number, presses: number, raw: Record<string, unknown>): Promise<Row[]> {
  log(`key-to-frame latency at ${size} processes (${presses} presses)`);
  let samples = { randomMs: [] as number[], duringScanMs: [] as number[] };
  await runningOomlens('--interval 1', async (program) => {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    samples = await measureKeyLatency(program, presses, 1000);
  });
  raw[`latency${size}`] = samples;
  const all = [...samples.randomMs, ...samples.duringScanMs];
  context.notes.push(`key latency at ${size}: p95 ${percentile(all, 95)?.toFixed(0)} ms over ${all.length} presses`);
  return [
    { target: '3', measure: `key-to-frame latency, ${size} processes, keys aimed into scans`, oomlens: spread(samples.duringScanMs), reference: null, referenceName: '', unit: 'ms', bound: { max: 100 }, judge: 'max', digits: 0 },
    { target: '3', measure: `key-to-frame latency, ${size} processes, keys at random moments`, oomlens: spread(samples.randomMs), reference: null, referenceName: '', unit: 'ms', bound: { max: 100 }, judge: 'max', digits: 0 },
  ];
}

/** htop's and atop's memory beside oomlens's, over a short run of their own (they cost CPU at scale). */
async function referenceMemory(context: Context, seconds: number): Promise<Record<string, MemorySeries>> {
  const programs: Record<string, PtyProgram> = {};
  try {
    if (context.htop) programs.htop = startHtop(10);
    if (context.atop) programs.atop = startAtop();
    return Object.keys(programs).length === 0 ? {} : await sampleMemory(programs, seconds, 5);
  } finally {
    for (const program of Object.values(programs)) program.kill();
  }
}

const alongsideOf = (references: Record<string, MemorySeries>, pick: (series: MemorySeries) => number[]) =>
  Object.entries(references).map(([name, series]) => ({ name, value: spread(pick(series)) }));

/**
 * The README's start line (bin/oomlens: node with its flags, running the bundle) on an idle box, with htop and atop beside
 * it: total and anonymous RSS every second for `seconds` after 10 s of warm-up, held to the largest sample. Beside them
 * too, the stack's floor (bench/ink-floor.ts: an Ink program that only redraws 22 lines every second, started as
 * oomlens is): what node, React and Ink hold before oomlens does anything.
 */
export async function runIdleMemory(context: Context, size: number, seconds: number, raw: Record<string, unknown>): Promise<Row[]> {
  log(`memory at idle, ${size} processes, over ${seconds} s: ${LAUNCHER_ENTRY.label}${context.htop ? ', htop' : ''}${context.atop ? ', atop' : ''}, the Ink floor side by side`);
  const programs: Record<string, PtyProgram> = {};
  let series: Record<string, MemorySeries> = {};
  try {
    programs.oomlens = startOomlens('--interval 1', LAUNCHER_ENTRY.command);
    await programs.oomlens.waitFor((output) => FIRST_DATA_FRAME.test(output), 60_000);
    if (context.htop) programs.htop = startHtop(10);
    if (context.atop) programs.atop = startAtop();
    programs['ink floor'] = await startInkFloor();
    await programs['ink floor'].waitFor((output) => INK_FLOOR_DRAWN.test(output), 30_000);
    series = await sampleMemory(programs, seconds, 10, (done) => {
      if (done % 60 === 0) log(`memory at idle: ${done} of ${seconds} s`);
    });
  } finally {
    for (const program of Object.values(programs)) program.kill();
  }
  raw[`idleMemory${size}`] = series;
  const { oomlens, ...references } = series;
  const row = (what: string, pick: (s: MemorySeries) => number[], max: number): Row => {
    const [first, ...rest] = alongsideOf(references, pick);
    return {
      target: '6', measure: `${what}, idle, ${size} processes, ${LAUNCHER_ENTRY.label}, over ${seconds} s`, oomlens: spread(pick(oomlens!)),
      reference: first?.value ?? null, referenceName: first?.name ?? '', alongside: rest, unit: 'MB', bound: { max }, judge: 'max', digits: 1,
    };
  };
  return [row('RSS', (s) => s.rssMb, 55), row('anonymous RSS', (s) => s.anonMb, 20)];
}

export async function runRss(context: Context, size: number, seconds: number, raw: Record<string, unknown>): Promise<Row[]> {
  log(`htop's and atop's memory at ${size} processes, for scale`);
  const references = await referenceMemory(context, 20);
  log(`RSS at ${size} processes over ${seconds} s`);
  let run = { samplesKb: [] as number[], anonSamplesKb: [] as number[], keptDescriptors: null as number | null };
  await runningOomlens('--interval 1', async (program) => {
    run = await sampleRss(program, seconds, (done) => {
      if (done % 60 === 0) log(`RSS run: ${done} of ${seconds} s`);
    });
  });
  raw[`rss${size}`] = { ...run, references };
  const mb = run.samplesKb.map((kb) => kb / 1024);
  // Flatness: the last tenth against the tenth that follows a 15 s warm-up (trend windows fill in 60 s).
  const settled = mb.slice(Math.min(15, Math.floor(mb.length / 4)));
  const tenth = Math.max(1, Math.floor(settled.length / 10));
  const early = spread(settled.slice(0, tenth))!.median;
  const late = spread(settled.slice(-tenth))!.median;
  context.notes.push(`RSS run: ${seconds} s; ${run.keptDescriptors ?? '?'} descriptors open at the end (kept-open oom_score/adj)`);
  const [first, ...rest] = alongsideOf(references, (s) => s.rssMb);
  const [firstAnon, ...restAnon] = alongsideOf(references, (s) => s.anonMb);
  return [
    {
      target: '6', measure: `RSS, ${size} processes, over ${seconds} s`, oomlens: spread(mb), reference: first?.value ?? null, referenceName: first?.name ?? '',
      alongside: rest, unit: 'MB', bound: { max: 70 }, judge: 'max', digits: 1,
    },
    {
      target: '6', measure: `anonymous RSS, ${size} processes, over ${seconds} s (no target; for scale)`, oomlens: spread(run.anonSamplesKb.map((kb) => kb / 1024)),
      reference: firstAnon?.value ?? null, referenceName: firstAnon?.name ?? '', alongside: restAnon, unit: 'MB', bound: null, digits: 1,
    },
    { target: '6', measure: `RSS drift, last tenth vs first tenth after warm-up`, oomlens: spread([late - early]), reference: null, referenceName: '', unit: 'MB', bound: { absMax: 5 }, digits: 1 },
  ];
}
