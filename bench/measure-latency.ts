// Target 3: key-to-frame latency while scans run. `?` opens the help screen and `?` closes it again;
// the time from writing the key into the pty to the arrival of the first output that shows the change
// (the help's key list; the kill list's column header) is one sample. Half of the keys are sent at a
// random moment; half are aimed into a scan: the program's main thread is watched through
// /proc/PID/task/PID/schedstat (its run time in ns) every 2 ms, and a key is sent 5-40 ms after the
// thread goes from idle to busy, which at a 1 s interval is a tick's scan.
import { readFileSync } from 'node:fs';
import type { PtyProgram } from './pty.js';
import { sleep } from './pty.js';

const HELP_SHOWN = /move the selection|Ctrl-P Ctrl-N/;
// The column header. The sorted column carries an arrow ("▼SCORE"), which arrives as three latin1
// characters (the pty's output is read as latin1), possibly with its own colour's escape sequence.
const LIST_SHOWN = /PID +USER +\S*SCORE/;

export interface LatencySamples {
  randomMs: number[];
  duringScanMs: number[];
}

async function pressAndWait(program: PtyProgram, key: string, shown: RegExp): Promise<number> {
  program.mark();
  const sentAt = performance.now();
  program.write(key);
  const arrivedAt = await program.waitFor((output) => shown.test(output), 10_000);
  return arrivedAt - sentAt;
}

/** The main thread's time on a CPU so far, ns (null when it has gone). */
function runNs(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'latin1').split(' ')[0]);
  } catch {
    return null;
  }
}

/** Resolves when the main thread starts working after at least 300 ms of near-idleness (a tick). */
async function nextBusyStart(pid: number, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = runNs(pid);
  let idleSince = performance.now();
  while (performance.now() < deadline && last !== null) {
    await sleep(2);
    const now = runNs(pid);
    if (now === null) break;
    const busyMs = (now - last) / 1e6;
    last = now;
    if (busyMs < 0.5) continue;
    if (busyMs >= 1 && performance.now() - idleSince >= 300) return;
    idleSince = performance.now();
  }
}

/** `presses` presses of `?`, alternately opening and closing help; every other pair aimed into a scan. */
export async function measureKeyLatency(program: PtyProgram, presses: number, intervalMs: number): Promise<LatencySamples> {
  const samples: LatencySamples = { randomMs: [], duringScanMs: [] };
  const pid = program.programPid();
  if (pid === null) throw new Error('the program under test is not running');
  for (let press = 0; press < presses; press++) {
    const aimed = press % 4 >= 2;
    if (aimed) {
      await nextBusyStart(pid);
      await sleep(5 + Math.random() * 35);
    } else {
      await sleep(Math.random() * intervalMs);
    }
    const shown = press % 2 === 0 ? HELP_SHOWN : LIST_SHOWN;
    let latency: number;
    try {
      latency = await pressAndWait(program, '?', shown);
    } catch {
      // No sign of the key within 10 s: count it as 10 s, and put the screen back in a known state.
      latency = 10_000;
      program.write('\x1b');
      await sleep(1000);
      if (press % 2 === 0) press++; // help may be open or not; start the next pair afresh
    }
    (aimed ? samples.duringScanMs : samples.randomMs).push(latency);
  }
  return samples;
}
