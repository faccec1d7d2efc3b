// Target 5: time to first frame vs a bare `node -e 0`, each through the same pty wrapper (script + sh +
// stty), alternating so that drift in the machine's load hits all alike.
import { PtyProgram } from './pty.js';
import { FIRST_DATA_FRAME, startOomlens } from './oomlens-tui.js';

export interface StartupSamples {
  bareNodeMs: number[];
  /** Per entry label: ms to the first frame with data (the kill list and memory gauges). */
  firstFrameMs: Map<string, number[]>;
}

async function bareNode(): Promise<number> {
  const program = new PtyProgram({ command: `${process.execPath} -e 0` });
  await program.waitFor(() => false, 10_000);
  return performance.now() - program.startedAtMs;
}

async function firstFrame(entry: string): Promise<number> {
  const program = startOomlens('--interval 1', entry);
  try {
    const at = await program.waitFor((output) => FIRST_DATA_FRAME.test(output), 20_000);
    if (program.hasExited) throw new Error(`${entry} exited before its first frame`);
    return at - program.startedAtMs;
  } finally {
    program.kill();
  }
}

export async function measureStartup(entries: { path: string; label: string }[], reps: number): Promise<StartupSamples> {
  const samples: StartupSamples = { bareNodeMs: [], firstFrameMs: new Map(entries.map((e) => [e.label, []])) };
  await bareNode(); // warm the page cache for node itself
  for (const entry of entries) await firstFrame(entry.path);
  for (let rep = 0; rep < reps; rep++) {
    samples.bareNodeMs.push(await bareNode());
    for (const entry of entries) samples.firstFrameMs.get(entry.label)!.push(await firstFrame(entry.path));
  }
  return samples;
}
