// The kill list of one cgroup, ranked the way the kernel ranks inside that cgroup's OOM: oom_badness
// against the budget of the nearest limited cgroup (itself or an ancestor), not against the machine.
import { formatKbInline } from '../../text/units.js';
import { cgroupOomTotalKb, oomDomainFor, pidsInSubtree, rankForCgroupOom } from './cgroup-ranking.js';
import { cgroupKey } from '../../cgroupfs/memory-cgroup.js';
import type { ProcessRow, Snapshot } from '../snapshot.js';
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';

export interface CgroupScope {
  /** cgroupKey(): version + path. */
  key: string;
}

export interface ScopedList {
  cgroup: MemoryCgroup;
  /** The limited cgroup whose OOM would pick among these processes; null: only a global OOM can. */
  domain: MemoryCgroup | null;
  /**
   * Processes of the cgroup and its descendants, highest badness first; SCORE and killRank are the
   * in-cgroup ones (without a limit: the machine's).
   */
  rows: ProcessRow[];
  /** One line saying what the list is. */
  title: string;
}

export function findCgroup(snapshot: Snapshot | null, key: string): MemoryCgroup | null {
  return snapshot?.cgroups?.list.find((cgroup) => cgroupKey(cgroup) === key) ?? null;
}

export function scopedList(snapshot: Snapshot, scope: CgroupScope): ScopedList | null {
  const cgroups = snapshot.cgroups?.list ?? [];
  const cgroup = findCgroup(snapshot, scope.key);
  if (cgroup === null) return null;
  const pids = new Set(pidsInSubtree(cgroup, cgroups));
  const members = snapshot.processes.filter((row) => pids.has(row.pid) && !row.kernelThread);
  const domain = oomDomainFor(cgroup, cgroups);
  const totalKb = domain === null ? null : cgroupOomTotalKb(domain, snapshot.memory?.swapTotalKb ?? 0);
  if (domain === null || totalKb === null) {
    return {
      cgroup,
      domain: null,
      rows: members,
      title: `cgroup ${cgroup.path}: no limit here or above, only a global OOM kills here (ranked by oom_score)`,
    };
  }
  const candidates = members.map((row) => ({ ...row, oomScoreAdj: row.oomScoreAdj ?? 0 }));
  const ranked = rankForCgroupOom(candidates, totalKb);
  const rankedPids = new Set(ranked.map((r) => r.process.pid));
  const unkillable = members.filter((row) => !rankedPids.has(row.pid)).map((row) => ({ ...row, oomScore: 0, killRank: null }));
  const where = domain.path === cgroup.path ? 'its' : `${domain.path}'s`;
  return {
    cgroup,
    domain,
    rows: [...ranked.map((r, index) => ({ ...r.process, oomScoreAdj: r.process.oomScoreAdj, oomScore: r.score, killRank: index + 1 })), ...unkillable],
    title: `cgroup ${cgroup.path}: ranked as its OOM would rank them, against ${where} limit of ${formatKbInline(domain.limitKb)}`,
  };
}
