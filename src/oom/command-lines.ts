// Runs a helper program (journalctl, dmesg) and yields its stdout line by line. The exit status and stderr
// are kept so a fallback chain can say *why* a source gave nothing ("No journal files were found",
// "Operation not permitted").
import { spawn } from 'node:child_process';
import { spawnWithDefaultOomScoreAdj } from '../procfs/self-protection.js';
import { splitLines } from './line-stream.js';

export interface CommandOutcome {
  /** Exit code; null when the program could not start (then `startError` says why) or was killed. */
  exitCode: number | null;
  startError: string | null;
  /** The first few hundred characters of stderr, for the "unavailable" message. */
  stderr: string;
}

export interface CommandLines {
  lines: AsyncIterable<string>;
  /** Settles when the program has exited (or failed to start). */
  outcome: Promise<CommandOutcome>;
  /** Stops the program (the caller found what it needed, or is shutting down). */
  stop(): void;
}

export type RunCommand = (command: string, args: readonly string[]) => CommandLines;

const STDERR_KEEP_CHARS = 400;

export const runCommand: RunCommand = (command, args) => {
  // At oomlens's own default oom_score_adj, not the -100 it may have given itself (self-protection.ts).
  const child = spawnWithDefaultOomScoreAdj(() => spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } }));
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < STDERR_KEEP_CHARS) stderr = (stderr + text).slice(0, STDERR_KEEP_CHARS);
  });
  const outcome = new Promise<CommandOutcome>((resolve) => {
    child.once('error', (error) => resolve({ exitCode: null, startError: error.message, stderr }));
    child.once('close', (code) => resolve({ exitCode: code, startError: null, stderr: stderr.trim() }));
  });
  return {
    lines: splitLines(child.stdout),
    outcome,
    stop: () => {
      if (child.exitCode === null && child.pid !== undefined) child.kill('SIGTERM');
    },
  };
};
