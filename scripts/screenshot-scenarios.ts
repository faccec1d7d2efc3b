// The screenshots `npm run screenshots` takes: each scenario sets up something real on this machine, runs oomlens in
// a terminal of its size and shoots one or more screens. To add one, append to SCENARIOS.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Requirement = 'python3' | 'root' | 'cgroup-v1-memory';

/** A running oomlens in its own terminal. */
export interface OomlensTerminal {
  keys(...keys: string[]): void;
  /** The visible screen as plain text. */
  screen(): string;
}

/** What the runner gives a scenario; everything it starts is stopped and removed afterwards, even on failure. */
export interface ScenarioContext {
  /** A helper process, started in the run's scratch directory (where the helper scripts below live). */
  spawn(command: string, args: readonly string[], options?: { cgroup?: string }): ChildProcess;
  /** A new cgroup v1 memory cgroup with this limit; returns its path. */
  memoryCgroup(limitBytes: number): string;
  /** The run's scratch directory (removed at the end). */
  readonly scratch: string;
  /** The path of bin/oomlens, the README's start line, for spawn(). */
  readonly oomlens: string;
  /** oomlens (`--interval 1`, or `args`), started in tmux at the scenario's size; resolves once the kill list is on screen. */
  startOomlens(args?: readonly string[]): Promise<OomlensTerminal>;
  /** Waits for `ready` (or gives up after `timeoutMs`, with a warning), lets the screen settle, writes the SVG. */
  shoot(terminal: OomlensTerminal, shot: { name: string; caption: string; ready?: (screen: string) => boolean; timeoutMs?: number }): Promise<void>;
  /** Resolves once the process's resident memory reaches `megabytes` (or after `timeoutMs`). */
  waitForRss(pid: number, megabytes: number, timeoutMs?: number): Promise<void>;
  sleep(ms: number): Promise<void>;
  log(message: string): void;
}

export interface Scenario {
  readonly name: string;
  readonly columns: number;
  readonly rows: number;
  readonly requires: readonly Requirement[];
  run(context: ScenarioContext): Promise<void>;
}

/** Helper programs, written to the run's scratch directory, so the COMMAND column reads e.g. `python3 hold-memory.py 200`. */
export const HELPER_SCRIPTS: Record<string, string> = {
  'hold-memory.py': [
    'import sys, time',
    'held = b"x" * (int(sys.argv[1]) << 20)  # bytes() fills every page, so all of it is resident',
    'time.sleep(3600)',
  ].join('\n'),
  'grow-memory.py': [
    'import sys, time',
    'step_mb, every_ms, up_to_mb = (int(arg) for arg in sys.argv[1:4])',
    'held = []',
    'while (len(held) + 1) * step_mb <= up_to_mb:',
    '    held.append(b"x" * (step_mb << 20))',
    '    time.sleep(every_ms / 1000)',
    'time.sleep(3600)',
  ].join('\n'),
};

const MB = 1 << 20;

/** Two pythons holding 200 MB and 80 MB, and a sleep that asked to die first (oom_score_adj 1000). */
async function startMemoryHolders(context: ScenarioContext): Promise<void> {
  for (const megabytes of [200, 80]) {
    const holder = context.spawn('python3', ['hold-memory.py', String(megabytes)]);
    await context.waitForRss(holder.pid!, megabytes);
  }
  const expendable = context.spawn('sleep', ['3600']);
  writeFileSync(`/proc/${expendable.pid}/oom_score_adj`, '1000'); // raising one's own adj needs no privilege
}

/** The table is up and the expendable sleep (ADJ 1000) is in it; COMMAND may be cut off at 80 columns. */
const killListReady = (screen: string) => /PID +USER/.test(screen) && /\s1000\s/.test(screen);
const helpReady = (screen: string) => !/PID +USER/.test(screen);
/** The header's counter reads `OOM kills N (+1, 3s ago)` once it saw a kill; the panel may name it too. */
const killSeen = (screen: string) => /OOM kills \d+ \(\+\d/.test(screen) || /killed|out of memory/i.test(screen);

/** A process that allocates 64 MB in a cgroup limited to 16 MB: the kernel kills it. */
async function triggerCgroupOom(context: ScenarioContext): Promise<void> {
  const cgroup = context.memoryCgroup(16 * MB);
  const victim = context.spawn('python3', ['-c', 'held = b"x" * (64 << 20)'], { cgroup });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => victim.once('exit', (_code, sig) => resolve(sig)));
  if (signal !== 'SIGKILL') context.log(`warning: the 64 MB allocation ended with ${signal ?? 'an exit'}, not an OOM kill`);
}

/** Polls until `done()` holds, or gives up after `timeoutMs`; says which. */
async function waitUntil(context: ScenarioContext, done: () => boolean, timeoutMs: number, what: string): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) {
      context.log(`warning: ${what} did not happen within ${timeoutMs / 1000} s`);
      return false;
    }
    await context.sleep(200);
  }
  return true;
}

const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).length : 0);

/**
 * `oomlens record` every second while a python grows 20 MB/s in a cgroup limited to 120 MB until the kernel
 * kills it; then `oomlens replay` over that recording, `[` back to the sample before the kill.
 */
async function recordACgroupKill(context: ScenarioContext): Promise<string> {
  const dir = join(context.scratch, 'recording');
  const recorder = context.spawn(context.oomlens, ['record', '--dir', dir, '--interval', '1']);
  await waitUntil(context, () => filesIn(join(dir, 'samples')) > 0, 10_000, 'the recorder\'s first segment');
  await context.sleep(4000); // a few samples of the quiet box before the leak
  const cgroup = context.memoryCgroup(120 * MB);
  const grower = context.spawn('python3', ['grow-memory.py', '10', '500', '400'], { cgroup });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => grower.once('exit', (_code, sig) => resolve(sig)));
  if (signal !== 'SIGKILL') context.log(`warning: the grower ended with ${signal ?? 'an exit'}, not an OOM kill`);
  await waitUntil(context, () => filesIn(join(dir, 'bundles')) > 0, 15_000, 'the incident bundle');
  await context.sleep(4000); // and a few after it
  recorder.kill('SIGTERM');
  await new Promise((resolve) => (recorder.exitCode !== null ? resolve(null) : recorder.once('exit', resolve)));
  return dir;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'kill-list',
    columns: 100,
    rows: 30,
    requires: ['python3'],
    async run(context) {
      await startMemoryHolders(context);
      const oomlens = await context.startOomlens();
      await context.sleep(2500); // a few samples, so the rates and growth have something to say
      await context.shoot(oomlens, {
        name: 'kill-list',
        caption: 'oomlens — the kill list on this machine (python3 holding 200 MB and 80 MB, a sleep at adj 1000)',
        ready: killListReady,
      });
      oomlens.keys('?');
      await context.shoot(oomlens, { name: 'help', caption: 'oomlens — help (?)', ready: helpReady });
    },
  },
  {
    name: 'kill-list-80x24',
    columns: 80,
    rows: 24,
    requires: ['python3'],
    async run(context) {
      await startMemoryHolders(context);
      const oomlens = await context.startOomlens();
      await context.sleep(2500);
      await context.shoot(oomlens, { name: 'kill-list-80x24', caption: 'oomlens in 80x24', ready: killListReady });
    },
  },
  {
    name: 'memory-pressure',
    columns: 100,
    rows: 30,
    requires: ['python3', 'root', 'cgroup-v1-memory'],
    async run(context) {
      const cgroup = context.memoryCgroup(300 * MB);
      const oomlens = await context.startOomlens();
      // Still growing when shot, and old enough (over 10 s of samples) for oomlens to give it a GROW/m figure.
      context.spawn('python3', ['grow-memory.py', '10', '500', '280'], { cgroup });
      await context.sleep(12_500);
      await context.shoot(oomlens, {
        name: 'memory-pressure',
        caption: 'oomlens — a process growing 10 MB every 500 ms toward its cgroup\'s 300 MB limit, after 12 s',
      });
      oomlens.keys('c'); // the memory cgroups, nearest their limit first
      await context.shoot(oomlens, {
        name: 'memory-pressure-cgroups',
        caption: 'oomlens — the same moment in the cgroup view (c)',
        ready: (screen) => screen.includes(cgroup.split('/').at(-1)!),
      });
    },
  },
  ...(['oom-panel', 'oom-panel-80x24'] as const).map((name): Scenario => ({
    name,
    columns: name === 'oom-panel' ? 100 : 80,
    rows: name === 'oom-panel' ? 30 : 24,
    requires: ['python3', 'root', 'cgroup-v1-memory'],
    async run(context) {
      const oomlens = await context.startOomlens();
      await triggerCgroupOom(context);
      await context.sleep(3000);
      await context.shoot(oomlens, {
        name,
        caption: name === 'oom-panel'
          ? 'oomlens — after a real cgroup OOM kill (64 MB allocated in a cgroup limited to 16 MB)'
          : 'oomlens in 80x24 — after a real cgroup OOM kill',
        ready: killSeen,
      });
    },
  })),
  {
    name: 'replay',
    columns: 100,
    rows: 30,
    requires: ['python3', 'root', 'cgroup-v1-memory'],
    async run(context) {
      const dir = await recordACgroupKill(context);
      const oomlens = await context.startOomlens(['replay', '--dir', dir]);
      oomlens.keys('[');
      await context.shoot(oomlens, {
        name: 'replay',
        caption: 'oomlens replay — a recording of a real cgroup OOM kill, at the sample before it ([)',
        ready: (screen) => /REPLAY/.test(screen) && killSeen(screen),
      });
    },
  },
];
