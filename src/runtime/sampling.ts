// Wires the procfs readers into a Sampler for one set of roots.
import { dirname, join } from 'node:path';
import { readKillerSettings, readUnitManagedOom } from '../killers/index.js';
import { readOomPolicy } from '../procfs/oom-policy.js';
import { Sampler, SYSTEM_CLOCK, type Clock } from '../model/sampling/sampler.js';
import { scoreScaleForRelease } from '../model/ranking/killable.js';
import { CAPTURED_TREE_SCAN, LIVE_SCAN, ONE_SHOT_SCAN, type ScanPolicy } from '../model/sampling/scan-policy.js';
import { readSysctl, readUptimeSeconds } from '../procfs/host.js';
import { findMemoryHierarchies } from '../cgroupfs/mounts.js';
import { readAllMemoryCgroups, readCgroupPgscan } from '../cgroupfs/memory-cgroups.js';
import { readMeminfo } from '../procfs/meminfo.js';
import { readOvercommitMemory } from '../procfs/overcommit.js';
import { readMemoryPressure } from '../procfs/pressure.js';
import { readPageSize, readZoneinfo } from '../procfs/zoneinfo.js';
import { isProcfs, openProcessFiles } from '../procfs/pid/open-process-files.js';
import type { Roots } from '../procfs/roots.js';
import { readPasswd } from '../passwd/users.js';
import { readVmstat } from '../procfs/vmstat.js';
import { sanitize } from '../text/sanitize.js';
import type { Snapshot, SnapshotSource } from '../model/snapshot.js';

export interface SamplingOptions {
  roots: Roots;
  intervalMs: number;
  /** passwd(5) for uid → name: /etc/passwd, or the captured tree's etc/passwd. */
  passwdPath: string;
  clock?: Clock;
  /** --once and --json: every sample reads every process's details (ONE_SHOT_SCAN). */
  oneShot?: boolean;
  /** A policy of the caller's own for the live procfs (the recorder's); a captured tree keeps its own. */
  livePolicy?: Readonly<ScanPolicy>;
}

export function createSampler(options: SamplingOptions): Sampler {
  const users = readPasswd(options.passwdPath);
  // Mounts do not change under a running oomlens often enough to look every tick.
  const hierarchies = findMemoryHierarchies(options.roots);
  // The live procfs gets the kept-open readers (openProcessFiles) and the rotating detail slice; a
  // captured tree is read whole every tick, as it is.
  const live = isProcfs(options.roots.proc);
  const unified = hierarchies.find((h) => h.version === 2) ?? null;
  return new Sampler({
    processes: openProcessFiles(options.roots),
    policy: options.oneShot ? ONE_SHOT_SCAN : live ? (options.livePolicy ?? LIVE_SCAN) : CAPTURED_TREE_SCAN,
    system: {
      meminfo: () => readMeminfo(options.roots),
      vmstat: () => readVmstat(options.roots),
      uptimeSeconds: () => readUptimeSeconds(options.roots),
      zoneinfo: () => readZoneinfo(options.roots),
      pressure: () => readMemoryPressure(options.roots),
      overcommit: () => readOvercommitMemory(options.roots),
      cgroups: () => (hierarchies.length === 0 ? null : readAllMemoryCgroups(options.roots)),
      oomPolicy: () => readOomPolicy(options.roots),
      // /etc of the same tree: a capture's killers are read with the capture's configs.
      killerSettings: (killer) => readKillerSettings({ root: dirname(options.roots.proc), proc: options.roots.proc }, killer),
      // The units systemd-oomd is told to watch, from the same tree's unit files.
      unitManagedOom: (unit) => readUnitManagedOom(dirname(options.roots.proc), unit),
      cgroupPgscan: (path) => (unified === null ? null : readCgroupPgscan(unified, path)),
    },
    userName: (uid) => sanitize(users.get(uid) ?? String(uid)),
    clock: options.clock ?? SYSTEM_CLOCK,
    pageSize: readPageSize(options.roots),
    intervalMs: options.intervalMs,
    // The tree's own kernel (a capture names its kernel there too); a tree without the file is guessed.
    scoreScale: scoreScaleForRelease(readSysctl(options.roots, 'kernel/osrelease') ?? ''),
    selfPid: live ? process.pid : null,
  });
}

export function passwdPathFor(rootDir: string | null): string {
  return rootDir === null ? '/etc/passwd' : join(rootDir, 'etc', 'passwd');
}

/** A SnapshotSource over an in-process sampler, for --once and --json (a sampler made `oneShot`). */
export function samplerSource(sampler: Sampler): SnapshotSource {
  return { next: async () => sampler.sample(), focus: (keys) => sampler.focus(keys) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** --once and --json: two samples `intervalMs` apart, so that rates are real. */
export async function twoSamples(source: SnapshotSource, intervalMs: number): Promise<Snapshot> {
  await source.next();
  await sleep(intervalMs);
  return source.next();
}
