// `npm run bench`: oomlens against its targets (issues 7, 13 and 16), side by side with htop (and atop, for
// memory and the recorder) in the same run. Spawns its own populations (200, 2,000 and 10,000 idle processes), measures,
// prints one table, and ends every process it started, on every exit path. Not part of `npm test`. See
// docs/performance.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureAtop } from './atop.js';
import { installCleanupHandlers, runCleanup } from './cleanup.js';
import { htopVersion } from './htop.js';
import { BUNDLE, BUNDLE_ENTRY, LAUNCHER, LAUNCHER_ENTRY, PROJECT_DIR, oomlensEntry } from './oomlens-tui.js';
import { killPids, leftoverPopulation, startPopulation, waitGone, type Population } from './population.js';
import { runForecast, runRecord } from './overhead-sections.js';
import { loadAverage, machineDescription, renderTable, type Row } from './report.js';
import { runIdleMemory, runLatency, runRss, runSampling, runStartup, runStartupAtScale, runTuiCpu, type Context } from './sections.js';

const HELP = `usage: npm run bench -- [options]
  --reps N          repetitions (windows) per figure (default 5)
  --rss-seconds N   length of the RSS run at 10,000 processes (default 60; the documented run: 600)
  --idle-seconds N  length of the memory run at 200 processes (default 60)
  --presses N       key presses for the latency figure (default 24)
  --small N --mid N --big N   population sizes (default 200, 2000, 10000)
  --only LIST       comma-separated: startup,memory,sampling,forecast,tui,record,latency,rss
                    (default all; memory: RSS at idle beside htop, atop and the Ink floor; record: oomlens record
                    beside atop -w; atop is installed with apt-get if missing)
  --record-interval N   seconds between the recorders' samples (default 5, record's own)
  --record-samples N    samples per repetition of the record figures (default 6)
  --no-bundle       do not rebuild dist/oomlens.mjs first
  --json FILE       also write the raw figures as JSON
`;

function options() {
  const { values } = parseArgs({
    options: {
      reps: { type: 'string', default: '5' },
      'rss-seconds': { type: 'string', default: '60' },
      'idle-seconds': { type: 'string', default: '60' },
      presses: { type: 'string', default: '24' },
      small: { type: 'string', default: '200' },
      mid: { type: 'string', default: '2000' },
      big: { type: 'string', default: '10000' },
      only: { type: 'string', default: 'startup,memory,sampling,forecast,tui,record,latency,rss' },
      'record-interval': { type: 'string', default: '5' },
      'record-samples': { type: 'string', default: '6' },
      'no-bundle': { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  return {
    reps: Number(values.reps),
    rssSeconds: Number(values['rss-seconds']),
    idleSeconds: Number(values['idle-seconds']),
    presses: Number(values.presses),
    sizes: { small: Number(values.small), mid: Number(values.mid), big: Number(values.big) },
    only: new Set(values.only.split(',')),
    recordIntervalS: Number(values['record-interval']),
    recordSamples: Number(values['record-samples']),
    bundle: !values['no-bundle'],
    json: values.json ?? null,
  };
}

function limit(name: string): string {
  const match = new RegExp(`^${name}\\s+(\\S+)\\s+(\\S+)`, 'm').exec(readFileSync('/proc/self/limits', 'utf8'));
  return match ? `${match[1]} (hard ${match[2]})` : 'n/a';
}

function rebuildBundle(): void {
  const script = join(PROJECT_DIR, 'scripts', 'bundle.js');
  if (!existsSync(script)) return;
  process.stderr.write('bench: rebuilding dist/oomlens.mjs\n');
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) process.stderr.write('bench: the bundle did not build; measuring the compiled tree\n');
}

async function withPopulation(size: number, context: Context, body: (population: Population) => Promise<void>): Promise<void> {
  if (size <= 0) return;
  process.stderr.write(`bench: starting ${size} processes\n`);
  const population = await startPopulation(size);
  context.populationMethod = population.method;
  try {
    await body(population);
  } finally {
    population.end();
    await waitGone(population.pids);
  }
}

/** Runs one part; a failure is noted in the report and the run goes on with the next part. */
async function part(name: string, context: Context, rows: Row[], measure: () => Promise<Row[]>): Promise<void> {
  try {
    rows.push(...(await measure()));
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 300) : String(error);
    process.stderr.write(`bench: ${name} failed: ${message}\n`);
    context.notes.push(`${name} failed: ${message}`);
  }
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const opts = options();
  if (opts.bundle) rebuildBundle();
  const htop = htopVersion();
  if (htop === null) process.stderr.write('bench: htop is not installed (apt-get install htop): no reference figures\n');
  const atop = opts.only.has('memory') || opts.only.has('rss') || opts.only.has('record') ? ensureAtop((message) => process.stderr.write(`bench: ${message}\n`)) : { version: null, skipped: 'not needed by --only' };
  if (atop.skipped !== null) process.stderr.write(`bench: atop skipped: ${atop.skipped}\n`);
  const context: Context = { reps: opts.reps, htop: htop !== null, atop: atop.version !== null, populationMethod: 'none', notes: [] };
  if (atop.skipped !== null && atop.skipped !== 'not needed by --only') context.notes.push(`atop skipped: ${atop.skipped}`);
  const loadBefore = loadAverage();
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  const entries = [...(existsSync(BUNDLE) ? [BUNDLE_ENTRY] : []), ...(existsSync(LAUNCHER) ? [LAUNCHER_ENTRY] : [])];
  if (opts.only.has('startup') || opts.only.has('memory')) {
    await withPopulation(opts.sizes.small, context, async (population) => {
      if (opts.only.has('startup')) await part('startup', context, rows, () => runStartup(context, entries, raw));
      if (opts.only.has('memory')) await part('memory', context, rows, () => runIdleMemory(context, population.size, opts.idleSeconds, raw));
    });
  }
  if (['sampling', 'forecast', 'tui', 'record'].some((name) => opts.only.has(name))) {
    await withPopulation(opts.sizes.mid, context, async (population) => {
      if (opts.only.has('sampling')) await part('sampling', context, rows, () => runSampling(context, population.size, raw));
      if (opts.only.has('forecast')) await part('forecast', context, rows, () => runForecast(context, population, true, raw));
      if (opts.only.has('tui')) await part('tui', context, rows, () => runTuiCpu(context, population.size, raw));
      if (opts.only.has('record')) {
        await part('record', context, rows, () => runRecord(context, population.size, opts.recordIntervalS, opts.recordSamples, raw));
      }
    });
  }
  if (['sampling', 'forecast', 'startup', 'latency', 'rss'].some((name) => opts.only.has(name))) {
    await withPopulation(opts.sizes.big, context, async (population) => {
      if (opts.only.has('sampling')) await part('sampling', context, rows, () => runSampling(context, population.size, raw));
      if (opts.only.has('forecast')) await part('forecast', context, rows, () => runForecast(context, population, false, raw));
      if (opts.only.has('startup')) await part('startup', context, rows, () => runStartupAtScale(context, oomlensEntry().command, population.size, raw));
      if (opts.only.has('latency')) await part('latency', context, rows, () => runLatency(context, population.size, opts.presses, raw));
      if (opts.only.has('rss')) await part('rss', context, rows, () => runRss(context, population.size, opts.rssSeconds, raw));
    });
  }
  const machine = machineDescription({
    htop: htop ?? 'not installed',
    atop: atop.version ?? `not measured (${atop.skipped})`,
    'oomlens entry': `${oomlensEntry().label}; start-up and memory at idle also bin/oomlens, the README's start line (node --v8-pool-size=1)`,
    population: `${context.populationMethod} (each process touches ~100-350 KB and sleeps)`,
    'open files': limit('Max open files'),
    'max processes': limit('Max processes'),
    'load average': `${loadBefore} at start, ${loadAverage()} at end`,
  });
  process.stdout.write(`\n${renderTable(rows)}\n\nfigures: median (min–max) over repetitions\n${machine}\n`);
  for (const note of context.notes) process.stdout.write(`note: ${note}\n`);
  if (opts.json !== null) writeFileSync(opts.json, JSON.stringify({ rows, raw, machine, notes: context.notes }, null, 2));
}

try {
  await main();
} finally {
  runCleanup();
  // SIGKILLed processes take a moment to be reaped; only what outlives that is a leftover.
  await waitGone(leftoverPopulation(), 5000);
  const leftovers = leftoverPopulation();
  if (leftovers.length > 0) {
    process.stderr.write(`bench: ${leftovers.length} population processes were still alive; killing them\n`);
    killPids(leftovers);
  }
}
