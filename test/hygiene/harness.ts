// Shared by the real-terminal tests in test/hygiene and test/bundle: how to start oomlens in a tmux pane
// with a clean environment, find its pid, wait for its kill list or its exit, and read what the terminal
// was left in (alternate screen, cursor, termios via `stty -a`, colours via `capture-pane -e`).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR } from '../helpers/fixtures.js';
import { BIN } from '../helpers/run-cli.js';
import { TmuxTerminal } from '../helpers/tmux.js';

export { BIN };

/** For spawnSync of --once/--json: a box with 10,000 processes prints over a megabyte (the default cap). */
export const MAX_OUTPUT = 256 << 20;

/** The shared tmux terminal (it removes its own socket file and runs without the runner's environment). */
export { TmuxTerminal as Terminal };

export const CRASH_PRELOAD = join(PROJECT_DIR, 'test', 'fixtures', 'hygiene', 'crash-preload.mjs');

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface CommandOptions {
  /** Arguments after the program (default: a 0.5 s interval). */
  args?: string[];
  env?: Record<string, string>;
  /** Node flags before the program, e.g. --import a preload. */
  nodeArgs?: string[];
  /** The program to run (default: the built bin/oomlens.js). */
  program?: string;
  /** Words before `node`, e.g. setpriv ... */
  prefix?: string;
}

/**
 * A shell command line that runs oomlens as a user would: without the test runner's own environment
 * switches (NO_COLOR, FORCE_COLOR, CI, DEV, and NODE_ENV=test, which would load React's development
 * build; they would otherwise leak in through the tmux server), plus `env`.
 */
export function oomlensCommand(options: CommandOptions = {}): string {
  const env = Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${shellQuote(value)}`);
  return [
    options.prefix ?? '',
    'env -u NO_COLOR -u FORCE_COLOR -u CI -u DEV -u NODE_ENV',
    ...env,
    shellQuote(process.execPath),
    ...(options.nodeArgs ?? []).map(shellQuote),
    shellQuote(options.program ?? BIN),
    ...(options.args ?? ['--interval', '0.5']).map(shellQuote),
  ].filter((word) => word !== '').join(' ');
}

/** Wraps a command so that, after it exits, `stty -a` as seen in the pane is written to `file`. */
export function thenStty(command: string, file: string): string {
  return `${command}; oomlens_status=$?; stty -a > ${shellQuote(file)} 2>&1; (exit $oomlens_status)`;
}

export interface TtyFlags {
  icanon: boolean;
  echo: boolean;
}

/** `icanon` and `echo` from `stty -a` output ("-icanon" means off). */
export function parseStty(text: string): TtyFlags {
  const words = new Set(text.split(/[\s;]+/));
  if (!words.has('icanon') && !words.has('-icanon')) throw new Error(`not stty -a output: ${text}`);
  return { icanon: words.has('icanon'), echo: words.has('echo') };
}

export function sttyFile(file: string): TtyFlags {
  return parseStty(readFileSync(file, 'utf8'));
}

/** The pane's termios as seen from outside (stty -F its tty), while the program runs. */
export function paneStty(terminal: TmuxTerminal): TtyFlags {
  const tty = terminal.pane('pane_tty');
  return parseStty(spawnSync('stty', ['-a', '-F', tty], { encoding: 'utf8' }).stdout);
}

/** The screen with tmux's re-encoding of every cell's attributes as SGR sequences. */
export function screenWithEscapes(terminal: TmuxTerminal): string {
  return terminal.tmux('capture-pane', '-p', '-e', '-t', 'main');
}

/** SGR parameter lists that set a foreground or background colour (16, 256 or true colour). */
export function colourSgr(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\x1b\[([0-9;:]*)m/g)) {
    const params = match[1]!.split(/[;:]/).map(Number);
    const colour = params.some((p) => (p >= 30 && p <= 38) || (p >= 40 && p <= 48) || (p >= 90 && p <= 97) || (p >= 100 && p <= 107));
    if (colour) found.push(match[1]!);
  }
  return found;
}

/** SGR parameter lists that use 256-colour or true-colour forms (38;5, 38;2, 48;5, 48;2). */
export function extendedColourSgr(text: string): string[] {
  return [...text.matchAll(/\x1b\[([0-9;:]*)m/g)].map((m) => m[1]!).filter((p) => /(^|[;:])[34]8[;:][25]/.test(p));
}

/** The pid of oomlens in the pane: the node process whose parent is the pane's shell. */
export async function oomlensPid(terminal: TmuxTerminal, timeoutMs = 20_000): Promise<number> {
  const shell = terminal.pane('pane_pid');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = spawnSync('pgrep', ['-P', shell, '-x', 'node'], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
    if (found && /^\d+$/.test(found)) return Number(found);
    await sleep(50);
  }
  throw new Error(`no node process under the pane's shell ${shell}; the screen was:\n${terminal.screen()}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const COLUMN_HEADER = /\bPID\b.*\bSCORE\b/;
const PROCESS_ROW = /^[> ]*\d+ +/;
/** The OOM panel, which a kill anywhere on this shared machine may open at any time. */
const OOM_PANEL = /^ OOM \d+\/\d+ · |oom_kill rose by/m;

/** The first process row under the column header, or ''. */
export function firstRow(screen: string): string {
  const lines = screen.split('\n');
  const header = lines.findIndex((line) => COLUMN_HEADER.test(line));
  return header < 0 ? '' : (lines[header + 1] ?? '');
}

export function hasKillList(screen: string): boolean {
  return PROCESS_ROW.test(firstRow(screen));
}

/**
 * Waits until the kill list shows at least one process. Other tests on this machine OOM-kill things; when
 * the OOM panel opens over the list on a small terminal, `o` closes it.
 */
export async function waitForKillList(terminal: TmuxTerminal, timeoutMs = 30_000): Promise<string> {
  let closedPanelAt = 0;
  return terminal.waitFor((screen) => {
    if (hasKillList(screen)) return true;
    if (OOM_PANEL.test(screen) && Date.now() - closedPanelAt > 2000) {
      closedPanelAt = Date.now();
      terminal.keys('o');
    }
    return false;
  }, timeoutMs);
}

export interface Exit {
  code: number;
  /** The normal screen after the exit, lines before "OOMLENS_EXIT=" (trailing blank lines dropped). */
  before: string[];
  screen: string;
}

/** Waits for the pane's shell to print the exit code. Reads the screen with wrapped lines joined (-J). */
export async function waitForExit(terminal: TmuxTerminal, timeoutMs = 15_000): Promise<Exit> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  for (;;) {
    screen = terminal.tmux('capture-pane', '-p', '-J', '-t', 'main');
    if (/OOMLENS_EXIT=\d+/.test(screen)) break;
    if (Date.now() > deadline) throw new Error(`oomlens did not exit within ${timeoutMs} ms; the screen was:\n${screen}`);
    await sleep(100);
  }
  const lines = screen.split('\n');
  const at = lines.findIndex((line) => line.includes('OOMLENS_EXIT='));
  const code = Number(/OOMLENS_EXIT=(\d+)/.exec(lines[at]!)![1]);
  const before = lines.slice(0, at);
  while (before.length > 0 && before[before.length - 1]!.trim() === '') before.pop();
  return { code, before, screen };
}

/** Kills a pid if it is still there (it is ours: a test started it). */
export function killIfAlive(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers kill 0: look at its state.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
