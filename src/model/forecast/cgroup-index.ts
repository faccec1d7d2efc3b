// The cgroup tree of one snapshot, for walks up (the limits on a path) and down (a subtree's processes)
// without scanning the whole list per cgroup: hosts with Kubernetes have thousands of cgroups.
import { posix } from 'node:path';
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';

const keyOf = (version: number, path: string) => `v${version}:${path}`;

export class CgroupIndex {
  private readonly byKey = new Map<string, MemoryCgroup>();
  private readonly children = new Map<string, MemoryCgroup[]>();

  constructor(cgroups: readonly MemoryCgroup[]) {
    for (const cgroup of cgroups) this.byKey.set(keyOf(cgroup.version, cgroup.path), cgroup);
    for (const cgroup of cgroups) {
      if (cgroup.path === '/') continue;
      const parent = keyOf(cgroup.version, posix.dirname(cgroup.path));
      const siblings = this.children.get(parent);
      if (siblings === undefined) this.children.set(parent, [cgroup]);
      else siblings.push(cgroup);
    }
  }

  get(version: number, path: string): MemoryCgroup | null {
    return this.byKey.get(keyOf(version, path)) ?? null;
  }

  /** The cgroup and its ancestors that the walk saw, nearest first. */
  ancestorsOrSelf(cgroup: MemoryCgroup): MemoryCgroup[] {
    const chain: MemoryCgroup[] = [cgroup];
    let path = cgroup.path;
    while (path !== '/') {
      path = posix.dirname(path);
      const parent = this.get(cgroup.version, path);
      if (parent !== null) chain.push(parent);
    }
    return chain;
  }

  /** The cgroup and every descendant: the kernel's scan set for its OOM (mem_cgroup_scan_tasks()). */
  subtree(cgroup: MemoryCgroup): MemoryCgroup[] {
    const found: MemoryCgroup[] = [];
    const pending = [cgroup];
    while (pending.length > 0) {
      const next = pending.pop()!;
      found.push(next);
      pending.push(...(this.children.get(keyOf(next.version, next.path)) ?? []));
    }
    return found;
  }
}
