// The cgroup view's two orders: which memory cgroups are worth a row (and which is closest to its wall), and
// who the kernel kills when one of them hits its limit. Inside a cgroup OOM the kernel runs the same
// oom_badness() as for a global OOM, but against the cgroup's own budget (mm/oom_kill.c in Linux 6.8:
// constrained_alloc() sets totalpages to mem_cgroup_get_max() for a memcg OOM): that is why
// /proc/PID/oom_score, always computed against the whole machine, misranks processes of a limited cgroup
// whenever oom_score_adj is not 0.
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import { OOM_SCORE_ADJ_MIN } from '../../procfs/pid/oom.js';

/** usage / limit, or null for an unlimited cgroup. */
export function usageOfLimit(cgroup: Pick<MemoryCgroup, 'usageKb' | 'limitKb'>): number | null {
  if (cgroup.limitKb === null) return null;
  return cgroup.limitKb === 0 ? 1 : cgroup.usageKb / cgroup.limitKb;
}

function closestToLimitFirst(a: MemoryCgroup, b: MemoryCgroup): number {
  const fractionA = usageOfLimit(a);
  const fractionB = usageOfLimit(b);
  if (fractionA !== null && fractionB !== null && fractionA !== fractionB) return fractionB - fractionA;
  if (fractionA === null && fractionB !== null) return 1;
  if (fractionA !== null && fractionB === null) return -1;
  return b.usageKb - a.usageKb || a.version - b.version || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

/**
 * The cgroups the view lists: those with a limit (they can OOM on their own) or with processes of their own
 * (somewhere the user's processes live). Limited ones come first, nearest their limit first; unlimited ones
 * follow, biggest first.
 */
export function cgroupsToList(cgroups: readonly MemoryCgroup[]): MemoryCgroup[] {
  return cgroups.filter((c) => c.limitKb !== null || c.processCount > 0).sort(closestToLimitFirst);
}

function isSelfOrDescendant(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(ancestor === '/' ? '/' : `${ancestor}/`);
}

/** Pids of a cgroup and everything below it (in the same hierarchy): the kernel's scan set for its OOM. */
export function pidsInSubtree(cgroup: Pick<MemoryCgroup, 'path' | 'version'>, cgroups: readonly MemoryCgroup[]): number[] {
  const pids = new Set<number>();
  for (const other of cgroups) {
    if (other.version === cgroup.version && isSelfOrDescendant(other.path, cgroup.path)) {
      for (const pid of other.pids) pids.add(pid);
    }
  }
  return [...pids].sort((a, b) => a - b);
}

/**
 * The cgroup whose limit a cgroup's processes run into: itself if limited, else its nearest limited
 * ancestor (a child of a limited slice OOMs at the slice). null when nothing above it is limited — then
 * only a global OOM can kill there, and the global ranking (oom_score) applies.
 */
export function oomDomainFor(
  cgroup: Pick<MemoryCgroup, 'path' | 'version'>,
  cgroups: readonly MemoryCgroup[],
): MemoryCgroup | null {
  let best: MemoryCgroup | null = null;
  for (const other of cgroups) {
    if (other.version !== cgroup.version || other.limitKb === null) continue;
    if (!isSelfOrDescendant(cgroup.path, other.path)) continue;
    if (best === null || other.path.length > best.path.length) best = other;
  }
  return best;
}

/**
 * mem_cgroup_get_max() in KiB: the memory limit plus the swap the cgroup may use, capped by the swap that
 * exists (v2: memory.swap.max; v1: memsw.limit − limit; no swap limit: all of it). The kernel adds no swap
 * when the cgroup's swappiness is 0; we do not read swappiness, so such a cgroup gets a larger total (only
 * matters on hosts with swap). null for an unlimited cgroup.
 */
export function cgroupOomTotalKb(
  cgroup: Pick<MemoryCgroup, 'limitKb' | 'swapLimitKb'>,
  totalSwapKb: number,
): number | null {
  if (cgroup.limitKb === null) return null;
  return cgroup.limitKb + Math.min(cgroup.swapLimitKb ?? totalSwapKb, totalSwapKb);
}

/** What the ranking needs to know of a process; fed from the sampler's per-process rows. */
export interface CgroupOomCandidate {
  pid: number;
  oomScoreAdj: number;
  /** RssAnon + RssFile + RssShmem (VmRSS); null when the process has no mm (kernel thread, exited). */
  rssKb: number | null;
  /** VmSwap; null counts as 0. */
  swapKb: number | null;
  /** VmPTE (page tables); null counts as 0 (kernels before 4.15 counted only PTE/PMD pages anyway). */
  pgtablesKb: number | null;
}

export interface CgroupOomRank<T extends CgroupOomCandidate> {
  process: T;
  /** oom_badness() in pages: rss + swap + page tables + adj × (total pages / 1000). Highest dies first. */
  points: number;
  /** points × 1000 / total pages: the share of the cgroup's budget, as the ≤5.8 oom_score showed it. */
  permille: number;
  /** (1000 + permille) × 2 / 3: on the same scale as /proc/PID/oom_score on 5.9+ (idle adj-0 ≈ 666). */
  score: number;
}

/**
 * The processes of a cgroup OOM in the order the kernel would kill them. `totalKb` is cgroupOomTotalKb() of
 * the OOM domain; `pageKb` the page size in KiB (4 on x86-64), because the kernel works in whole pages and
 * divides totalpages by 1000 before multiplying by adj. Excluded, as the kernel excludes them: adj −1000,
 * processes without memory (no mm), and pid 1 (global init). Ties go to the lower pid.
 */
export function rankForCgroupOom<T extends CgroupOomCandidate>(
  candidates: readonly T[],
  totalKb: number,
  pageKb = 4,
): CgroupOomRank<T>[] {
  const budget = oomBudget(totalKb, pageKb);
  const ranked: CgroupOomRank<T>[] = [];
  for (const process of candidates) {
    const points = oomBadnessPoints(process, budget, pageKb);
    if (points === null) continue;
    const permille = Math.trunc((points * 1000) / budget.totalPages);
    ranked.push({ process, points, permille, score: Math.trunc(((1000 + permille) * 2) / 3) });
  }
  return ranked.sort((a, b) => b.points - a.points || a.process.pid - b.process.pid);
}

/** A candidate whose oom_score_adj may be unread (null): the kernel's default, 0, then applies. */
export type CgroupOomRow = Omit<CgroupOomCandidate, 'oomScoreAdj'> & { oomScoreAdj: number | null };

/**
 * The first of rankForCgroupOom()'s order, without ranking the rest: the forecast asks every limited
 * cgroup for its victim every tick (thousands of processes across them), and only the top matters there.
 * null when nobody is killable.
 */
export function cgroupOomVictim<T extends CgroupOomRow>(candidates: readonly T[], totalKb: number, pageKb = 4): T | null {
  const budget = oomBudget(totalKb, pageKb);
  let top: T | null = null;
  let topPoints = 0;
  for (const process of candidates) {
    const points = oomBadnessPoints(process, budget, pageKb);
    if (points === null) continue;
    if (top === null || points > topPoints || (points === topPoints && process.pid < top.pid)) {
      top = process;
      topPoints = points;
    }
  }
  return top;
}

interface OomBudget {
  totalPages: number;
  /** What one oom_score_adj point is worth, in pages: totalpages / 1000, divided first as the kernel does. */
  adjUnit: number;
}

function oomBudget(totalKb: number, pageKb: number): OomBudget {
  const totalPages = Math.max(1, Math.floor(totalKb / pageKb));
  return { totalPages, adjUnit: Math.floor(totalPages / 1000) };
}

/** oom_badness() in pages; null for whom the kernel skips (adj −1000, no mm, global init). */
function oomBadnessPoints(process: CgroupOomRow, budget: OomBudget, pageKb: number): number | null {
  const adj = process.oomScoreAdj ?? 0;
  if (adj <= OOM_SCORE_ADJ_MIN || process.rssKb === null || process.pid === 1) return null;
  const pages =
    Math.floor(process.rssKb / pageKb) +
    Math.floor((process.swapKb ?? 0) / pageKb) +
    Math.floor((process.pgtablesKb ?? 0) / pageKb);
  return pages + adj * budget.adjUnit;
}
