// Where the kernel log comes from (docs/kernel-log-formats.md): /dev/kmsg first (authoritative, but EPERM under
// kernel.dmesg_restrict=1 without CAP_SYSLOG), then `journalctl -k -o json`, then plain `journalctl -k`,
// then `dmesg`. `--kernel-log FILE` (or `-` for stdin) replaces the chain. When nothing is readable the
// result says so, and how to fix it, instead of throwing.
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

function kmsgAttempt(path: string, device: KmsgDevice): KernelLogOpened | SourceAttempt {
  try {
    const batch = readKmsgNow(path, device);
    return {
      kind: 'lines',
      source: 'kmsg',
      description: path,
      lines: (async function* kmsgLines() {
        for (const record of batch.records) yield* kmsgRecordToLines(record);
      })(),
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const restricted = code === 'EPERM' || code === 'EACCES' ? ' (kernel.dmesg_restrict=1 requires CAP_SYSLOG)' : '';
    return { source: 'kmsg', error: `${path}: ${describeError(error)}${restricted}` };
  }
}

/**
 * Reads until the first kernel line, so an empty or failing command can be told apart from a working one
 * before we commit to it; the lines read so far are replayed.
 */
async function firstKernelLines(raw: AsyncIterable<string>): Promise<AsyncIterable<LogLine> | null> {
  const iterator = logLinesOf(raw)[Symbol.asyncIterator]();
  const seen: LogLine[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return null;
    seen.push(next.value);
    if (!next.value.foreign && next.value.text.trim() !== '') break;
  }
  return (async function* replay() {
    yield* seen;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
  })();
}

async function commandAttempt(
  run: RunCommand,
  source: KernelLogSourceName,
  command: string,
  args: string[],
): Promise<KernelLogOpened | SourceAttempt> {
  const label = [command, ...args].join(' ');
  const child = run(command, args);
  const lines = await firstKernelLines(child.lines);
  if (lines !== null) return { kind: 'lines', source, description: label, lines };
  const outcome = await child.outcome;
  const why = outcome.startError ?? (outcome.stderr !== '' ? outcome.stderr : null);
  const exit = outcome.exitCode !== null && outcome.exitCode !== 0 ? ` (exit ${outcome.exitCode})` : '';
  return { source, error: `${label}: ${why ?? 'no kernel records'}${exit}` };
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

/** This machine's kernel log, through the first source that works. */
export async function openMachineKernelLog(deps: MachineLogDeps = {}): Promise<KernelLogOpened | KernelLogUnavailable> {
  const run = deps.runCommand ?? defaultRunCommand;
  const attempts: SourceAttempt[] = [];
  const kmsg = kmsgAttempt(deps.kmsgPath ?? KMSG_PATH, deps.kmsgDevice ?? nodeKmsgDevice);
  if ('kind' in kmsg) return kmsg;
  attempts.push(kmsg);
  const commands: [KernelLogSourceName, string, string[]][] = [
    ['journalctl-json', 'journalctl', ['-k', '-o', 'json', '--no-pager', '-q']],
    ['journalctl', 'journalctl', ['-k', '--no-pager', '-q']],
    ['dmesg', 'dmesg', []],
  ];
  for (const [source, command, args] of commands) {
    const result = await commandAttempt(run, source, command, args);
    if ('kind' in result) return result;
    attempts.push(result);
  }
  return { kind: 'unavailable', message: unavailableMessage(attempts), attempts };
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
