// The one-line preview shown before an oom_score_adj write: the new value, the oom_score the kernel will
// report, and the place in the kill list. Pure arithmetic over the snapshot.
//
// The kernel (mm/oom_kill.c oom_badness, fs/proc/base.c proc_oom_score) computes, in pages:
//   badness = rss + swap + pgtables + adj * (totalpages / 1000)
// and reports, since 5.9:  oom_score = (1000 + badness * 1000 / totalpages) * 2 / 3   (C integer division)
//            up to 5.8:    oom_score = max(badness, 1) * 1000 / totalpages            (0 when adj is -1000)
// In permille of totalpages that is x = F + adj, where F = (rss + swap + pgtables) * 1000 / totalpages is the
// footprint, the part adj does not touch. (adj * (totalpages/1000) * 1000 / totalpages differs from adj by
// less than |adj| * 1000 / totalpages, under 1 permille on any box with 4 GiB of RAM + swap.)
//
// So we never need totalpages: the current oom_score pins x to a window about 2 permille wide, F = x - adj,
// and the new score is the kernel's formula at F + newAdj. When the caller knows MemTotal + SwapTotal, the
// process's RSS + swap picks the point inside the window (without it, the middle of the window is used).
import { OOM_SCORE_ADJ_MIN } from '../../procfs/pid/oom.js';
import { isKillable, killOrder } from '../ranking/killable.js';
import type { ScoreScale } from '../snapshot.js';
import type { ProcessRow } from '../snapshot.js';

const SCORE_MAX = 2000;

interface Window {
  lo: number;
  hi: number;
}

/** The values of x = F + adj (permille) that the kernel would print as `score`. */
function windowForScore(score: number, scale: ScoreScale): Window {
  if (scale === 'pre-5.9') {
    // floor(max(x, tiny)): 0 stands for every x below 1.
    return score > 0 ? { lo: score, hi: score + 1 } : { lo: -Infinity, hi: 1 };
  }
  // floor(2q/3) = score  ⇔  q ∈ [ceil(3·score/2), ceil(3·(score+1)/2) − 1], with q = 1000 + trunc(x).
  const pMin = Math.ceil((3 * score) / 2) - 1000;
  const pMax = Math.ceil((3 * (score + 1)) / 2) - 1 - 1000;
  // trunc() toward zero: p > 0 covers [p, p+1), p < 0 covers (p-1, p], p = 0 covers (-1, 1).
  return { lo: pMin > 0 ? pMin : pMin - 1, hi: pMax >= 0 ? pMax + 1 : pMax };
}

/** The footprint F (permille) estimate, and whether the score left it loosely determined. */
function estimateFootprint(
  score: number,
  adj: number,
  scale: ScoreScale,
  hint: number | null,
): { footprint: number; approximate: boolean } {
  // At -1000 the score is 0 whatever the footprint: only the hint can say anything.
  const window = adj === OOM_SCORE_ADJ_MIN ? { lo: -Infinity, hi: Infinity } : windowForScore(score, scale);
  // The footprint is a page count: never negative.
  let lo = Math.max(0, window.lo - adj);
  let hi = window.hi - adj;
  if (hi < lo) {
    // The score and adj disagree (read a moment apart): trust the score's window alone.
    lo = window.lo - adj;
    hi = window.hi - adj;
  }
  const approximate = !(hi - lo <= 3);
  if (hint !== null && Number.isFinite(hint)) return { footprint: Math.min(hi, Math.max(lo, hint)), approximate };
  return { footprint: Number.isFinite(hi) ? (lo + hi) / 2 : lo, approximate };
}

/** The oom_score the kernel prints for footprint F (permille) at `adj`. */
export function scoreFor(footprint: number, adj: number, scale: ScoreScale): number {
  if (adj <= OOM_SCORE_ADJ_MIN) return 0;
  const x = footprint + adj;
  const score = scale === '5.9+' ? Math.floor((2 * (1000 + Math.trunc(x))) / 3) : x >= 1 ? Math.floor(x) : 0;
  return Math.min(SCORE_MAX, Math.max(0, score));
}

/** RSS + swap in permille of RAM + swap: the footprint without page tables, when totals are known. */
function footprintHint(row: ProcessRow, totalKb: number | null | undefined): number | null {
  if (!totalKb || totalKb <= 0 || row.rssKb === null) return null;
  return ((row.rssKb + (row.swapKb ?? 0)) * 1000) / totalKb;
}

/**
 * The predicted oom_score at `newAdj`, from the current score and adj; null when the current ones are
 * unknown. `approximate` is set when the current score pins the footprint only loosely (adj -1000, or a
 * pre-5.9 score of 0).
 */
export function predictScore(
  current: { score: number | null; adj: number | null },
  newAdj: number,
  scale: ScoreScale,
  hint: number | null = null,
): { score: number; approximate: boolean } | null {
  if (newAdj <= OOM_SCORE_ADJ_MIN) return { score: 0, approximate: false };
  if (current.score === null || current.adj === null) return null;
  const { footprint, approximate } = estimateFootprint(current.score, current.adj, scale, hint);
  return { score: scoreFor(footprint, newAdj, scale), approximate };
}

/**
 * The 1-based place of `selected` among killable processes if it had `score` and `adj`, the others as
 * ranked in `rows` (their killRank); null when it would not be killable.
 */
export function killRank(
  selected: ProcessRow,
  score: number | null,
  adj: number | null,
  rows: readonly ProcessRow[],
  scale: ScoreScale,
): number | null {
  const moved = { pid: selected.pid, kernelThread: selected.kernelThread, oomScore: score, oomScoreAdj: adj, rssKb: selected.rssKb };
  if (!isKillable(moved, scale)) return null;
  let ahead = 0;
  for (const row of rows) {
    if (row.key !== selected.key && row.killRank !== null && killOrder(row, moved) < 0) ahead++;
  }
  return ahead + 1;
}

export interface AdjustPreview {
  pid: number;
  name: string;
  fromAdj: number | null;
  toAdj: number;
  fromScore: number | null;
  /** Predicted; null when the current score is unknown. */
  toScore: number | null;
  /** 1-based among killable processes; null when not killable. */
  fromRank: number | null;
  toRank: number | null;
  /** The prediction is a loose estimate (the current score said little about the footprint). */
  approximate: boolean;
}

export interface PreviewOptions {
  /** The snapshot's scoreScale: the one its rows were ranked with. */
  scale: ScoreScale;
  /** MemTotal + SwapTotal (KiB), to place the footprint inside the window; optional. */
  totalKb?: number | null;
}

/**
 * The preview for setting `selected`'s oom_score_adj to `toAdj`, with every other row as it is now. Other
 * processes that share its memory (and so its adj) are not moved: the note after the write names them.
 */
export function previewAdjustment(
  selected: ProcessRow,
  toAdj: number,
  rows: readonly ProcessRow[],
  options: PreviewOptions,
): AdjustPreview {
  const { scale } = options;
  const current = { score: selected.oomScore, adj: selected.oomScoreAdj };
  const predicted = predictScore(current, toAdj, scale, footprintHint(selected, options.totalKb));
  const toScore = predicted?.score ?? null;
  return {
    pid: selected.pid,
    name: selected.name,
    fromAdj: selected.oomScoreAdj,
    toAdj,
    fromScore: selected.oomScore,
    toScore,
    fromRank: selected.killRank,
    toRank: killRank(selected, toScore, toAdj, rows, scale),
    approximate: predicted?.approximate ?? false,
  };
}

function rankText(rank: number | null, adj: number | null): string {
  if (rank !== null) return String(rank);
  return adj === OOM_SCORE_ADJ_MIN ? 'unkillable' : '-';
}

/** "mysqld  adj 0 → -500  score 1231 → 898  rank 1 → 4"; "~" marks a loose estimate. */
export function formatPreview(preview: AdjustPreview): string {
  const score = (value: number | null) => (value === null ? '?' : String(value));
  const approx = preview.approximate && preview.toAdj !== OOM_SCORE_ADJ_MIN ? '~' : '';
  return (
    `${preview.name}  adj ${preview.fromAdj ?? '?'} → ${preview.toAdj}` +
    `  score ${score(preview.fromScore)} → ${approx}${score(preview.toScore)}` +
    `  rank ${rankText(preview.fromRank, preview.fromAdj)} → ${rankText(preview.toRank, preview.toAdj)}`
  );
}
