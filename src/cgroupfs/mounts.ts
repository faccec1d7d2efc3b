// Where the memory cgroup hierarchies are mounted. Hosts come in three shapes: pure cgroup v2 (one cgroup2
// mount, usually /sys/fs/cgroup), pure v1 (a `cgroup` mount with the `memory` option, usually
// /sys/fs/cgroup/memory) and hybrid (v1 memory plus a cgroup2 mount at /sys/fs/cgroup/unified that holds no
// memory controller but still has memory.pressure per cgroup). Both versions may be present at once.
//
// /proc/self/mountinfo is the truth (it also gives the mount's root inside the hierarchy, which matters in
// containers that bind-mount a subtree); /proc/mounts is the fallback for captures without it; a captured
// tree with neither gets the usual mount points probed.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readTextOrNull } from '../procfs/read.js';
import type { Roots } from '../procfs/roots.js';

/** One line of mountinfo or /proc/mounts, reduced to what cgroup discovery needs. */
export interface MountEntry {
  /** Where it is mounted, as the host sees it (escapes decoded). */
  mountPoint: string;
  /** The directory of the filesystem that is mounted there ("/" for a whole hierarchy). */
  root: string;
  fsType: string;
  /** Superblock options: for cgroup v1 these name the controllers ("rw,memory"). */
  superOptions: string[];
  /** major:minor, the identity of the hierarchy; null from /proc/mounts. */
  device: string | null;
}

export interface MemoryHierarchy {
  version: 1 | 2;
  /** The directory to read, re-based under the given roots (so a --root capture reads its own copy). */
  dir: string;
  /**
   * The kernel's name for `dir` inside the hierarchy: "/" for a normal mount, "/docker/abc…" when a
   * container bind-mounts a subtree. Cgroup paths are this joined with the path below `dir`, which is how
   * /proc/PID/cgroup names them.
   */
  kernelPath: string;
  /** v1: always true. v2: cgroup.controllers lists `memory` (a hybrid host's unified mount often does not). */
  hasMemoryController: boolean;
}

/** Mountinfo and /proc/mounts escape space, tab, newline and backslash as \ooo octal. */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * /proc/PID/mountinfo: "id parent major:minor root mountpoint opts [optional…] - fstype source superopts".
 * The optional fields vary in number, so the line is split at the lone "-".
 */
export function parseMountinfo(text: string): MountEntry[] {
  const mounts: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const separator = fields.indexOf('-', 6);
    if (separator < 0 || fields.length < separator + 4) continue;
    mounts.push({
      device: fields[2]!,
      root: unescapeMountField(fields[3]!),
      mountPoint: unescapeMountField(fields[4]!),
      fsType: fields[separator + 1]!,
      superOptions: fields[separator + 3]!.split(','),
    });
  }
  return mounts;
}

/** /proc/mounts: "source mountpoint fstype options 0 0". It has no root field, so root is taken as "/". */
export function parseProcMounts(text: string): MountEntry[] {
  const mounts: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4) continue;
    mounts.push({
      device: null,
      root: '/',
      mountPoint: unescapeMountField(fields[1]!),
      fsType: fields[2]!,
      superOptions: fields[3]!.split(','),
    });
  }
  return mounts;
}

/**
 * A host mount point as a path under `roots`. Mount points under /sys follow roots.sys; anything else (old
 * distributions mounted cgroups at /cgroup or /dev/cgroup) goes under the directory that holds roots.sys,
 * which is "/" live and the capture's top with --root.
 */
export function rebaseMountPoint(mountPoint: string, roots: Roots): string {
  if (mountPoint === '/sys' || mountPoint.startsWith('/sys/')) return join(roots.sys, mountPoint.slice(4));
  return join(dirname(roots.sys), mountPoint);
}

/**
 * A mount made outside this process's cgroup namespace shows a root like "/../../x": there is no name for
 * it from here, so the mount point counts as "/".
 */
function kernelPathOfRoot(root: string): string {
  return root.startsWith('/..') || root === '' ? '/' : root;
}

/** cgroup.controllers is one line of controller names ("cpuset cpu io memory pids"). */
export function listsMemoryController(controllersText: string | null): boolean {
  return controllersText !== null && controllersText.trim().split(/\s+/).includes('memory');
}

function readControllers(dir: string): string | null {
  try {
    return readTextOrNull(join(dir, 'cgroup.controllers'));
  } catch {
    return null;
  }
}

/** The memory hierarchies among `mounts`, one per hierarchy, keeping the first mount of each. */
export function memoryHierarchiesFromMounts(mounts: readonly MountEntry[], roots: Roots): MemoryHierarchy[] {
  const hierarchies: MemoryHierarchy[] = [];
  const seen = new Set<string>();
  for (const mount of mounts) {
    const isV1Memory = mount.fsType === 'cgroup' && mount.superOptions.includes('memory');
    if (!isV1Memory && mount.fsType !== 'cgroup2') continue;
    // The same hierarchy can be mounted twice (bind mounts, container runtimes): read it once.
    const identity = mount.device ?? `${mount.fsType}:${isV1Memory ? 'memory' : ''}`;
    if (seen.has(identity)) continue;
    const dir = rebaseMountPoint(mount.mountPoint, roots);
    // A capture's mountinfo may name mounts whose files were not captured.
    if (!existsSync(dir)) continue;
    seen.add(identity);
    hierarchies.push({
      version: isV1Memory ? 1 : 2,
      dir,
      kernelPath: kernelPathOfRoot(mount.root),
      hasMemoryController: isV1Memory || listsMemoryController(readControllers(dir)),
    });
  }
  return hierarchies;
}

/** For captures without mountinfo: the mount points every mainstream distribution uses. */
export function probeMemoryHierarchies(roots: Roots): MemoryHierarchy[] {
  const cgroupDir = join(roots.sys, 'fs', 'cgroup');
  const hierarchies: MemoryHierarchy[] = [];
  const v1 = join(cgroupDir, 'memory');
  if (existsSync(join(v1, 'memory.usage_in_bytes'))) {
    hierarchies.push({ version: 1, dir: v1, kernelPath: '/', hasMemoryController: true });
  }
  for (const v2 of [cgroupDir, join(cgroupDir, 'unified')]) {
    const controllers = readControllers(v2);
    if (controllers === null) continue;
    hierarchies.push({
      version: 2,
      dir: v2,
      kernelPath: '/',
      hasMemoryController: listsMemoryController(controllers),
    });
  }
  return hierarchies;
}

function readMountTable(roots: Roots): MountEntry[] | null {
  const mountinfo = readTextOrNull(join(roots.proc, 'self', 'mountinfo'));
  if (mountinfo !== null) return parseMountinfo(mountinfo);
  const procMounts = readTextOrNull(join(roots.proc, 'mounts'));
  return procMounts === null ? null : parseProcMounts(procMounts);
}

/**
 * The cgroup hierarchies that can tell us about memory: every v1 `memory` mount and every cgroup2 mount
 * (check hasMemoryController before reading memory.* files from a v2 one). Empty on a host without cgroups.
 */
export function findMemoryHierarchies(roots: Roots): MemoryHierarchy[] {
  let mounts: MountEntry[] | null = null;
  try {
    mounts = readMountTable(roots);
  } catch {
    mounts = null; // unreadable mount table: probing still works
  }
  const found = mounts === null ? [] : memoryHierarchiesFromMounts(mounts, roots);
  return found.length > 0 ? found : probeMemoryHierarchies(roots);
}
