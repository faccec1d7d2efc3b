// Who the global OOM killer may pick, and in which order: the one definition behind the kill list's victim
// mark, its kill ranks (and the "rank N of M" a departed victim keeps), the misdiagnosis callout and the
// adjust preview.
//
// The kernel (mm/oom_kill.c) skips a task when oom_unkillable_task() says so (global init, kernel threads),
// when it has no mm left (find_lock_task_mm() fails: a zombie), and at oom_score_adj OOM_SCORE_ADJ_MIN;
// oom_evaluate_task() then takes the highest oom_badness(). What /proc/PID/oom_score (fs/proc/base.c
// proc_oom_score()) shows of that depends on the kernel:
//   5.9+:      oom_badness() returns LONG_MIN for a skipped task and proc_oom_score() prints 0 for it; any
//              other task prints (1000 + badness·1000/totalpages)·2/3, about 666 when idle. So 0 means
//              skipped.
//   up to 5.8: oom_badness() returns 0 for a skipped task and at least 1 for any other; proc_oom_score()
//              prints badness·1000/totalpages, which truncates to 0 for every task under 1 permille of
//              RAM + swap. So 0 also means "small", and a killable task must be told apart by what else
//              is known: not a kernel thread, not pid 1, oom_score_adj above the minimum, and an mm (status
//              has VmRSS; a zombie's has not).
import { OOM_SCORE_ADJ_MIN } from '../../procfs/pid/oom.js';
import type { ProcessRow, ScoreScale } from '../snapshot.js';

/** The scale for a kernel release string ("6.8.0-51-generic"), or null if it cannot be read. */
export function scoreScaleForRelease(release: string): ScoreScale | null {
  const match = /^(\d+)\.(\d+)/.exec(release.trim());
  if (!match) return null;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > 5 || (major === 5 && minor >= 9) ? '5.9+' : 'pre-5.9';
}

/**
 * Guesses the scale from the rows, for captured trees whose kernel is unknown. On 5.9+ every killable adj-0
 * process reads at least 666; before 5.9 only a process holding two thirds of memory would.
 */
export function detectScoreScale(rows: readonly ProcessRow[]): ScoreScale {
  let high = 0;
  let low = 0;
  for (const row of rows) {
    if (row.kernelThread || row.oomScoreAdj !== 0 || row.oomScore === null || row.oomScore === 0) continue;
    if (row.oomScore >= 600) high++;
    else low++;
  }
  return low > high ? 'pre-5.9' : '5.9+';
}

/** What the predicate needs of a row (the adjust preview asks it of a row with another score and adj). */
export type KillFacts = Pick<ProcessRow, 'pid' | 'kernelThread' | 'oomScore' | 'oomScoreAdj' | 'rssKb'>;

/** May the kernel's global OOM killer pick this process? An unknown score (null) cannot be ranked. */
export function isKillable(row: KillFacts, scale: ScoreScale): boolean {
  if (row.kernelThread || row.oomScore === null || row.oomScoreAdj === OOM_SCORE_ADJ_MIN) return false;
  if (row.oomScore > 0) return true;
  // 0 on 5.9+ is the kernel's own "skipped". Before 5.9 it is also every small task: killable when its
  // adj and memory were read (a skeleton row's were not) and it is neither init nor a zombie.
  return scale === 'pre-5.9' && row.pid !== 1 && row.oomScoreAdj !== null && row.rssKb !== null;
}

/** Set to -1000 (OOM_SCORE_ADJ_MIN): every OOM killer of the kernel skips it (oom_badness() returns LONG_MIN). */
export function isExemptByAdj(row: Pick<ProcessRow, 'oomScoreAdj'>): boolean {
  return row.oomScoreAdj === OOM_SCORE_ADJ_MIN;
}

/** A comparator's term: larger first, null (unknown) last. */
export const descending = (a: number | null, b: number | null) => (b ?? -Infinity) - (a ?? -Infinity);

/**
 * The kill order: the highest oom_score dies first; among equal scores the bigger RSS is the likelier
 * victim (the kernel's tie goes to whichever it met first); then the lower pid, so the order is total.
 */
export function killOrder(a: Pick<ProcessRow, 'oomScore' | 'rssKb' | 'pid'>, b: Pick<ProcessRow, 'oomScore' | 'rssKb' | 'pid'>): number {
  return descending(a.oomScore, b.oomScore) || descending(a.rssKb, b.rssKb) || a.pid - b.pid;
}

/**
 * Rows in kill order, each given its killRank: 1-based among the killable ones, null for the rest. A row
 * whose rank is unchanged is handed back as the same object.
 */
export function withKillRanks(rowsInKillOrder: readonly ProcessRow[], scale: ScoreScale): { rows: ProcessRow[]; killableCount: number } {
  let killableCount = 0;
  const rows = rowsInKillOrder.map((row) => {
    const killRank = isKillable(row, scale) ? ++killableCount : null;
    return row.killRank === killRank ? row : { ...row, killRank };
  });
  return { rows, killableCount };
}
