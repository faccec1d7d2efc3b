// Renders an Ink tree into a fake terminal of a chosen size and types keys into it. Frames are taken
// from Ink's debug mode, which writes each frame whole.
//
// press() returns once a frame has been written after each key has taken effect. Ink 6.8 runs useInput
// handlers as soon as stdin is readable (build/components/App.js handleReadable), on a legacy root where
// every update is a sync-lane update, so the key's state change is queued before type() returns and any
// render after that includes it; the render itself comes a macrotask later. A lone Escape is the
// exception: Ink holds it for one setImmediate in case it starts a sequence, so its state lands then.
// What a key starts in an effect (an adjuster's result) shows in a later frame: waitFor it.
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  frames: string[] = [];
  private waiters = new Set<() => void>();
  constructor(public columns: number, public rows: number) {
    super();
  }
  write(chunk: string): boolean {
    this.frames.push(chunk);
    for (const wake of this.waiters) wake();
    return true;
  }
  /** Resolves once more than `count` frames have been written; rejects after `timeoutMs`, naming `what`. */
  frameAfter(count: number, what: string, timeoutMs: number): Promise<void> {
    if (this.frames.length > count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const wake = () => {
        if (this.frames.length <= count) return;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`no frame within ${timeoutMs} ms after ${what}; last frame:\n${stripAnsi(this.frames.at(-1) ?? '')}`));
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private pending: string | null = null;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read(): string | null {
    const data = this.pending;
    this.pending = null;
    return data;
  }
  type(data: string): void {
    this.pending = data;
    this.emit('readable');
    this.emit('data', data);
  }
}

export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  left: '\x1b[D',
  right: '\x1b[C',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  enter: '\r',
  escape: '\x1b',
  backspace: '\x7f',
  ctrlC: '\x03',
};

export interface Harness {
  /** The last frame, without colour codes. */
  frame(): string;
  /** The last frame as written, colour codes and all (Ink colours only when chalk's level is above 0). */
  rawFrame(): string;
  lines(): string[];
  /** Types each key and waits for a frame written after it (see the top of this file). */
  press(...keys: string[]): Promise<void>;
  /** Resizes the terminal and waits for a frame written after the resize event. */
  resize(columns: number, rows: number): Promise<void>;
  waitFor(predicate: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
  exited(): Promise<void>;
  unmount(): void;
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a key or a resize may take to show: it renders within a macrotask or two; this only guards. */
const FRAME_TIMEOUT_MS = 2000;

export function renderAt(element: ReactElement, columns: number, rows: number): Harness {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const instance = render(element, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  // Ink resolves only a waitUntilExit() promise that exists before the app exits.
  const exited = instance.waitUntilExit() as Promise<void>;
  const frame = () => stripAnsi(stdout.frames.at(-1) ?? '');
  return {
    frame,
    rawFrame: () => stdout.frames.at(-1) ?? '',
    lines: () => frame().replace(/\n$/, '').split('\n'),
    async press(...keys) {
      for (const key of keys) {
        let written = stdout.frames.length;
        stdin.type(key);
        if (key === KEYS.escape) {
          // Queued after Ink's own setImmediate, this runs once the Escape has reached the app.
          await new Promise((resolve) => setImmediate(resolve));
          written = stdout.frames.length;
        }
        await stdout.frameAfter(written, `key ${JSON.stringify(key)}`, FRAME_TIMEOUT_MS);
      }
    },
    async resize(newColumns, newRows) {
      const written = stdout.frames.length;
      stdout.resize(newColumns, newRows);
      await stdout.frameAfter(written, `resize to ${newColumns}x${newRows}`, FRAME_TIMEOUT_MS);
    },
    async waitFor(predicate, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (predicate(frame())) return frame();
        await tick(10);
      }
      throw new Error(`timed out waiting for a frame; last frame:\n${frame()}`);
    },
    exited: () => exited,
    unmount: () => instance.unmount(),
  };
}
