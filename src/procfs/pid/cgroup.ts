// /proc/PID/cgroup: "hierarchy-id:controllers:path" per line. cgroup v2 is the line "0::/path"; v1 has
// one line per mounted hierarchy ("4:memory:/docker/abc…"). Both appear on hybrid hosts.

export interface CgroupMembership {
  hierarchyId: number;
  controllers: string[];
  path: string;
}

export function parseCgroupFile(text: string): CgroupMembership[] {
  const memberships: CgroupMembership[] = [];
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first <= 0 || second < 0) continue;
    const hierarchyId = Number(line.slice(0, first));
    if (!Number.isInteger(hierarchyId)) continue;
    const controllers = line.slice(first + 1, second);
    memberships.push({
      hierarchyId,
      controllers: controllers === '' ? [] : controllers.split(','),
      path: line.slice(second + 1),
    });
  }
  return memberships;
}

/** The unified (v2) path, if the process is in a v2 hierarchy. */
export function unifiedPath(memberships: CgroupMembership[]): string | null {
  return memberships.find((m) => m.hierarchyId === 0 && m.controllers.length === 0)?.path ?? null;
}

/** The v1 memory controller path, if mounted. */
export function memoryV1Path(memberships: CgroupMembership[]): string | null {
  return memberships.find((m) => m.controllers.includes('memory'))?.path ?? null;
}

/**
 * The path that best names where a process lives: the first of the systemd hierarchy (v1 name=systemd),
 * the unified hierarchy and the v1 memory controller that says more than "/". Hybrid hosts often keep
 * everything at "/" in one hierarchy while another has the service or container.
 */
export function primaryCgroupPath(memberships: CgroupMembership[]): string | null {
  const systemd = memberships.find((m) => m.controllers.includes('name=systemd'))?.path ?? null;
  const candidates = [systemd, unifiedPath(memberships), memoryV1Path(memberships), memberships[0]?.path ?? null];
  const known = candidates.filter((path): path is string => path !== null);
  return known.find((path) => path !== '/') ?? known[0] ?? null;
}

/**
 * A container's or sandbox's id: 64 hex digits for docker, containerd, CRI-O and podman (bare or as
 * `docker-ID.scope`, `cri-containerd-ID.scope`), 32 for others (a Firecracker sandbox, a machine id).
 */
const CONTAINER_ID = /(?:^|[-_:])([0-9a-f]{32}|[0-9a-f]{64})(?:\.scope)?$/;

/**
 * A short label for a cgroup path: a container's id (its first 12 hex digits, as docker ps shows it), a
 * systemd unit, or the last path component. "/" stays "/".
 */
export function cgroupLabel(path: string): string {
  const parts = path.split('/').filter((part) => part !== '');
  const last = parts.at(-1);
  if (last === undefined) return '/';
  const container = CONTAINER_ID.exec(last);
  if (container) return container[1]!.slice(0, 12);
  return last;
}
