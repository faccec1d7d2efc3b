// argv → options. Pure (no I/O beyond what it is given), so every bad input is testable. Bad input is a
// UsageError: one line on stderr, exit 2, never a stack trace.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export type Mode = 'tui' | 'once' | 'json' | 'explain' | 'help' | 'version';

export interface CliOptions {
  mode: Mode;
  /** --root DIR: read DIR/proc and DIR/sys instead of the live ones. */
  rootDir: string | null;
  kernelLog: string | null;
  intervalMs: number;
  readOnly: boolean;
  color: boolean;
  /** For `explain`: FILE, "-" for stdin, or null for this machine's kernel log. */
  explainSource: string | null;
  /** `explain --json`. */
  json: boolean;
}

export const MIN_INTERVAL_SECONDS = 0.2;
const MAX_INTERVAL_SECONDS = 3600;

export const HELP_TEXT = `oomlens: top for the Linux OOM killer

usage:
  oomlens                     interactive kill list (when stdout is a terminal)
  oomlens --once              one plain-text frame to stdout, then exit
  oomlens --json              one JSON snapshot to stdout, then exit
  oomlens explain [FILE|-]    find and explain every OOM report in a kernel log
                              (default: this machine's kernel log); --json for JSON

options:
  --root DIR            read DIR/proc and DIR/sys (a captured tree) instead of /proc and /sys
  --kernel-log FILE     read kernel messages from FILE instead of /dev/kmsg
  --interval SECONDS    refresh interval, at least ${MIN_INTERVAL_SECONDS} (default 1)
  --read-only           never write oom_score_adj
  --no-color            no colours (NO_COLOR=1 does the same)
  --help, --version
`;

function parseInterval(text: string | undefined): number {
  if (text === undefined) return 1000;
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds)) throw new UsageError(`--interval: not a number: ${JSON.stringify(text)}`);
  if (seconds < MIN_INTERVAL_SECONDS || seconds > MAX_INTERVAL_SECONDS) {
    throw new UsageError(`--interval: must be between ${MIN_INTERVAL_SECONDS} and ${MAX_INTERVAL_SECONDS} seconds`);
  }
  return Math.round(seconds * 1000);
}

function chooseMode(values: Record<string, unknown>, positionals: string[], stdoutIsTty: boolean): Mode {
  if (values.help) return 'help';
  if (values.version) return 'version';
  if (positionals[0] === 'explain') return 'explain';
  if (positionals.length > 0) throw new UsageError(`unknown command: ${JSON.stringify(positionals[0])} (try --help)`);
  if (values.json) return 'json';
  if (values.once || !stdoutIsTty) return 'once';
  return 'tui';
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv, stdoutIsTty: boolean): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        once: { type: 'boolean' },
        json: { type: 'boolean' },
        root: { type: 'string' },
        'kernel-log': { type: 'string' },
        interval: { type: 'string' },
        'read-only': { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (error) {
    // parseArgs' messages are already one line; keep them, drop the error class.
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (try --help)`);
  }
  const { values, positionals } = parsed;
  const mode = chooseMode(values, positionals, stdoutIsTty);
  if (mode === 'explain' && positionals.length > 2) throw new UsageError('explain takes at most one FILE');
  if (values.once && values.json) throw new UsageError('--once and --json are exclusive');
  const noColor = values['no-color'] === true || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb';
  return {
    mode,
    rootDir: values.root ?? null,
    kernelLog: values['kernel-log'] ?? null,
    intervalMs: parseInterval(values.interval),
    readOnly: values['read-only'] === true,
    color: !noColor,
    explainSource: mode === 'explain' ? (positionals[1] ?? null) : null,
    json: values.json === true,
  };
}
