// Target 5: time to first frame vs a bare `node -e 0`, each through the same pty wrapper (script + sh +
// stty), alternating so that drift in the machine's load hits all alike.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { PtyProgram, sleep } from './pty.js';
import { startHtop } from './htop.js';
import { FIRST_DATA_FRAME, PROJECT_DIR, startOomlens, type Entry } from './oomlens-tui.js';

export interface StartupSamples {
  bareNodeMs: number[];
  /** Per entry label: ms to the first frame drawn (the screen, "reading /proc…"). */
  firstPaintMs: Map<string, number[]>;
  /** Per entry label: ms to the first frame with data (the kill list and memory gauges). */
  firstFrameMs: Map<string, number[]>;
}

/** Frames are written as synchronized updates: the first one opens with this. */
const FRAME_START = '\x1b[?2026h';

async function bareNode(): Promise<number> {
  const program = new PtyProgram({ command: `${process.execPath} -e 0` });
  await program.waitFor(() => false, 10_000);
  return performance.now() - program.startedAtMs;
}

/** The code cache the start line writes beside the bundle (bin/code-cache.js), when it can. */
const CODE_CACHE = join(PROJECT_DIR, 'dist', 'oomlens.code-cache');

function modifiedMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -Infinity;
  }
}

/**
 * `warm`: the first start of an entry, run as a user's first start is: until the start line has written
 * its V8 code cache for this environment (1.5 s in), or 5 s when it had a valid one already (then it
 * writes none). The measured starts that follow are a user's later ones.
 */
async function firstFrames(command: string, warm = false): Promise<{ paintMs: number; dataMs: number }> {
  const startedWallMs = Date.now();
  const program = startOomlens('--interval 1', command);
  try {
    const paintAt = await program.waitFor((output) => output.includes(FRAME_START), 20_000);
    const dataAt = await program.waitFor((output) => FIRST_DATA_FRAME.test(output), 20_000);
    if (program.hasExited) throw new Error(`${command} exited before its first frame`);
    if (warm) {
      const deadline = performance.now() + 5000;
      while (modifiedMs(CODE_CACHE) < startedWallMs && performance.now() < deadline) await sleep(100);
    }
    return { paintMs: paintAt - program.startedAtMs, dataMs: dataAt - program.startedAtMs };
  } finally {
    program.kill();
  }
}

export async function measureStartup(entries: Entry[], reps: number): Promise<StartupSamples> {
  const samples: StartupSamples = {
    bareNodeMs: [],
    firstPaintMs: new Map(entries.map((e) => [e.label, []])),
    firstFrameMs: new Map(entries.map((e) => [e.label, []])),
  };
  await bareNode(); // warm the page cache for node itself
  for (const entry of entries) await firstFrames(entry.command, true);
  for (let rep = 0; rep < reps; rep++) {
    samples.bareNodeMs.push(await bareNode());
    for (const entry of entries) {
      const { paintMs, dataMs } = await firstFrames(entry.command);
      samples.firstPaintMs.get(entry.label)!.push(paintMs);
      samples.firstFrameMs.get(entry.label)!.push(dataMs);
    }
  }
  return samples;
}

/** htop's column header: its first frame with the process list (it draws meters and list together). */
const HTOP_LIST = /PID +USER/;

/**
 * On a box with many processes: time to the first kill list (oomlens, run by `command`) and to htop's first
 * process list, alternating (oomlens from `command`). No target of its own: it says what the first screen costs at scale.
 */
export async function measureFirstListAtScale(command: string, withHtop: boolean, reps: number): Promise<{ oomlensMs: number[]; htopMs: number[] }> {
  const samples = { oomlensMs: [] as number[], htopMs: [] as number[] };
  const timeTo = async (program: PtyProgram, marker: RegExp): Promise<number> => {
    try {
      return (await program.waitFor((output) => marker.test(output), 30_000)) - program.startedAtMs;
    } finally {
      program.kill();
    }
  };
  for (let rep = 0; rep < reps; rep++) {
    samples.oomlensMs.push(await timeTo(startOomlens('--interval 1', command), FIRST_DATA_FRAME));
    if (withHtop) samples.htopMs.push(await timeTo(startHtop(), HTOP_LIST));
  }
  return samples;
}
