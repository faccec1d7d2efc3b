// Kernel errors from an oom_score_adj write, in words an operator can act on. Which step failed matters:
//   open  → file permission: /proc/PID belongs to the process's euid (root if it is not dumpable), so
//           EACCES here means "not your process" (or a security module said no);
//   write → the kernel's own rules (fs/proc/base.c __set_oom_adj): EACCES when lowering below the
//           process's oom_score_adj_min without CAP_SYS_RESOURCE, ESRCH when it exited, EINVAL for a value
//           out of range.

export interface AdjustFailure {
  outcome: 'exited' | 'denied' | 'invalid' | 'failed';
  message: string;
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function otherwise(error: unknown): string {
  return errnoCode(error) ?? (error instanceof Error ? error.message : String(error));
}

export type Privilege = 'root-without-cap' | 'other';

/** Someone else's process, for a user who is not root: the open fails (EACCES). */
export function notYourProcess(who: string, ownerUid: number): string {
  return `${who} is not your process (owned by uid ${ownerUid}): only its owner or root may change it`;
}

/** Lowering below the process's floor without CAP_SYS_RESOURCE: the write fails (EACCES). */
export function cannotLower(who: string, value: number, privilege: Privilege): string {
  const remedy = privilege === 'root-without-cap' ? ', which this root lacks (a container or a reduced capability set)' : ': run as root';
  return `cannot lower ${who} to ${value}: lowering below the current minimum needs CAP_SYS_RESOURCE${remedy}`;
}

/** Why /proc/PID/oom_score_adj could not be opened for writing. */
export function describeOpenError(error: unknown, who: string, ownerUid: number | null, myUid: number | null): AdjustFailure {
  const code = errnoCode(error);
  if (code === 'ENOENT' || code === 'ESRCH') return { outcome: 'exited', message: `${who} has exited: nothing written` };
  if (code === 'EROFS') return { outcome: 'denied', message: `/proc is read-only here (EROFS): ${who} not changed` };
  if (code === 'EACCES' || code === 'EPERM') {
    if (ownerUid !== null && myUid !== null && myUid !== 0 && ownerUid !== myUid) {
      return { outcome: 'denied', message: notYourProcess(who, ownerUid) };
    }
    return { outcome: 'denied', message: `not allowed to open ${who}'s oom_score_adj (${code}): a security module may forbid it` };
  }
  return { outcome: 'failed', message: `cannot open ${who}'s oom_score_adj: ${otherwise(error)}` };
}

/**
 * Why the write itself failed. `oldValue` tells lowering from raising; `privilege` says whether "run as
 * root" would help (it does not for a root that lacks CAP_SYS_RESOURCE, as in many containers).
 */
export function describeWriteError(
  error: unknown,
  who: string,
  oldValue: number | null,
  value: number,
  privilege: Privilege = 'other',
): AdjustFailure {
  const code = errnoCode(error);
  if (code === 'ESRCH' || code === 'ENOENT') return { outcome: 'exited', message: `${who} exited before the write: nothing changed` };
  if (code === 'EINVAL') return { outcome: 'invalid', message: `the kernel refused ${value} for ${who} as invalid (EINVAL)` };
  if (code === 'EACCES' || code === 'EPERM') {
    const lowering = oldValue === null || value < oldValue;
    if (lowering) return { outcome: 'denied', message: cannotLower(who, value, privilege) };
    return { outcome: 'denied', message: `the kernel refused to raise ${who} to ${value} (${code}): a security module may forbid it` };
  }
  return { outcome: 'failed', message: `cannot write ${who}'s oom_score_adj: ${otherwise(error)}` };
}
