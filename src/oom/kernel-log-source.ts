// Where the kernel log comes from (docs/kernel-log-formats.md): /dev/kmsg first (authoritative, but EPERM under
// kernel.dmesg_restrict=1 without CAP_SYSLOG), then `journalctl -k -o json`, then plain `journalctl -k`,
// then `dmesg`. One chain (openFirstReadable) serves both the one-shot reader here (`oomlens explain`) and
// the live one the TUI follows (oom-watcher.ts openLiveKernelLog). `--kernel-log FILE` (or `-` for stdin)
// replaces the chain. When nothing is readable the result says so, and how to fix it, instead of throwing.
import { open, stat } from 'node:fs/promises';
import { runCommand as defaultRunCommand, type RunCommand } from './command-lines.js';
import { kmsgRecordToLines } from './kmsg-record.js';
import { KMSG_PATH, nodeKmsgDevice, readKmsgNow, type KmsgDevice } from './kmsg-reader.js';
import { splitLines } from './line-stream.js';
import { logLinesOf } from './report-assembler.js';
import type { LogLine } from './types.js';

export type KernelLogSourceName = 'kmsg' | 'journalctl-json' | 'journalctl' | 'dmesg' | 'file' | 'stdin';

export interface KernelLogOpened {
  kind: 'lines';
  source: KernelLogSourceName;
  /** What was read, for messages: `/dev/kmsg`, `journalctl -k -o json`, the file path. */
  description: string;
  lines: AsyncIterable<LogLine>;
}

export interface SourceAttempt {
  source: KernelLogSourceName;
  error: string;
}

export interface KernelLogUnavailable {
  kind: 'unavailable';
  /** One paragraph for an operator: what failed and how to make it readable. */
  message: string;
  attempts: SourceAttempt[];
}

export interface KernelLogFileError {
  kind: 'file-error';
  path: string;
  reason: string;
}

export interface MachineLogDeps {
  kmsgPath?: string;
  kmsgDevice?: KmsgDevice;
  runCommand?: RunCommand;
}

const ERRNO_TEXT: Record<string, string> = {
  EPERM: 'operation not permitted',
  EACCES: 'permission denied',
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many symbolic links',
};

/** A short reason without a stack: `permission denied`, or the error's own message. */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined && ERRNO_TEXT[code] !== undefined) return ERRNO_TEXT[code];
  return error instanceof Error ? error.message : String(error);
}

/** A program that prints the kernel log, and its arguments for each way oomlens reads it. */
export interface LogCommand {
  source: Exclude<KernelLogSourceName, 'kmsg' | 'file' | 'stdin'>;
  command: string;
  /** Everything it holds, once (`oomlens explain`). */
  dump: readonly string[];
  /** A cheap run that shows whether it yields kernel lines for this user at all. */
  probe: readonly string[];
  /** Following new lines (the TUI); `includeExisting`: what it already holds first. */
  follow(includeExisting: boolean): string[];
}

/** The kernel-log programs, best first; /dev/kmsg comes before them all. */
export const LOG_COMMANDS: readonly LogCommand[] = [
  {
    source: 'journalctl-json',
    command: 'journalctl',
    dump: ['-k', '-o', 'json', '--no-pager', '-q'],
    probe: ['-k', '-n', '1', '-o', 'json', '-q', '--no-pager'],
    // -b: this boot only, like the ring buffer (the TUI's kills before it started are this boot's).
    follow: (all) => ['-k', '-b', '-f', '-n', all ? 'all' : '0', '-o', 'json', '-q', '--no-pager'],
  },
  {
    source: 'journalctl',
    command: 'journalctl',
    dump: ['-k', '--no-pager', '-q'],
    probe: ['-k', '-n', '1', '--no-pager', '-q'],
    follow: (all) => ['-k', '-b', '-f', '-n', all ? 'all' : '0', '--no-pager', '-q'],
  },
  { source: 'dmesg', command: 'dmesg', dump: [], probe: [], follow: (all) => [all ? '--follow' : '--follow-new'] },
];

/** How one mode opens each link of the chain: `kmsg` throws the open() error; `command` returns why not. */
export interface ChainOpeners<T extends object> {
  kmsg(path: string): T;
  command(spec: LogCommand): Promise<T | string>;
}

/**
 * The chain: /dev/kmsg, then LOG_COMMANDS in order; the first that opens is returned. Otherwise
 * every attempt, and the one message that says why none was readable and how to fix it.
 */
export async function openFirstReadable<T extends object>(kmsgPath: string, openers: ChainOpeners<T>): Promise<T | KernelLogUnavailable> {
  const attempts: SourceAttempt[] = [];
  try {
    return openers.kmsg(kmsgPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const restricted = code === 'EPERM' || code === 'EACCES' ? ' (kernel.dmesg_restrict=1 requires CAP_SYSLOG)' : '';
    attempts.push({ source: 'kmsg', error: `${kmsgPath}: ${describeError(error)}${restricted}` });
  }
  for (const spec of LOG_COMMANDS) {
    const opened = await openers.command(spec);
    if (typeof opened !== 'string') return opened;
    attempts.push({ source: spec.source, error: opened });
  }
  return { kind: 'unavailable', message: unavailableMessage(attempts), attempts };
}

export interface CommandStarted {
  /** Its kernel lines from the first one on (those read to find it are replayed). */
  lines: AsyncIterable<LogLine>;
  /** Stops the program and the reading of its lines. */
  stop(): void;
}

/**
 * Runs `command args` until its first kernel line, so an empty or failing command can be told apart from
 * a working one before we commit to it; when it yields none, why (its start error, stderr, exit status).
 */
export async function startCommand(run: RunCommand, command: string, args: readonly string[]): Promise<CommandStarted | string> {
  const label = [command, ...args].join(' ');
  const child = run(command, args);
  const iterator = logLinesOf(child.lines)[Symbol.asyncIterator]();
  const seen: LogLine[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    seen.push(next.value);
    if (!next.value.foreign && next.value.text.trim() !== '') {
      const lines = (async function* replay() {
        yield* seen;
        for (let more = await iterator.next(); more.done !== true; more = await iterator.next()) yield more.value;
      })();
      const stop = () => {
        child.stop();
        void iterator.return?.(undefined);
      };
      return { lines, stop };
    }
  }
  const outcome = await child.outcome;
  const why = outcome.startError ?? (outcome.stderr !== '' ? outcome.stderr : null);
  const exit = outcome.exitCode !== null && outcome.exitCode !== 0 ? ` (exit ${outcome.exitCode})` : '';
  return `${label}: ${why ?? 'no kernel records'}${exit}`;
}

export function unavailableMessage(attempts: SourceAttempt[]): string {
  const tried = attempts.map((attempt) => attempt.error).join('; ');
  return (
    `The kernel log is not readable by this user (${tried}). ` +
    'With kernel.dmesg_restrict=1 only processes with CAP_SYSLOG may read it. To fix: run oomlens as root ' +
    '(sudo), or allow every user with `sysctl kernel.dmesg_restrict=0`, or add this user to the adm or ' +
    'systemd-journal group so `journalctl -k` works. The OOM kill counter still works without it.'
  );
}

/** This machine's kernel log as it is now, through the first source of the chain that works. */
export async function openMachineKernelLog(deps: MachineLogDeps = {}): Promise<KernelLogOpened | KernelLogUnavailable> {
  const run = deps.runCommand ?? defaultRunCommand;
  return openFirstReadable<KernelLogOpened>(deps.kmsgPath ?? KMSG_PATH, {
    kmsg: (path) => {
      const batch = readKmsgNow(path, deps.kmsgDevice ?? nodeKmsgDevice);
      const lines = (async function* kmsgLines() {
        for (const record of batch.records) yield* kmsgRecordToLines(record);
      })();
      return { kind: 'lines', source: 'kmsg', description: path, lines };
    },
    command: async (spec) => {
      const started = await startCommand(run, spec.command, spec.dump);
      if (typeof started === 'string') return started;
      return { kind: 'lines', source: spec.source, description: [spec.command, ...spec.dump].join(' '), lines: started.lines };
    },
  });
}

/** A log file read line by line. Opening errors are returned (not thrown) so the CLI can print one line. */
export async function openKernelLogFile(path: string): Promise<KernelLogOpened | KernelLogFileError> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { kind: 'file-error', path, reason: 'is a directory' };
    const handle = await open(path, 'r');
    const stream = handle.createReadStream({ highWaterMark: 256 * 1024 });
    return { kind: 'lines', source: 'file', description: path, lines: logLinesOf(splitLines(stream)) };
  } catch (error) {
    return { kind: 'file-error', path, reason: describeError(error) };
  }
}

/** Standard input (`oomlens explain -`). */
export function kernelLogFromStream(stream: NodeJS.ReadableStream): KernelLogOpened {
  const chunks = stream as AsyncIterable<Buffer | string>;
  return { kind: 'lines', source: 'stdin', description: 'standard input', lines: logLinesOf(splitLines(chunks)) };
}
