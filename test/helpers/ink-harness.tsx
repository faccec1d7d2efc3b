// Renders an Ink tree into a fake terminal of a chosen size and types keys into it. Frames are taken
// from Ink's debug mode, which writes each frame whole.
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
  constructor(public columns: number, public rows: number) {
    super();
  }
  write(chunk: string): boolean {
    this.frames.push(chunk);
    return true;
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
  lines(): string[];
  press(...keys: string[]): Promise<void>;
  resize(columns: number, rows: number): Promise<void>;
  waitFor(predicate: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
  exited(): Promise<void>;
  unmount(): void;
}

const tick = (ms = 15) => new Promise((resolve) => setTimeout(resolve, ms));

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
    lines: () => frame().replace(/\n$/, '').split('\n'),
    async press(...keys) {
      for (const key of keys) {
        stdin.type(key);
        await tick();
      }
    },
    async resize(newColumns, newRows) {
      stdout.resize(newColumns, newRows);
      await tick(30);
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
