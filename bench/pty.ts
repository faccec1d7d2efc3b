// A terminal for the program under test: util-linux `script` gives it a pty (80x24 by stty), relays our
// writes to it as key presses, and relays everything it draws to us, where each byte is counted and
// timestamped. No emulator sits in between, so bytes and latencies are the program's own.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { onCleanup } from './cleanup.js';

export interface PtyOptions {
  command: string;
  columns?: number;
  rows?: number;
  env?: Record<string, string | undefined>;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** One chunk of output as it arrived. */
export interface Chunk {
  atMs: number;
  bytes: number;
}

/** Output separated from the previous output by this much silence starts a new refresh. */
const REFRESH_GAP_MS = 250;

export class PtyProgram {
  private readonly script: ChildProcess;
  private output = '';
  /** Every byte the program wrote to its terminal. */
  bytes = 0;
  readonly chunks: Chunk[] = [];
  readonly startedAtMs = performance.now();
  private waiters: { test: () => boolean; resolve: () => void }[] = [];
  /** When the last waiter was satisfied: the arrival of the output that satisfied it. */
  private satisfiedAtMs = 0;
  private exited = false;

  constructor(options: PtyOptions) {
    const size = `stty cols ${options.columns ?? 80} rows ${options.rows ?? 24}`;
    // exec: the program replaces the shell, so the pty's session leader is the program itself.
    const inner = `${size}; exec ${options.command}`;
    this.script = spawn('script', ['-q', '-e', '-c', inner, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, TERM: 'xterm-256color', ...options.env },
    });
    this.script.stdout?.on('data', (chunk: Buffer) => {
      this.bytes += chunk.length;
      if (this.chunks.length < 1_000_000) this.chunks.push({ atMs: performance.now(), bytes: chunk.length });
      this.output += chunk.toString('latin1');
      // Keep the tail only: the waiters look at recent output.
      if (this.output.length > 1 << 20) this.output = this.output.slice(-(1 << 19));
      this.settle();
    });
    this.script.on('exit', () => {
      this.exited = true;
      this.settle();
    });
    onCleanup(() => this.kill());
  }

  /** Start times of refreshes (bursts of output after a silence) in [fromMs, toMs). */
  refreshStarts(fromMs: number, toMs: number): number[] {
    const starts: number[] = [];
    let previous = -Infinity;
    for (const chunk of this.chunks) {
      if (chunk.atMs - previous >= REFRESH_GAP_MS && chunk.atMs >= fromMs && chunk.atMs < toMs) starts.push(chunk.atMs);
      previous = chunk.atMs;
    }
    return starts;
  }

  /** Bytes that arrived in [fromMs, toMs). */
  bytesBetween(fromMs: number, toMs: number): number {
    let total = 0;
    for (const chunk of this.chunks) if (chunk.atMs >= fromMs && chunk.atMs < toMs) total += chunk.bytes;
    return total;
  }

  /** Resolves at the start of the next refresh after now. */
  async nextRefresh(timeoutMs = 30_000): Promise<number> {
    const since = performance.now();
    const deadline = since + timeoutMs;
    while (performance.now() < deadline) {
      const starts = this.refreshStarts(since, Infinity);
      if (starts.length > 0) return starts[0]!;
      await sleep(20);
    }
    throw new Error('no refresh within the timeout');
  }

  /** Output since the last `mark()`. */
  sinceMark(): string {
    return this.output;
  }

  mark(): void {
    this.output = '';
  }

  write(keys: string): void {
    this.script.stdin?.write(keys);
  }

  /**
   * Resolves, with the arrival time of the output that did it, when `predicate` holds for the output
   * since the last mark (or the program has exited).
   */
  waitFor(predicate: (output: string) => boolean, timeoutMs = 30_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; output tail: ${JSON.stringify(this.output.slice(-300))}`)), timeoutMs);
      const test = () => predicate(this.output) || this.exited;
      const waiter = { test, resolve: () => (clearTimeout(timer), resolve(this.satisfiedAtMs)) };
      if (test()) {
        this.satisfiedAtMs = performance.now();
        waiter.resolve();
      } else this.waiters.push(waiter);
    });
  }

  private settle(): void {
    this.satisfiedAtMs = performance.now();
    const ready = this.waiters.filter((waiter) => waiter.test());
    this.waiters = this.waiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.resolve();
  }

  /** The program's pid: the child of `script` (the shell exec'd into it). */
  programPid(): number | null {
    const scriptPid = this.script.pid;
    if (scriptPid === undefined) return null;
    try {
      const children = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').trim().split(/\s+/);
      return children[0] ? Number(children[0]) : null;
    } catch {
      return null;
    }
  }

  get hasExited(): boolean {
    return this.exited;
  }

  kill(): void {
    if (this.exited) return;
    const program = this.programPid();
    for (const pid of [program, this.script.pid]) {
      if (pid === null || pid === undefined) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

/** utime + stime of a process and all its threads, in ms (from /proc/PID/stat). */
export function cpuMsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux architecture that matters here. */
const CLOCK_TICKS = 100;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export { shellQuote };
