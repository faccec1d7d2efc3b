// What the steering keys mean, as numbers: the target oom_score_adj of each key, the clamp, the `=` prompt's
// validation and the -1000 confirmation. Pure: the write itself lives in adjuster.ts.
//
// The tool protects gently, never absolutely: `p` is a modest -500, not -1000, and -1000 is only reachable
// through `-` / `=` and a confirmation that says what it costs.
import { OOM_SCORE_ADJ_MAX, OOM_SCORE_ADJ_MIN } from '../../procfs/pid/oom.js';

/** `+` / `-` move the value by this much. */
export const ADJ_STEP = 100;
/** `p`: survive most OOMs, still killable when nothing else is left. */
export const PROTECT_VALUE = -500;
/** `e`: die before the ordinary processes. */
export const EXPENDABLE_VALUE = 500;
/** The value that makes a process unkillable (the kernel skips it), so it needs a confirmation. */
export const UNKILLABLE_VALUE = OOM_SCORE_ADJ_MIN;

/** The keys that set a value at once; `=` prompts and `u` undoes, so they are not here. */
export const ADJUST_KEYS = ['+', '-', 'p', 'e', '0'] as const;
export type AdjustKey = (typeof ADJUST_KEYS)[number];

export function isAdjustKey(input: string): input is AdjustKey {
  return (ADJUST_KEYS as readonly string[]).includes(input);
}

/** Clamps to the kernel's range -1000..1000 (the kernel answers EINVAL outside it). */
export function clampAdj(value: number): number {
  const whole = Math.trunc(value);
  return Math.min(OOM_SCORE_ADJ_MAX, Math.max(OOM_SCORE_ADJ_MIN, whole));
}

/**
 * The value a key asks for, given the process's current oom_score_adj. A process whose value could not be
 * read (null) is treated as 0, the kernel's default, for the relative keys.
 */
export function targetForKey(key: AdjustKey, current: number | null): number {
  const base = current ?? 0;
  switch (key) {
    case '+': return clampAdj(base + ADJ_STEP);
    case '-': return clampAdj(base - ADJ_STEP);
    case 'p': return PROTECT_VALUE;
    case 'e': return EXPENDABLE_VALUE;
    case '0': return 0;
  }
}

export type AdjInput = { ok: true; value: number } | { ok: false; reason: string };

/**
 * Validates what was typed at the `=` prompt: a decimal integer from -1000 to 1000, an optional sign,
 * surrounding spaces allowed. The kernel itself would take "0x10" or "010" (kstrtoint base 0, so octal),
 * but an operator typing 010 means ten: only plain decimal is accepted, and leading zeros read as decimal.
 */
export function parseAdjInput(text: string): AdjInput {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'type a whole number from -1000 to 1000' };
  if (/^[+-]?\d*\.\d*$/.test(trimmed) && /\d/.test(trimmed)) {
    return { ok: false, reason: 'a whole number, no fraction' };
  }
  if (/^[+-]?\d{1,3}([,_' ]\d{3})+$/.test(trimmed)) return { ok: false, reason: 'digits only, no separators (1000)' };
  if (!/^[+-]?\d+$/.test(trimmed)) return { ok: false, reason: 'not a number: use digits, e.g. -500' };
  const value = Number(trimmed);
  if (value > OOM_SCORE_ADJ_MAX) return { ok: false, reason: 'too high: the maximum is 1000' };
  if (value < OOM_SCORE_ADJ_MIN) return { ok: false, reason: 'too low: the minimum is -1000' };
  // Number('-0') is -0; the kernel and the log should see 0.
  return { ok: true, value: value === 0 ? 0 : value };
}

/**
 * What is wrong with the `=` prompt's text as typed so far, or null while it may still become a valid value
 * (nothing yet, or just a sign). Every prefix of a valid value is valid or one of those, so a problem shown
 * while typing is one that Enter would refuse too.
 */
export function draftProblem(draft: string): string | null {
  if (/^\s*[+-]?$/.test(draft)) return null;
  const parsed = parseAdjInput(draft);
  return parsed.ok ? null : parsed.reason;
}

/** Only -1000 makes a process unkillable; everything else is a matter of degree. */
export function needsConfirmation(value: number): boolean {
  return value === UNKILLABLE_VALUE;
}

/**
 * The question asked before -1000 is written. It says what the operator gives up: the kernel must then kill
 * something else (perhaps sshd, the way back in), and if this process itself leaks, nothing can stop it and
 * the box wedges instead of recovering.
 */
export function confirmationText(name: string, pid: number): string {
  return (
    `Make ${name} (${pid}) unkillable (-1000)? The kernel will kill something else instead, perhaps sshd; ` +
    `if ${name} leaks, nothing can stop it and the box wedges. Consider -500 (p). Confirm with y, any other key cancels.`
  );
}
