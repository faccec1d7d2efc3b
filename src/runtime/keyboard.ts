// Where keys come from. Normally stdin; when stdin is not a terminal (a pipe, /dev/null in a background
// job) but stdout is, keys are read from the controlling terminal, as top and htop do.
import { openSync } from 'node:fs';
import { ReadStream } from 'node:tty';

export class NoKeyboardError extends Error {}

export function openKeyboard(stdin: NodeJS.ReadStream = process.stdin): NodeJS.ReadStream {
  if (stdin.isTTY) return stdin;
  try {
    return new ReadStream(openSync('/dev/tty', 'r')) as NodeJS.ReadStream;
  } catch {
    throw new NoKeyboardError('no terminal to read keys from (stdin is not a TTY and /dev/tty cannot be opened); use --once or --json');
  }
}
