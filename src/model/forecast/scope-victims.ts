// Whom a memory cgroup's OOM kills: the top of the kernel's ranking inside that cgroup
// (ranking/cgroup-ranking.ts cgroupOomVictim, the first of rankForCgroupOom's order: oom_badness() against
// the cgroup's budget), widened to a whole group where memory.oom.group says so: mm/oom_kill.c oom_kill_process() asks mm/memcontrol.c
// mem_cgroup_get_oom_group() on every kill, global ones included, which walks from the victim's cgroup up to
// the OOM domain (the root for a global OOM) and takes the highest cgroup with oom.group set;
// oom_kill_memcg_member() then kills every task in it except those at oom_score_adj -1000.
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import { OOM_SCORE_ADJ_MIN } from '../../procfs/pid/oom.js';
import { cgroupOomTotalKb, cgroupOomVictim } from '../ranking/cgroup-ranking.js';
import type { ProcessRow } from '../snapshot.js';
import type { CgroupIndex } from './cgroup-index.js';
import type { VictimRef } from './types.js';

/** The processes by pid (forecast-memo.ts keeps it from tick to tick). */
export type RowLookup = Pick<ReadonlyMap<number, ProcessRow>, 'get'>;

function ref(row: ProcessRow): VictimRef {
  return { pid: row.pid, name: row.name };
}

function killableRows(cgroups: readonly MemoryCgroup[], rowsByPid: RowLookup): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const cgroup of cgroups) {
    for (const pid of cgroup.pids) {
      const row = rowsByPid.get(pid);
      if (row !== undefined && !row.kernelThread) rows.push(row);
    }
  }
  return rows;
}

/**
 * The highest cgroup with oom.group set between the victim's cgroup and the domain (both included); a null
 * domain is the root (a global OOM). memory.oom.group is a v2 file: a global OOM looks in the v2 tree.
 */
function oomGroupOf(victim: ProcessRow, domain: MemoryCgroup | null, index: CgroupIndex): MemoryCgroup | null {
  const own = victim.memoryCgroup === null ? null : index.get(domain?.version ?? 2, victim.memoryCgroup);
  if (own === null) return null;
  let group: MemoryCgroup | null = null;
  for (const cgroup of index.ancestorsOrSelf(own)) {
    if (cgroup.oomGroup === true) group = cgroup;
    if (cgroup.path === domain?.path) break;
  }
  return group;
}

/** The victim of an OOM in `domain` (null: a global OOM), and everyone its memory.oom.group takes along. */
export function withOomGroup(
  victim: ProcessRow,
  domain: MemoryCgroup | null,
  index: CgroupIndex,
  rowsByPid: RowLookup,
): VictimRef[] {
  const group = oomGroupOf(victim, domain, index);
  if (group === null) return [ref(victim)];
  const members = killableRows(index.subtree(group), rowsByPid).filter((row) => row.oomScoreAdj !== OOM_SCORE_ADJ_MIN);
  return [ref(victim), ...members.filter((row) => row.pid !== victim.pid).map(ref)];
}

/** The processes that die when `domain` hits its limit, the one the kernel picks first; [] when none. */
export function domainVictims(
  domain: MemoryCgroup,
  index: CgroupIndex,
  rowsByPid: RowLookup,
  swapTotalKb: number,
): VictimRef[] {
  const totalKb = cgroupOomTotalKb(domain, swapTotalKb);
  if (totalKb === null) return [];
  const top = cgroupOomVictim(killableRows(index.subtree(domain), rowsByPid), totalKb);
  return top === null ? [] : withOomGroup(top, domain, index, rowsByPid);
}
