// /proc/PID/oom_score ("%lu\n", 0..2000) and /proc/PID/oom_score_adj ("%d\n", -1000..1000).

/** The integer in a one-number file, or null for empty or malformed text (a truncated read). */
export function parseIntFile(text: string): number | null {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : null;
}

export const OOM_SCORE_ADJ_MIN = -1000;
export const OOM_SCORE_ADJ_MAX = 1000;
