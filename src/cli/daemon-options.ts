// The values of the daemon modes' options (record, replay, serve), each refused in our words: --listen
// HOST:PORT, --keep DURATION, --max-size SIZE, --at TIME. Pure, like options.ts.
import { homedir } from 'node:os';
import { UsageError } from './usage-error.js';
import type { ListenAddress } from '../exporter/server.js';
import { oomlensStateDir } from '../model/state-dir.js';

/** Where recordings live: /var/lib/oomlens for root (the systemd unit's StateDirectory), else the XDG state dir. */
export function defaultRecordingDir(uid: number | undefined = process.getuid?.(), env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  return uid === 0 ? '/var/lib/oomlens' : oomlensStateDir(env, home);
}

/** HOST:PORT, [IPv6]:PORT; port 0 lets the kernel pick (the bound address is printed). */
export function parseListen(text: string): ListenAddress {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(text);
  if (match === null) throw new UsageError(`--listen: expected HOST:PORT (e.g. 127.0.0.1:9713 or [::1]:9713), not ${JSON.stringify(text)}`);
  const port = Number(match[3]);
  if (port > 65535) throw new UsageError(`--listen: port must be 0 to 65535, not ${match[3]}`);
  return { host: match[1] ?? match[2]!, port };
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 };

/** 90m, 48h, 7d (a bare number is hours); at least one minute. */
export function parseDuration(text: string, option: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/.exec(text);
  if (match === null) throw new UsageError(`${option}: expected a duration like 90m, 48h or 7d, not ${JSON.stringify(text)}`);
  const ms = Number(match[1]) * DURATION_UNITS[match[2] || 'h']!;
  if (ms < 60_000) throw new UsageError(`${option}: must be at least one minute`);
  return ms;
}

const SIZE_UNITS: Record<string, number> = { '': 1 << 20, k: 1 << 10, m: 1 << 20, g: 1 << 30, t: 2 ** 40 };

/** 512M, 2G (a bare number is MiB); at least 1 MiB. */
export function parseSize(text: string, option: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (match === null) throw new UsageError(`${option}: expected a size like 256M or 2G, not ${JSON.stringify(text)}`);
  const bytes = Math.round(Number(match[1]) * SIZE_UNITS[match[2]!.toLowerCase()]!);
  if (bytes < 1 << 20) throw new UsageError(`${option}: must be at least 1M`);
  return bytes;
}

/**
 * --at: an ISO time (2025-11-21T22:50:10Z, or local without a zone), `HH:MM[:SS]` today (local), or
 * `-10m` (that long before now). Returns wall ms.
 */
export function parseAt(text: string, nowMs: number = Date.now()): number {
  const ago = /^-(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (ago !== null) return nowMs - Number(ago[1]) * DURATION_UNITS[ago[2]!]!;
  const clock = /^(\d{1,2}):(\d\d)(?::(\d\d))?$/.exec(text.trim());
  if (clock !== null) {
    const day = new Date(nowMs);
    day.setHours(Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0), 0);
    if (Number(clock[1]) < 24 && Number(clock[2]) < 60) return day.getTime();
  }
  const parsed = /^\d{4}-\d\d-\d\d/.test(text.trim()) ? Date.parse(text.trim()) : NaN;
  if (!Number.isFinite(parsed)) throw new UsageError(`--at: expected a time like 2025-11-21T22:50:10Z, 22:50 or -10m, not ${JSON.stringify(text)}`);
  return parsed;
}
