// Which pids can have appeared since the last readdir of /proc, without another readdir. The kernel hands
// out pids in order (cyclically, up to pid_max), and /proc/loadavg's last field is the last one it handed
// out in the reader's pid namespace. So every process created since a listing has a pid in the range from
// the last pid at that listing (exclusive) to the last pid now: probing those few pids replaces reading a
// directory of 10,000 entries (about 15 ms, nearly all of it the kernel's). A range too large to probe
// cheaply, a wrap past pid_max in a huge range, or a proc mount of another pid namespace: null, list again.
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Roots } from '../roots.js';

/**
 * Pids at the top of the previous range are probed once more: a fork still in progress when they were
 * probed had its pid but was not yet visible in /proc.
 */
export const PROBE_OVERLAP = 16;

export class NewPidWatch {
  private readonly lastPid: () => number | null;
  private readonly pidMax: number;
  private since: number | null = null;

  constructor(roots: Roots) {
    this.lastPid = lastCreatedPid(roots);
    this.pidMax = readPidMax(roots);
  }

  /** Call just before a full listing: the range of the next probe starts here. */
  listed(): void {
    this.since = this.lastPid();
  }

  /**
   * Pids that may belong to processes created since the last listing or probe (threads' ids included:
   * the caller tells them apart), or null when a full listing is needed instead. `maxProbes` bounds the
   * answer: more candidates than that cost more than a listing.
   */
  candidates(maxProbes: number): number[] | null {
    const now = this.lastPid();
    if (now === null || this.since === null) return null;
    if (now === this.since) return [];
    const pids: number[] = [];
    let pid = Math.max(0, this.since - PROBE_OVERLAP);
    while (pid !== now) {
      pid = pid >= this.pidMax - 1 ? 1 : pid + 1;
      pids.push(pid);
      if (pids.length > maxProbes + PROBE_OVERLAP) return null;
    }
    this.since = now;
    return pids;
  }
}

function readPidMax(roots: Roots): number {
  try {
    const value = Number(readFileSync(join(roots.proc, 'sys', 'kernel', 'pid_max'), 'latin1').trim());
    return Number.isInteger(value) && value > 0 ? value : 32768;
  } catch {
    return 32768;
  }
}

/**
 * A reader of /proc/loadavg's last field. Returns null (always "list again") when the reader's pid
 * namespace is not the proc mount's: then the number says nothing about the pids this mount lists.
 */
function lastCreatedPid(roots: Roots): () => number | null {
  let sameNamespace = false;
  try {
    sameNamespace = readlinkSync(join(roots.proc, 'self')) === String(process.pid);
  } catch {
    // No self link: not a live procfs of ours.
  }
  if (!sameNamespace) return () => null;
  const file = join(roots.proc, 'loadavg');
  return () => {
    try {
      const fields = readFileSync(file, 'latin1').trim().split(' ');
      const pid = Number(fields[fields.length - 1]);
      return Number.isInteger(pid) ? pid : null;
    } catch {
      return null;
    }
  };
}
