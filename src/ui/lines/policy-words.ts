// The kernel's OOM-related settings in the operator's words, for the header and the help.
import type { OomPolicy, PanicOnOom } from '../../procfs/oom-policy.js';
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

/** vm.panic_on_oom: what an OOM does (mm/oom_kill.c check_panic_on_oom()). */
export const PANIC_ON_OOM_WORDS: Readonly<Record<PanicOnOom, string>> = {
  0: 'an OOM kills a process',
  1: 'a global OOM panics the box',
  2: 'every OOM panics the box, cgroup OOMs too',
};

const ALLOCATING_TASK_WORDS = 'the allocating task dies, not the top of the list';

/**
 * The setting that changes the answer now, for the header; null when the kernel's defaults hold (or the
 * files are absent: unknown is not announced). With panic_on_oom set, oom_kill_allocating_task never gets a
 * say: out_of_memory() checks for a panic first, and the allocating task counts only for a global OOM.
 */
export function policyWarning(policy: OomPolicy): string | null {
  const panic = policy.panicOnOom;
  if (panic === 1 || panic === 2) return `panic_on_oom=${panic}: ${PANIC_ON_OOM_WORDS[panic]}`;
  return policy.oomKillAllocatingTask === true ? `oom_kill_allocating_task=1: ${ALLOCATING_TASK_WORDS}` : null;
}

/** The help's lines: each setting, its value here and what that means. */
export function policyHelpLines(policy: OomPolicy | null): string[] {
  const panic = policy?.panicOnOom ?? null;
  const allocating = policy?.oomKillAllocatingTask ?? null;
  return [
    panic === null
      ? 'panic_on_oom=?: unknown here (0 kills; 1: a global OOM panics the box; 2: any)'
      : `panic_on_oom=${panic}: ${PANIC_ON_OOM_WORDS[panic]}${panic === 0 ? ' (1: a global OOM panics the box; 2: any)' : ''}`,
    allocating === null
      ? 'oom_kill_allocating_task=?: unknown here (1: the allocating task dies)'
      : `oom_kill_allocating_task=${allocating ? 1 : 0}: ${allocating ? ALLOCATING_TASK_WORDS : 'a global OOM kills the top of the list'}`,
  ];
}
