// The command line of the daemon modes: `record`, `replay`, `serve`, and `explain --dir`. Their options,
// their help, and which option goes with which mode (a misplaced one is refused, not ignored).
import { parseAt, parseDuration, parseListen, parseSize } from './daemon-options.js';
import { UsageError } from './usage-error.js';
import type { ListenAddress } from '../exporter/server.js';

export const DEFAULT_KEEP_MS = 48 * 3600_000;
export const DEFAULT_MAX_BYTES = 256 << 20;

export const DAEMON_HELP = `  oomlens record              flight recorder, no screen: samples every --interval
                              (default 5 s; 1 s while a kill is predicted within
                              3 min) into a bounded history, and writes an incident
                              bundle per OOM kill with the minutes before it
    --dir DIR                 where (default /var/lib/oomlens as root, else
                              $XDG_STATE_HOME/oomlens)
    --keep DURATION           drop history older than this (default 48h)
    --max-size SIZE           keep the history under this size (default 256M)
    --listen HOST:PORT        also serve Prometheus /metrics there
  oomlens replay              the screen over a recording, read-only (--dir DIR;
                              --at TIME: 2025-11-21T22:50:10Z, 22:50 or -10m);
                              <- -> a sample, [ ] the previous/next kill
  oomlens serve --listen HOST:PORT
                              Prometheus /metrics: kills, forecasts, headroom,
                              pressure (listens only where told)
`;

export const DAEMON_OPTIONS = {
  dir: { type: 'string', value: 'DIR' },
  listen: { type: 'string', value: 'HOST:PORT' },
  at: { type: 'string', value: 'TIME' },
  keep: { type: 'string', value: 'DURATION' },
  'max-size': { type: 'string', value: 'SIZE' },
} as const;

export interface DaemonValues {
  dir?: string;
  listen?: string;
  at?: string;
  keep?: string;
  'max-size'?: string;
}

export interface DaemonOptions {
  /** --dir; null: the default recording directory. */
  dir: string | null;
  listen: ListenAddress | null;
  /** replay --at, wall ms; null: the newest sample. */
  atMs: number | null;
  keepMs: number;
  maxBytes: number;
}

/** Which modes take each option. */
const WHERE: Record<keyof DaemonValues, readonly string[]> = {
  dir: ['record', 'replay', 'explain'],
  listen: ['record', 'serve'],
  at: ['replay'],
  keep: ['record'],
  'max-size': ['record'],
};

export function daemonOptions(values: DaemonValues, mode: string): DaemonOptions {
  if (mode !== 'help' && mode !== 'version') {
    for (const [option, modes] of Object.entries(WHERE)) {
      if (values[option as keyof DaemonValues] !== undefined && !modes.includes(mode)) {
        throw new UsageError(`--${option} only applies to ${modes.map((m) => `oomlens ${m}`).join(', ')}`);
      }
    }
  }
  if (mode === 'serve' && values.listen === undefined) {
    throw new UsageError('serve needs --listen HOST:PORT (it listens only where told; e.g. --listen 127.0.0.1:9713)');
  }
  if (values.dir !== undefined && values.dir.trim() === '') throw new UsageError('--dir: needs a directory');
  return {
    dir: values.dir ?? null,
    listen: values.listen === undefined ? null : parseListen(values.listen),
    atMs: values.at === undefined ? null : parseAt(values.at),
    keepMs: values.keep === undefined ? DEFAULT_KEEP_MS : parseDuration(values.keep, '--keep'),
    maxBytes: values['max-size'] === undefined ? DEFAULT_MAX_BYTES : parseSize(values['max-size'], '--max-size'),
  };
}
