// Target 3: key-to-frame latency while scans run. `?` opens the help screen and `?` closes it again;
// the time from writing the key into the pty to the arrival of the first output that shows the change
// (the help text; the kill list's column header) is one sample. Half of the keys are sent at a random
// moment, half are aimed into the scan: the scan ends with the tick's frame, so a key sent shortly
// before the next tick's frame is due lands while the next scan runs.
import type { PtyProgram } from './pty.js';
import { sleep } from './pty.js';

const HELP_SHOWN = /SCORE is \/proc\/PID\/oom_score/;
const LIST_SHOWN = /PID +USER +SCORE/;
/** Frames are written between these markers (synchronized output). */
const FRAME_START = '\x1b[?2026h';

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

/** Waits for the next frame the program writes; its arrival time. */
async function nextFrame(program: PtyProgram): Promise<number> {
  program.mark();
  return program.waitFor((output) => output.includes(FRAME_START), 5_000);
}

/** `presses` presses of `?`, alternately opening and closing help; every other pair aimed into a scan. */
export async function measureKeyLatency(program: PtyProgram, presses: number, intervalMs: number): Promise<LatencySamples> {
  const samples: LatencySamples = { randomMs: [], duringScanMs: [] };
  for (let press = 0; press < presses; press++) {
    const aimed = press % 4 >= 2;
    if (aimed) {
      const frameAt = await nextFrame(program);
      // The next scan starts about one interval after this one did and ends with the next frame:
      // aim at 85-98% of the interval after this frame.
      const target = frameAt + intervalMs * (0.85 + Math.random() * 0.13);
      await sleep(Math.max(0, target - performance.now()));
    } else {
      await sleep(Math.random() * intervalMs);
    }
    const latency = await pressAndWait(program, '?', press % 2 === 0 ? HELP_SHOWN : LIST_SHOWN);
    (aimed ? samples.duringScanMs : samples.randomMs).push(latency);
  }
  return samples;
}
