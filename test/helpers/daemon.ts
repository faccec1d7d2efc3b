// Runs the built oomlens as a daemon (record, serve) and follows its stderr line by line, so a test waits
// for what it says ("serving …", "OOM kill …") rather than for a fixed time. Stopped by its own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { BIN } from './run-cli.js';

export interface Daemon {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first stderr line (already seen or to come) that matches; rejects after `ms`. */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then the exit code (SIGKILL after 10 s). */
  stop(): Promise<number | null>;
}

/** `prefix`: a command that execs the rest (setpriv …, env …), so the pid stays the daemon's. */
export function startDaemon(args: string[], prefix: string[] = []): Daemon {
  const argv = [...prefix, process.execPath, BIN, ...args];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let partial = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const wake of [...waiters]) wake();
  });
  child.stdout!.resume();
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    lines,
    waitFor(pattern, ms) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (const line of lines) {
            const match = line.match(pattern);
            if (match !== null) return finish(() => resolve(match));
          }
          if (child.exitCode !== null || child.signalCode !== null) finish(() => reject(new Error(`oomlens exited before ${pattern}:\n${lines.join('\n')}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} within ${ms} ms:\n${lines.join('\n')}`))), ms);
        const finish = (then: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        void exited.then(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(killer);
      return code;
    },
  };
}
