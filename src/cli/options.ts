// argv → options. Pure (no I/O beyond what it is given), so every bad input is testable. Bad input is a
// UsageError: one line on stderr, exit 2, never a stack trace.
import { parseArgs } from 'node:util';
import { MIN_COLUMNS } from '../ui/state/layout.js';
import { UsageError } from './usage-error.js';
import { DAEMON_HELP, DAEMON_OPTIONS, daemonOptions, type DaemonOptions, type DaemonValues } from './daemon-cli.js';

export { UsageError };

export type Mode = 'tui' | 'once' | 'json' | 'explain' | 'help' | 'version' | 'record' | 'replay' | 'serve';
const DAEMON_MODES: readonly string[] = ['record', 'replay', 'serve'];

export interface CliOptions {
  mode: Mode;
  /** --root DIR: read DIR/proc and DIR/sys instead of the live ones. */
  rootDir: string | null;
  kernelLog: string | null;
  /** --killer-log FILE: the userspace killers' log (earlyoom's stderr, syslog), instead of the journal. */
  killerLog: string | null;
  intervalMs: number;
  readOnly: boolean;
  /** Lower oomlens's own oom_score_adj to -100 where permitted (off with --no-self-protect or --read-only). */
  selfProtect: boolean;
  color: boolean;
  /** For `explain`: FILE, "-" for stdin, or null for this machine's kernel log. */
  explainSource: string | null;
  /** `explain --json`. */
  json: boolean;
  /** --width N: the columns of the --once frame; null to follow the terminal or $COLUMNS. */
  width: number | null;
  /** record, replay, serve, and explain's --dir. */
  daemon: DaemonOptions;
}

export const MIN_INTERVAL_SECONDS = 0.2;
const MAX_INTERVAL_SECONDS = 3600;
const MAX_WIDTH = 1000;
/** The --once frame's width when neither --width, a terminal nor $COLUMNS says otherwise. */
const DEFAULT_FRAME_COLUMNS = 120;

export const HELP_TEXT = `oomlens: top for the Linux OOM killer

usage:
  oomlens                     interactive kill list (when stdout is a terminal)
  oomlens --once              one plain-text frame to stdout, then exit
  oomlens --json              one JSON snapshot to stdout, then exit
  oomlens explain [FILE|-]    find and explain every OOM report in a kernel log
                              (default: this machine's kernel log); --json for JSON;
                              --dir DIR adds each victim's recorded run-up
${DAEMON_HELP}
options:
  --root DIR            read DIR/proc and DIR/sys (a captured tree) instead of /proc and /sys
  --kernel-log FILE     read kernel messages from FILE instead of /dev/kmsg
  --killer-log FILE     follow the userspace killers' log in FILE (earlyoom's stderr,
                        a syslog file) instead of the journal; without either, their
                        kills cannot be seen
  --interval SECONDS    refresh interval, at least ${MIN_INTERVAL_SECONDS} (default 1; record, serve: 5)
  --width N             columns of the --once frame (default: the terminal's width,
                        else $COLUMNS, else ${DEFAULT_FRAME_COLUMNS})
  --read-only           never write oom_score_adj (oomlens's own included)
  --no-self-protect     keep oomlens's own oom_score_adj; by default, where allowed
                        (CAP_SYS_RESOURCE), it goes from 0 to -100 as earlyoom -p
                        does, and journalctl or dmesg are started at 0
  --no-color            no colours (NO_COLOR=1 does the same)
  --help, --version
`;

const SEE_HELP = '(see oomlens --help)';

/** The options, and for those that take a value, what the value is called in messages. */
const OPTIONS = {
  once: { type: 'boolean' },
  json: { type: 'boolean' },
  root: { type: 'string', value: 'DIR' },
  'kernel-log': { type: 'string', value: 'FILE' },
  'killer-log': { type: 'string', value: 'FILE' },
  interval: { type: 'string', value: 'SECONDS' },
  width: { type: 'string', value: 'N' },
  'read-only': { type: 'boolean' },
  'no-self-protect': { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  ...DAEMON_OPTIONS,
} as const;

interface Values extends DaemonValues {
  once?: boolean;
  json?: boolean;
  root?: string;
  'kernel-log'?: string;
  'killer-log'?: string;
  interval?: string;
  width?: string;
  'read-only'?: boolean;
  'no-self-protect'?: boolean;
  'no-color'?: boolean;
  help?: boolean;
  version?: boolean;
}

type OptionToken = { kind: 'option'; name: string; rawName: string; value?: string; inlineValue?: boolean };

/**
 * parseArgs runs lax (strict: false) and each option is checked here, so that every refusal is said in our
 * words: its strict messages advise `-- "--bogus"` for a typo and call `--interval -1` "ambiguous".
 */
function checkOption(token: OptionToken): void {
  const spec = (OPTIONS as Record<string, { type: string; value?: string }>)[token.name];
  if (spec === undefined) throw new UsageError(`unknown option ${token.rawName} ${SEE_HELP}`);
  if (spec.type === 'boolean') {
    if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
    return;
  }
  // `--root --once` would make "--once" the directory; a negative number is a value (and refused later), and
  // so is "-" (stdin, for explain).
  const looksLikeOption = !token.inlineValue && token.value !== undefined && /^-(?!\.?\d|$)/.test(token.value);
  if (token.value === undefined || looksLikeOption) throw new UsageError(`${token.rawName} needs a value: ${token.rawName} ${spec.value}`);
}

function parseInterval(text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds)) throw new UsageError(`--interval: not a number: ${JSON.stringify(text)}`);
  if (seconds <= 0) throw new UsageError(`--interval: must be a positive number of seconds, not ${text}`);
  if (seconds < MIN_INTERVAL_SECONDS || seconds > MAX_INTERVAL_SECONDS) {
    throw new UsageError(`--interval: must be between ${MIN_INTERVAL_SECONDS} and ${MAX_INTERVAL_SECONDS} seconds`);
  }
  return Math.round(seconds * 1000);
}

function parseWidth(text: string | undefined, mode: Mode): number | null {
  if (text === undefined) return null;
  const columns = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!(columns >= MIN_COLUMNS && columns <= MAX_WIDTH)) {
    throw new UsageError(`--width: must be a whole number of columns from ${MIN_COLUMNS} to ${MAX_WIDTH}, not ${JSON.stringify(text)}`);
  }
  // The interactive screen follows its terminal, and JSON has no width: --width there would be ignored.
  if (mode !== 'once') throw new UsageError('--width only applies to --once (the plain-text frame)');
  return columns;
}

/**
 * The --once frame's width: --width, else the terminal's when stdout is one, else $COLUMNS (watch(1) sets
 * it; a shell only when it is exported), else 120. A $COLUMNS that is not a number is ignored.
 */
export function frameColumns(width: number | null, terminalColumns: number | undefined, env: NodeJS.ProcessEnv): number {
  if (width !== null) return width;
  if (terminalColumns !== undefined && terminalColumns > 0) return terminalColumns;
  const fromEnv = /^\s*\d+\s*$/.test(env.COLUMNS ?? '') ? Number(env.COLUMNS) : 0;
  return fromEnv > 0 ? Math.min(MAX_WIDTH, Math.max(MIN_COLUMNS, fromEnv)) : DEFAULT_FRAME_COLUMNS;
}

function chooseMode(values: Values, positionals: string[], stdoutIsTty: boolean): Mode {
  // `explain --help` is help; any other word beside --help or --version is a mistake, not something to drop.
  const extra = values.help && (positionals[0] === 'explain' || DAEMON_MODES.includes(positionals[0] ?? '')) ? positionals[1] : positionals[0];
  if ((values.help || values.version) && extra !== undefined) {
    throw new UsageError(`${values.help ? '--help' : '--version'} takes no argument: ${JSON.stringify(extra)}`);
  }
  if (values.help) return 'help';
  if (values.version) return 'version';
  if (positionals[0] === 'explain') return 'explain';
  if (DAEMON_MODES.includes(positionals[0] ?? '')) {
    if (positionals.length > 1) throw new UsageError(`${positionals[0]} takes no argument: ${JSON.stringify(positionals[1])}`);
    return positionals[0] as Mode;
  }
  if (positionals.length > 0) throw new UsageError(`unknown command: ${JSON.stringify(positionals[0])} ${SEE_HELP}`);
  if (values.json) return 'json';
  if (values.once || !stdoutIsTty) return 'once';
  return 'tui';
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv, stdoutIsTty: boolean): CliOptions {
  const parsed = parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true, options: OPTIONS });
  for (const token of parsed.tokens) if (token.kind === 'option') checkOption(token);
  const values = parsed.values as Values;
  const positionals = parsed.positionals;
  const mode = chooseMode(values, positionals, stdoutIsTty);
  if (mode === 'explain' && positionals.length > 2) throw new UsageError('explain takes at most one FILE');
  if (values.once && values.json) throw new UsageError('--once and --json are exclusive');
  const noColor = values['no-color'] === true || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb';
  return {
    mode,
    rootDir: values.root ?? null,
    kernelLog: values['kernel-log'] ?? null,
    killerLog: values['killer-log'] ?? null,
    intervalMs: parseInterval(values.interval, mode === 'record' || mode === 'serve' ? 5000 : 1000),
    readOnly: values['read-only'] === true,
    selfProtect: values['read-only'] !== true && values['no-self-protect'] !== true,
    color: !noColor,
    explainSource: mode === 'explain' ? (positionals[1] ?? null) : null,
    json: values.json === true,
    width: parseWidth(values.width, mode),
    daemon: daemonOptions(values, mode),
  };
}
