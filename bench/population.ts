// A population of idle processes for the benchmark: each touches ~100 KB and sleeps until killed.
// With cc, a tiny C program forks them (each child dies with its parent through PR_SET_PDEATHSIG, and
// the parent dies with this benchmark); without cc, perl forks them. Every pid is recorded and killed
// by pid when the population is ended, on every exit path (see cleanup.ts); a last check at the end finds
// this run's own leftovers by their argv[0], never another run's.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.js';

/** The name of every population process. */
const POPULATION_NAME = 'oomlens-bench-pop';

/**
 * This run's own marker in its population's command lines (the machine is shared: another run's
 * population is not ours to find or kill): cc's children carry the spawner's path, in a directory of this
 * run's own; perl's carry the name with this run's pid.
 */
let runMarker: string | null = null;

const SOURCE = fileURLToPath(new URL('./population.c', import.meta.url));
const TOUCH_KB = 100;

export interface Population {
  size: number;
  /** How the processes were made: "cc" or "perl". */
  method: string;
  pids: number[];
  end(): void;
}

/**
 * Compiles the C spawner once per run, into a directory of the run's own that is removed at its end (a
 * binary kept between runs would outlive an edit of population.c); null when there is no working cc.
 */
function compileSpawner(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-bench-spawner-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const binary = join(dir, POPULATION_NAME);
  const built = spawnSync('cc', ['-O2', '-o', binary, SOURCE], { encoding: 'utf8' });
  return built.status === 0 ? binary : null;
}

let spawner: string | null | undefined;

function spawnerCommand(count: number): { command: string; args: string[]; method: string } {
  spawner ??= compileSpawner();
  if (spawner !== null) {
    runMarker = spawner;
    return { command: spawner, args: [String(count), String(TOUCH_KB)], method: 'cc' };
  }
  // perl's argv[0] carries the marker; each child holds a ~100 KB string.
  runMarker = `${POPULATION_NAME}-${process.pid}`;
  const script = [
    `$0 = "${runMarker}";`,
    'my ($n, $kb) = @ARGV; my $made = 0; $| = 1;',
    'for (1 .. $n) { my $pid = fork(); last unless defined $pid;',
    '  if ($pid == 0) { my $block = "x" x ($kb * 1024); sleep 1e9 while 1 } print "$pid\\n"; $made++ }',
    'print "ready $made\\n"; sleep 1e9 while 1;',
  ].join(' ');
  return { command: 'perl', args: ['-e', script, String(count), String(TOUCH_KB)], method: 'perl' };
}

/** Starts `count` processes and resolves once all have forked (or forking stopped at a limit). */
export async function startPopulation(count: number): Promise<Population> {
  const { command, args, method } = spawnerCommand(count);
  // Soft limits up to the hard ones first (processes, open files): as far as an unprivileged raise goes.
  const raise = 'ulimit -Su "$(ulimit -Hu)" 2>/dev/null; ulimit -Sn "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';
  const parent: ChildProcess = spawn('sh', ['-c', raise, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const pids: number[] = [];
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    killPids([parent.pid ?? -1, ...pids]);
  };
  onCleanup(end);
  const made = await readPids(parent, pids);
  if (made < count) process.stderr.write(`bench: only ${made} of ${count} processes could be started\n`);
  return { size: made, method, pids, end };
}

function readPids(parent: ChildProcess, pids: number[]): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let errors = '';
    parent.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    parent.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const ready = /^ready (\d+)$/.exec(line);
        if (ready) resolve(Number(ready[1]));
        else if (/^\d+$/.test(line)) pids.push(Number(line));
      }
    });
    parent.on('exit', (code) => reject(new Error(`population spawner exited (${code}): ${errors.trim()}`)));
    parent.on('error', reject);
  });
}

/** SIGKILL each pid; a pid already gone is fine. */
export function killPids(pids: readonly number[]): void {
  for (const pid of pids) {
    if (pid <= 0) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Pids of this run's population processes still alive (for the end-of-run check): argv[0] is the marker. */
export function leftoverPopulation(): number[] {
  if (runMarker === null) return [];
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] === runMarker) found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** Waits until the kernel has reaped the population (its pids are gone from /proc). */
export async function waitGone(pids: readonly number[], timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pids.every((pid) => !existsSync(`/proc/${pid}`) || isZombie(pid))) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

function isZombie(pid: number): boolean {
  try {
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
  } catch {
    return true;
  }
}
