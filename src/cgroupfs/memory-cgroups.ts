// Memory cgroups, v1 and v2, read into one shape. A hierarchy is walked top-down with a bound on depth and
// count (a Kubernetes node has thousands of cgroups; one slow tick must not turn into a stall). Cgroups come
// and go while we walk — a container stops, systemd removes a transient scope — so a directory that
// vanishes or cannot be read is skipped, never fatal. A missing file is null: absent, not zero.
import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { findMemoryHierarchies, type MemoryHierarchy } from './mounts.js';
import {
  bytesToKb,
  parseBytes,
  parseMemoryEvents,
  parseOomControl,
  parseProcs,
  parseV1LimitKb,
  parseV2LimitKb,
  parseFlag,
  parseCount,
  parsePgscan,
} from './memory-files.js';
import { readPressureFile, type Pressure } from '../procfs/pressure.js';
import { readTextIfAllowed } from '../procfs/read.js';
import type { Roots } from '../procfs/roots.js';
import type { MemoryCgroup } from './memory-cgroup.js';

export interface WalkLimits {
  /** Levels below the hierarchy root that are visited (the root is depth 0). */
  maxDepth: number;
  /** Directories visited before the walk stops. */
  maxCgroups: number;
}

export const DEFAULT_WALK_LIMITS: WalkLimits = { maxDepth: 32, maxCgroups: 4096 };

export interface MemoryCgroupScan {
  cgroups: MemoryCgroup[];
  /** True when a limit stopped the walk: the list is incomplete. */
  truncated: boolean;
}

/**
 * A cgroup's memory.pressure. Any failure is "no PSI here" (psi=0 fails the read with EOPNOTSUPP), never a
 * reason to lose the cgroup's other figures.
 */
function readPressureOrNull(path: string): Pressure | null {
  try {
    return readPressureFile(path);
  } catch {
    return null;
  }
}

function kbOrNull(text: string | null): number | null {
  const bytes = parseBytes(text);
  return bytes === null ? null : bytesToKb(bytes);
}

function readV2Cgroup(dir: string, path: string): MemoryCgroup | null {
  const file = (name: string) => readTextIfAllowed(join(dir, name));
  // No memory.current: the root (the kernel omits it there) or memory not enabled for this subtree.
  const usageKb = kbOrNull(file('memory.current'));
  const procs = file('cgroup.procs');
  if (usageKb === null || procs === null) return null;
  const eventsText = file('memory.events');
  const localText = file('memory.events.local');
  const events = eventsText === null ? null : parseMemoryEvents(eventsText);
  const pids = parseProcs(procs);
  return {
    path,
    version: 2,
    usageKb,
    limitKb: parseV2LimitKb(file('memory.max')),
    highKb: parseV2LimitKb(file('memory.high')),
    highEvents: events?.high ?? null,
    maxEvents: events?.max ?? null,
    failcnt: null,
    oomGroup: parseFlag(file('memory.oom.group')),
    swapKb: kbOrNull(file('memory.swap.current')),
    swapLimitKb: parseV2LimitKb(file('memory.swap.max')),
    oomKills: events?.oomKill ?? null,
    oomKillsLocal: localText === null ? null : parseMemoryEvents(localText).oomKill,
    oomEvents: events?.oom ?? null,
    oomGroupKills: events?.oomGroupKill ?? null,
    underOom: null,
    oomKillDisabled: null,
    pressure: readPressureOrNull(join(dir, 'memory.pressure')),
    processCount: pids.length,
    pids,
  };
}

/** memsw counts memory + swap; the swap part is the difference (never below 0: usage is batched per cpu). */
function v1Swap(usageKb: number, limitKb: number | null, dir: string) {
  const memswUsageKb = kbOrNull(readTextIfAllowed(join(dir, 'memory.memsw.usage_in_bytes')));
  const memswLimitKb = parseV1LimitKb(readTextIfAllowed(join(dir, 'memory.memsw.limit_in_bytes')));
  return {
    swapKb: memswUsageKb === null ? null : Math.max(0, memswUsageKb - usageKb),
    swapLimitKb: memswLimitKb === null || limitKb === null ? null : Math.max(0, memswLimitKb - limitKb),
  };
}

function readV1Cgroup(dir: string, path: string): MemoryCgroup | null {
  const file = (name: string) => readTextIfAllowed(join(dir, name));
  const usageKb = kbOrNull(file('memory.usage_in_bytes'));
  const procs = file('cgroup.procs');
  if (usageKb === null || procs === null) return null;
  const limitKb = parseV1LimitKb(file('memory.limit_in_bytes'));
  const controlText = file('memory.oom_control');
  const control = controlText === null ? null : parseOomControl(controlText);
  const pids = parseProcs(procs);
  return {
    path,
    version: 1,
    usageKb,
    limitKb,
    highKb: null,
    highEvents: null,
    maxEvents: null,
    failcnt: parseCount(file('memory.failcnt')),
    oomGroup: null,
    ...v1Swap(usageKb, limitKb, dir),
    // v1 counts a kill only in the victim's own cgroup (memcg_memory_event stops at once on v1).
    oomKills: control?.oomKill ?? null,
    oomKillsLocal: control?.oomKill ?? null,
    oomEvents: null,
    oomGroupKills: null,
    underOom: control?.underOom ?? null,
    oomKillDisabled: control?.oomKillDisable ?? null,
    pressure: null,
    processCount: pids.length,
    pids,
  };
}

/** The kernel's name for a directory `relative` below the hierarchy's mount. */
function kernelPathOf(hierarchy: MemoryHierarchy, relative: string): string {
  const joined = posix.join(hierarchy.kernelPath, relative);
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
}

/** One cgroup, or null when it is not a memory cgroup, has vanished, or cannot be read. */
export function readMemoryCgroup(hierarchy: MemoryHierarchy, relative: string): MemoryCgroup | null {
  const dir = join(hierarchy.dir, relative);
  const path = kernelPathOf(hierarchy, relative);
  try {
    return hierarchy.version === 2 ? readV2Cgroup(dir, path) : readV1Cgroup(dir, path);
  } catch {
    return null; // an unexpected read error on one cgroup costs that cgroup, not the scan
  }
}

function childDirectories(dir: string): string[] | null {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return null; // vanished or unreadable: skip it and what is below
  }
}

/**
 * Every memory cgroup of one hierarchy, parents before children, siblings by name. A v2 hierarchy without
 * the memory controller yields nothing (its cgroups have no memory.current).
 */
export function readMemoryCgroups(hierarchy: MemoryHierarchy, limits: WalkLimits = DEFAULT_WALK_LIMITS): MemoryCgroupScan {
  const cgroups: MemoryCgroup[] = [];
  if (!hierarchy.hasMemoryController) return { cgroups, truncated: false };
  const pending: { relative: string; depth: number }[] = [{ relative: '', depth: 0 }];
  let visited = 0;
  let truncated = false;
  while (pending.length > 0) {
    if (visited >= limits.maxCgroups) {
      truncated = true;
      break;
    }
    const { relative, depth } = pending.pop()!;
    visited += 1;
    const cgroup = readMemoryCgroup(hierarchy, relative);
    if (cgroup !== null) cgroups.push(cgroup);
    const children = childDirectories(join(hierarchy.dir, relative));
    if (children === null || children.length === 0) continue;
    if (depth >= limits.maxDepth) {
      truncated = true;
      continue;
    }
    // Reversed onto the stack so that they come off in name order.
    for (const name of children.reverse()) pending.push({ relative: posix.join(relative, name), depth: depth + 1 });
  }
  return { cgroups, truncated };
}

/**
 * memory.pressure of a cgroup in a v2 hierarchy, by kernel path; works without the memory controller
 * (PSI files belong to every non-root v2 cgroup, and to the root). null where the file or cgroup is absent.
 */
export function readCgroupPressure(hierarchy: MemoryHierarchy, path: string): Pressure | null {
  if (hierarchy.version !== 2) return null;
  const relative = posix.relative(hierarchy.kernelPath, path);
  if (relative.startsWith('..')) return null;
  return readPressureOrNull(join(hierarchy.dir, relative, 'memory.pressure'));
}

/**
 * memory.stat `pgscan` of a cgroup in a v2 hierarchy with the memory controller: pages its reclaim has
 * scanned, cumulative. Read apart from the walk (it is the dearest memory file: the kernel flushes its
 * per-CPU statistics first) and only for the cgroups systemd-oomd ranks. null on v1, whose memory.stat has
 * no pgscan (mm/memcontrol-v1.c memcg1_stat_format()), and where the file or the key is absent.
 */
export function readCgroupPgscan(hierarchy: MemoryHierarchy, path: string): number | null {
  if (hierarchy.version !== 2 || !hierarchy.hasMemoryController) return null;
  const relative = posix.relative(hierarchy.kernelPath, path);
  if (relative.startsWith('..')) return null;
  return parsePgscan(readTextIfAllowed(join(hierarchy.dir, relative, 'memory.stat')));
}

/**
 * Every memory cgroup on the host (or capture), v1 and v2 together. On a hybrid host the v1 cgroups borrow
 * memory.pressure from the unified hierarchy at the same path: systemd mirrors its units into both trees.
 */
export function readAllMemoryCgroups(roots: Roots, limits: WalkLimits = DEFAULT_WALK_LIMITS): MemoryCgroupScan {
  const hierarchies = findMemoryHierarchies(roots);
  const unified = hierarchies.find((h) => h.version === 2);
  const cgroups: MemoryCgroup[] = [];
  let truncated = false;
  for (const hierarchy of hierarchies) {
    const scan = readMemoryCgroups(hierarchy, limits);
    truncated ||= scan.truncated;
    for (const cgroup of scan.cgroups) {
      const pressure = cgroup.pressure ?? (unified ? readCgroupPressure(unified, cgroup.path) : null);
      cgroups.push(pressure === cgroup.pressure ? cgroup : { ...cgroup, pressure });
    }
  }
  return { cgroups, truncated };
}
