// A forecast scope's short name for one-line summaries: the unit or container a cgroup path ends in, as
// the kill list's CGROUP column names a process's (procfs/pid/cgroup.ts cgroupLabel), or "the box".
import { cgroupLabel } from '../../procfs/pid/cgroup.js';
import { sanitize } from '../../text/sanitize.js';

/** "app.service", "4c6b7a1d2e3f" (a container), "oomprobe"; "the box" for the global scope (null). */
export function scopeLabel(cgroupPath: string | null): string {
  return cgroupPath === null ? 'the box' : sanitize(cgroupLabel(cgroupPath));
}
