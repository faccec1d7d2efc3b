// Whether this user sees every process. With /proc mounted hidepid=1/2 (or invisible/noaccess on 5.8+),
// other users' processes are hidden or unreadable, and the kill list would silently be a partial one: the
// "next victim" could be a process nobody sees.
import { join } from 'node:path';
import { parseMountinfo } from '../cgroupfs/mounts.js';
import { readTextOrNull } from './read.js';
import type { Roots } from './roots.js';

export interface ProcVisibility {
  /** hidepid as mounted: 0 (off), 1 (noaccess), 2 (invisible), 4 (ptraceable); null when unknown. */
  hidepid: number | null;
  /** The gid exempt from hidepid (mount option gid=), or null. */
  exemptGid: number | null;
}

const HIDEPID_WORDS: Record<string, number> = { off: 0, noaccess: 1, invisible: 2, ptraceable: 4 };

export function parseProcVisibility(mountinfoText: string, procMountPoint = '/proc'): ProcVisibility {
  // The last mount at the path is the one on top (a container or unshare may mount a new /proc over it).
  const proc = parseMountinfo(mountinfoText).filter((m) => m.fsType === 'proc' && m.mountPoint === procMountPoint).at(-1);
  if (proc === undefined) return { hidepid: null, exemptGid: null };
  const options = new Map<string, string>();
  for (const option of proc.superOptions) {
    const [key, value = ''] = option.split('=');
    options.set(key ?? '', value);
  }
  const hide = options.get('hidepid');
  const hidepid = hide === undefined ? 0 : (HIDEPID_WORDS[hide] ?? (/^\d+$/.test(hide) ? Number(hide) : null));
  const gid = options.get('gid');
  return { hidepid, exemptGid: gid === undefined ? null : Number(gid) };
}

export function readProcVisibility(roots: Roots): ProcVisibility {
  const text = readTextOrNull(join(roots.proc, 'self', 'mountinfo'));
  return text === null ? { hidepid: null, exemptGid: null } : parseProcVisibility(text, roots.proc);
}

/** A sentence when this user cannot see everyone's processes; null when they can (or it is unknown). */
export function limitedViewNotice(visibility: ProcVisibility, uid: number, groups: readonly number[]): string | null {
  if (uid === 0 || visibility.hidepid === null || visibility.hidepid === 0) return null;
  if (visibility.exemptGid !== null && groups.includes(visibility.exemptGid)) return null;
  return `showing only the processes you may see: /proc is mounted hidepid=${visibility.hidepid}; run as root to see all`;
}
