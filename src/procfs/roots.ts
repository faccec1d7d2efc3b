// Where the kernel's files live. `--root DIR` points both at a captured tree (a sosreport, a fixture).
import { join } from 'node:path';

export interface Roots {
  /** The procfs mount, normally /proc. */
  proc: string;
  /** The sysfs mount, normally /sys. */
  sys: string;
}

export const LIVE_ROOTS: Roots = { proc: '/proc', sys: '/sys' };

export function rootsUnder(dir: string): Roots {
  return { proc: join(dir, 'proc'), sys: join(dir, 'sys') };
}
