// The cgroups systemd-oomd watches and may pick, from the cgroup walk. systemd-oomd runs only on the unified
// hierarchy (src/oom/oomd.c refuses to start without it), so only v2 cgroups count. A cgroup is a unit's own
// when its last path component names a unit (foo.service, app.slice; the root is -.slice): that unit's
// ManagedOOM*= settings say whether oomd watches it. Every other v2 cgroup is still a possible pick below
// a watched one (oomd-forecast.ts oomdCandidates), with its own figures.
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import { oomdCgroupSettings, unitsOfCgroup, type OomdCgroup, type UnitManagedOom } from '../../killers/index.js';

/** The unit whose own cgroup `path` is, or null (a container's or a delegated subtree's cgroup). */
function unitOwning(path: string): string | null {
  const units = unitsOfCgroup(path);
  if (path === '/') return units[0]!;
  return units.length > 1 && path.endsWith(`/${units[units.length - 1]}`) ? units[units.length - 1]! : null;
}

export function oomdCgroups(cgroups: readonly MemoryCgroup[], unitSettings: (unit: string) => UnitManagedOom | null): OomdCgroup[] {
  const found: OomdCgroup[] = [];
  for (const cgroup of cgroups) {
    if (cgroup.version !== 2) continue;
    const unit = unitOwning(cgroup.path);
    const settings = unit === null ? null : unitSettings(unit);
    found.push({
      path: cgroup.path,
      ...(settings === null ? { managed: [] } : oomdCgroupSettings(settings)),
      pressureFullAvg10: cgroup.pressure?.full?.avg10 ?? null,
      swapKb: cgroup.swapKb,
      usageKb: cgroup.usageKb,
      oomGroup: cgroup.oomGroup === true,
    });
  }
  return found;
}
