// Host facts that live in procfs, so that a captured tree (--root) describes its own machine.
import { join } from 'node:path';
import { readTextOrNull } from './read.js';
import type { Roots } from './roots.js';

/** /proc/uptime: "seconds-up idle-seconds". */
export function parseUptime(text: string): number | null {
  const first = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(first) && text.trim() !== '' ? first : null;
}

export function readUptimeSeconds(roots: Roots): number | null {
  const text = readTextOrNull(join(roots.proc, 'uptime'));
  return text === null ? null : parseUptime(text);
}

/** A one-line sysctl such as kernel/hostname or kernel/osrelease, trimmed; null when absent. */
export function readSysctl(roots: Roots, name: string): string | null {
  const text = readTextOrNull(join(roots.proc, 'sys', name));
  return text === null ? null : text.trim();
}
