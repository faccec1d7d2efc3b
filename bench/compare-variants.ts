// Side by side: several ways of starting oomlens (node flags, environment) run AT THE SAME TIME on the same
// population, so the other sessions' load on this shared VM hits them all alike. For choosing flags; the
// bench proper (run.ts) measures one configuration against htop and atop.
//
//   node --import tsx bench/compare-variants.ts --size 200 --seconds 60 \
//     --variant 'base=node dist/oomlens.mjs' --variant 'semi=node --max-semi-space-size=1 dist/oomlens.mjs'
//
// Each variant is a label and a command prefix (run by sh after `exec`, so `env NAME=value node …` works);
// `--interval 1` is appended. Prints, per variant: RSS and anonymous RSS (median and max of one sample a
// second after 10 s of warm-up) and CPU per wall-second (utime + stime, windows of 10 s). With
// `--startup-reps N`, also the time to the first kill list, the variants and `node -e 0` alternating.
import { parseArgs } from 'node:util';
import { installCleanupHandlers } from './cleanup.js';
import { memoryOf } from './measure-memory.js';
import { FIRST_DATA_FRAME, startOomlens } from './oomlens-tui.js';
import { startPopulation, waitGone } from './population.js';
import { PtyProgram, cpuMsOf, sleep } from './pty.js';
import { formatSpread, spread } from './stats.js';

interface Variant {
  label: string;
  command: string;
}

interface Series {
  rssMb: number[];
  anonMb: number[];
  cpuMsPerSec: number[];
}

const WARMUP_S = 10;
const CPU_WINDOW_S = 10;

async function sideBySide(variants: Variant[], seconds: number): Promise<Map<string, Series>> {
  const programs = variants.map((variant) => ({ variant, program: startOomlens('--interval 1', variant.command) }));
  try {
    for (const { variant, program } of programs) {
      await program.waitFor((output) => FIRST_DATA_FRAME.test(output), 60_000);
      if (program.hasExited) throw new Error(`${variant.label} exited before its first kill list`);
    }
    await sleep(WARMUP_S * 1000);
    const pids = programs.map(({ variant, program }) => {
      const pid = program.programPid();
      if (pid === null || program.hasExited) throw new Error(`${variant.label} is not running`);
      return { label: variant.label, pid };
    });
    const series = new Map(pids.map(({ label }) => [label, { rssMb: [], anonMb: [], cpuMsPerSec: [] } as Series]));
    const windowStart = new Map<string, { atMs: number; cpuMs: number }>();
    for (let second = 0; second <= seconds; second++) {
      for (const { label, pid } of pids) {
        const memory = memoryOf(pid);
        const cpuMs = cpuMsOf(pid);
        if (memory === null || cpuMs === null) throw new Error(`${label} exited during the run`);
        const s = series.get(label)!;
        s.rssMb.push(memory.rssKb / 1024);
        s.anonMb.push(memory.anonKb / 1024);
        const start = windowStart.get(label);
        if (start === undefined || second % CPU_WINDOW_S === 0) {
          if (start !== undefined) s.cpuMsPerSec.push((cpuMs - start.cpuMs) / ((performance.now() - start.atMs) / 1000));
          windowStart.set(label, { atMs: performance.now(), cpuMs });
        }
      }
      if (second < seconds) await sleep(1000);
    }
    return series;
  } finally {
    for (const { program } of programs) program.kill();
  }
}

async function firstKillList(command: string): Promise<number> {
  const program = startOomlens('--interval 1', command);
  try {
    const at = await program.waitFor((output) => FIRST_DATA_FRAME.test(output), 20_000);
    if (program.hasExited) throw new Error(`${command} exited before its first kill list`);
    return at - program.startedAtMs;
  } finally {
    program.kill();
  }
}

async function bareNode(): Promise<number> {
  const program = new PtyProgram({ command: `${process.execPath} -e 0` });
  await program.waitFor(() => false, 10_000);
  return performance.now() - program.startedAtMs;
}

async function startup(variants: Variant[], reps: number): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>([['node -e 0', []], ...variants.map((v) => [v.label, []] as [string, number[]])]);
  await bareNode();
  for (const variant of variants) await firstKillList(variant.command);
  for (let rep = 0; rep < reps; rep++) {
    samples.get('node -e 0')!.push(await bareNode());
    for (const variant of variants) samples.get(variant.label)!.push(await firstKillList(variant.command));
  }
  return samples;
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '60' },
      'startup-reps': { type: 'string', default: '0' },
      variant: { type: 'string', multiple: true, default: [] },
    },
  });
  const variants = values.variant.map((text) => {
    const at = text.indexOf('=');
    if (at <= 0) throw new Error(`--variant wants label=command, got ${JSON.stringify(text)}`);
    return { label: text.slice(0, at), command: text.slice(at + 1) };
  });
  if (variants.length === 0) throw new Error('no --variant given');
  const population = await startPopulation(Number(values.size));
  process.stderr.write(`compare: ${population.size} processes, ${variants.length} variants side by side\n`);
  try {
    const seconds = Number(values.seconds);
    if (seconds > 0) {
      const series = await sideBySide(variants, seconds);
      process.stdout.write(`${population.size} processes, ${seconds} s side by side: median (min–max)\n`);
      for (const [label, s] of series) {
        const line = [`RSS ${formatSpread(spread(s.rssMb))}`, `anon ${formatSpread(spread(s.anonMb))}`, `CPU ${formatSpread(spread(s.cpuMsPerSec))} ms/s`];
        process.stdout.write(`  ${label.padEnd(14)} ${line.join('  ')}\n`);
      }
    }
    const reps = Number(values['startup-reps']);
    if (reps > 0) {
      const samples = await startup(variants, reps);
      const bare = spread(samples.get('node -e 0')!)!.median;
      process.stdout.write(`first kill list, ${population.size} processes, ${reps} alternating reps (ms): median (min–max)\n`);
      for (const [label, ms] of samples) {
        const s = spread(ms);
        process.stdout.write(`  ${label.padEnd(14)} ${formatSpread(s, 0)}  ${(s!.median / bare).toFixed(2)} × node -e 0\n`);
      }
    }
  } finally {
    population.end();
    await waitGone(population.pids);
  }
}

await main();
