// The kernel's OOM-related settings in the operator's words, for the header and the help.
import type { OvercommitMode } from '../../procfs/overcommit.js';

/** The kernel's three modes (Documentation/mm/overcommit-accounting.rst), in the operator's words. */
export const OVERCOMMIT_WORDS: Readonly<Record<OvercommitMode, string>> = {
  0: 'heuristic',
  1: 'always',
  2: 'never (strict)',
};

/** A mode in words; "unknown" for null (the file is absent, e.g. a captured tree without /proc/sys). */
export function overcommitWord(mode: OvercommitMode | null): string {
  return mode === null ? 'unknown' : OVERCOMMIT_WORDS[mode];
}
