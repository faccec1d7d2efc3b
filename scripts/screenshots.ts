// `npm run screenshots`: runs the scenarios of screenshot-scenarios.ts for real on this machine, each in a tmux
// server of its own (private socket), captures the screen with its colours (capture-pane -p -e -N) and writes
// screenshots/<name>.svg. Everything it starts is undone even on failure or a signal: processes by pid, cgroups
// by their path, the tmux server by its socket, the scratch directory by its path.
//
//   npm run build && node --import tsx scripts/screenshots.ts [SCENARIO...]
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, rmdirSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ansiToSvg } from './ansi-to-svg.js';
import {
  HELPER_SCRIPTS, SCENARIOS, type OomlensTerminal, type Requirement, type Scenario, type ScenarioContext,
} from './screenshot-scenarios.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const OUTPUT_DIR = join(REPO, 'screenshots');
const CGROUP_V1_MEMORY = '/sys/fs/cgroup/memory';
const EXIT_MARK = 'OOMLENS_EXIT=';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** Undo steps, run newest first. Synchronous, so a signal handler can run them as well. */
class Cleanup {
  private readonly steps: { what: string; undo: () => void }[] = [];

  get depth(): number {
    return this.steps.length;
  }

  add(what: string, undo: () => void): void {
    this.steps.push({ what, undo });
  }

  /** Undoes every step added after `depth` was `mark`. */
  unwindTo(mark = 0): void {
    while (this.steps.length > mark) {
      const step = this.steps.pop()!;
      try {
        step.undo();
      } catch (error) {
        console.error(`cleanup: ${step.what}: ${messageOf(error)}`);
      }
    }
  }
}

function stopProcess(child: ChildProcess): void {
  // Until node has reaped it (exitCode/signalCode set) the pid cannot belong to anyone else.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Kills what is left in a cgroup this run created (only its own helpers ever joined it), then removes it. */
function removeCgroup(path: string): void {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const pids = readFileSync(join(path, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    sleepSync(100);
  }
  rmdirSync(path);
}

let cgroupsMade = 0;

function createMemoryCgroup(limitBytes: number, cleanup: Cleanup): string {
  cgroupsMade += 1;
  const path = join(CGROUP_V1_MEMORY, `oomlens-shot-${process.pid}${cgroupsMade > 1 ? `-${cgroupsMade}` : ''}`);
  mkdirSync(path); // fails if it exists: never adopt a cgroup this run did not make
  cleanup.add(`cgroup ${path}`, () => removeCgroup(path));
  writeFileSync(join(path, 'memory.limit_in_bytes'), String(limitBytes));
  return path;
}

/** oomlens in a tmux server of its own; the shell prints its exit code and stays, so a crash shows on screen. */
class TmuxOomlens implements OomlensTerminal {
  readonly socketName: string;

  constructor(name: string) {
    this.socketName = `oomlens-shots-${process.pid}-${name}`;
  }

  /** `args`: oomlens's arguments (words without shell characters). */
  open(columns: number, rows: number, args: readonly string[]): void {
    const path = `${dirname(process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}`;
    const command = [
      `cd ${shellQuote(REPO)} &&`,
      `env -u NO_COLOR -u FORCE_COLOR COLORTERM=truecolor PATH=${shellQuote(path)} bin/oomlens ${args.map(shellQuote).join(' ')};`,
      `echo "${EXIT_MARK}$?"; sleep 3600`,
    ].join(' ');
    this.tmux('new-session', '-d', '-s', 'shot', '-x', String(columns), '-y', String(rows), command);
  }

  tmux(...args: string[]): string {
    const env = { ...process.env };
    delete env.TMUX;
    delete env.TMUX_PANE;
    return execFileSync('tmux', ['-L', this.socketName, '-f', '/dev/null', ...args], { encoding: 'utf8', env });
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'shot');
  }

  /** The screen with its colours, every line the full width (-N keeps trailing cells, e.g. of inverse bars). */
  capture(): string {
    return this.tmux('capture-pane', '-p', '-e', '-N', '-t', 'shot');
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'shot', ...keys);
  }

  /** Stops this server (its panes get SIGHUP) and removes its socket file, which tmux 3.3 leaves behind. */
  kill(): void {
    spawnSync('tmux', ['-L', this.socketName, 'kill-server']);
    const socketDir = join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`);
    rmSync(join(socketDir, this.socketName), { force: true });
  }

  /** The screen once `predicate` holds, or undefined after `timeoutMs`. Throws if oomlens has exited. */
  async waitFor(predicate: (screen: string) => boolean, timeoutMs: number): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (screen.includes(EXIT_MARK)) throw new Error(`oomlens exited; the screen was:\n${screen}`);
      if (predicate(screen)) return screen;
      if (Date.now() > deadline) return undefined;
      await sleep(150);
    }
  }

  /** A capture between two redraws: the same twice in a row, 300 ms apart (or the last of a few tries). */
  async settledCapture(): Promise<string> {
    let previous = this.capture();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await sleep(300);
      const current = this.capture();
      if (current === previous) return current;
      previous = current;
    }
    return previous;
  }
}

async function startOomlens(scenario: Scenario, cleanup: Cleanup, args: readonly string[]): Promise<TmuxOomlens> {
  const terminal = new TmuxOomlens(scenario.name);
  cleanup.add(`tmux server ${terminal.socketName}`, () => terminal.kill());
  terminal.open(scenario.columns, scenario.rows, args);
  const screen = await terminal.waitFor((text) => /PID +USER/.test(text), 15_000);
  if (screen === undefined) throw new Error(`oomlens showed no kill list within 15 s:\n${terminal.screen()}`);
  return terminal;
}

async function waitForRss(pid: number, megabytes: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    if (rssKb >= megabytes * 1024) return;
    await sleep(100);
  }
  console.log(`  warning: pid ${pid} did not reach ${megabytes} MB resident within ${timeoutMs / 1000} s`);
}

function contextFor(scenario: Scenario, cleanup: Cleanup, scratch: string): ScenarioContext {
  const terminals = new WeakMap<OomlensTerminal, TmuxOomlens>();
  return {
    spawn(command, args, options) {
      const [file, argv] = options?.cgroup
        ? ['sh', ['-c', 'echo $$ > "$0" && exec "$@"', join(options.cgroup, 'cgroup.procs'), command, ...args]]
        : [command, [...args]];
      const child = spawn(file, argv, { cwd: scratch, stdio: 'ignore' });
      child.on('error', (error) => console.error(`  ${command}: ${error.message}`));
      cleanup.add(`process ${child.pid} (${command})`, () => stopProcess(child));
      return child;
    },
    memoryCgroup: (limitBytes) => createMemoryCgroup(limitBytes, cleanup),
    scratch,
    oomlens: join(REPO, 'bin', 'oomlens'),
    async startOomlens(args = ['--interval', '1']) {
      const terminal = await startOomlens(scenario, cleanup, args);
      const handle: OomlensTerminal = { keys: (...keys) => terminal.keys(...keys), screen: () => terminal.screen() };
      terminals.set(handle, terminal);
      return handle;
    },
    async shoot(handle, shot) {
      const terminal = terminals.get(handle);
      if (!terminal) throw new Error('shoot() needs a terminal from startOomlens()');
      const ready = await terminal.waitFor(shot.ready ?? (() => true), shot.timeoutMs ?? 10_000);
      if (ready === undefined) console.log(`  warning: ${shot.name}: the screen never looked ready; taken as it is`);
      const svg = ansiToSvg(await terminal.settledCapture(), {
        caption: shot.caption, columns: scenario.columns, rows: scenario.rows,
      });
      const file = join(OUTPUT_DIR, `${shot.name}.svg`);
      writeFileSync(file, svg);
      console.log(`wrote ${relative(process.cwd(), file)} (${scenario.columns}x${scenario.rows}): ${shot.caption}`);
    },
    waitForRss,
    sleep,
    log: (message) => console.log(`  ${message}`),
  };
}

function missingRequirement(requirement: Requirement): string | undefined {
  if (requirement === 'python3') {
    return spawnSync('python3', ['--version']).status === 0 ? undefined : 'python3 is not installed';
  }
  if (requirement === 'root') return process.getuid?.() === 0 ? undefined : 'needs root (it makes a memory cgroup)';
  try {
    accessSync(join(CGROUP_V1_MEMORY, 'memory.limit_in_bytes'));
    accessSync(CGROUP_V1_MEMORY, constants.W_OK);
    return undefined;
  } catch {
    return `no writable cgroup v1 memory controller at ${CGROUP_V1_MEMORY}`;
  }
}

function installSignalHandlers(cleanup: Cleanup): void {
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      cleanup.unwindTo(0);
      process.exit(128 + number);
    });
  }
  process.once('exit', () => cleanup.unwindTo(0));
}

function selectedScenarios(names: readonly string[]): readonly Scenario[] {
  const unknown = names.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  return names.length === 0 ? SCENARIOS : SCENARIOS.filter((scenario) => names.includes(scenario.name));
}

async function main(): Promise<number> {
  const scenarios = selectedScenarios(process.argv.slice(2));
  if (spawnSync('tmux', ['-V']).status !== 0) {
    console.log('skipped every screenshot: tmux is not installed');
    return 1;
  }
  if (!existsSync(join(REPO, 'dist', 'cli.js'))) throw new Error('oomlens is not built: run `npm run build` first');
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const cleanup = new Cleanup();
  installSignalHandlers(cleanup);
  const scratch = mkdtempSync(join(tmpdir(), 'oomlens-shots-'));
  cleanup.add(`scratch directory ${scratch}`, () => rmSync(scratch, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(HELPER_SCRIPTS)) writeFileSync(join(scratch, name), `${text}\n`);
  let failures = 0;
  for (const scenario of scenarios) {
    const missing = scenario.requires.map(missingRequirement).find((reason) => reason !== undefined);
    if (missing) {
      console.log(`skipped ${scenario.name}: ${missing}`);
      continue;
    }
    const mark = cleanup.depth;
    try {
      await scenario.run(contextFor(scenario, cleanup, scratch));
    } catch (error) {
      failures += 1;
      console.error(`failed ${scenario.name}: ${messageOf(error)}`);
    } finally {
      cleanup.unwindTo(mark);
    }
  }
  cleanup.unwindTo(0);
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`screenshots: ${messageOf(error)}`);
    process.exit(1);
  },
);
