// Stand-ins for the kernel log readers: a scripted /dev/kmsg and a scripted command runner (journalctl,
// dmesg), so the reading and the fallback chain are tested without privilege or a journal.
import type { CommandLines, RunCommand } from '../../src/oom/command-lines.js';
import type { KmsgDevice } from '../../src/oom/kmsg-reader.js';

/** A record (one read() returns it) or an errno the read() throws. */
export type KmsgStep = string | { code: string };

/**
 * A scripted /dev/kmsg: each read() returns the next record or throws the next errno, then EAGAIN (no new
 * record) once the steps run out. Steps pushed later are read later. With `openError`, open() throws it.
 */
export class FakeKmsg implements KmsgDevice {
  readonly bufferSizes: number[] = [];
  closed = 0;
  constructor(
    private readonly steps: KmsgStep[],
    private readonly openError: string | null = null,
  ) {}

  open(): number {
    if (this.openError !== null) throw Object.assign(new Error(this.openError), { code: this.openError });
    return 42;
  }

  read(_fd: number, buffer: Buffer): number {
    this.bufferSizes.push(buffer.length);
    const step = this.steps.shift();
    if (step === undefined) throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' });
    if (typeof step !== 'string') throw Object.assign(new Error(step.code), { code: step.code });
    return buffer.write(step, 'utf8');
  }

  close(): void {
    this.closed += 1;
  }
}

export interface FakeOutput {
  lines: string[];
  stderr?: string;
  exitCode?: number;
}

/** What a command the caller has no permission for prints: nothing, a complaint, exit 1. */
export const DENIED: FakeOutput = { lines: [], stderr: 'Operation not permitted', exitCode: 1 };

/**
 * A fake command runner. `outputs` is keyed by the whole command line or by the command name (the whole
 * line wins); any other command gets `otherwise`, or, without it, fails to start as if not installed.
 * `calls` lists the command lines run, in order.
 */
export function fakeRunner(outputs: Record<string, FakeOutput>, otherwise?: FakeOutput): { run: RunCommand; calls: string[] } {
  const calls: string[] = [];
  const run: RunCommand = (command, args) => {
    const line = [command, ...args].join(' ');
    calls.push(line);
    const output = outputs[line] ?? outputs[command] ?? otherwise;
    const result: CommandLines = {
      lines: (async function* lines() {
        yield* output?.lines ?? [];
      })(),
      outcome: Promise.resolve(
        output === undefined
          ? { exitCode: null, startError: `spawn ${command} ENOENT`, stderr: '' }
          : { exitCode: output.exitCode ?? 0, startError: null, stderr: output.stderr ?? '' },
      ),
      stop: () => undefined,
    };
    return result;
  };
  return { run, calls };
}
