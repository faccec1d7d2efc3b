// Writes that oomlens knows will not do what the operator wants, before any key writes them: a kernel
// thread (the OOM killer never picks one, so its oom_score_adj means nothing). Pure.
import type { ProcessRow } from '../snapshot.js';

/** Why `row` cannot be steered at all, or null. Said at the first adjust key, before anything is staged. */
export function unsteerable(row: Pick<ProcessRow, 'pid' | 'name' | 'kernelThread'>): string | null {
  if (!row.kernelThread) return null;
  return `${row.name} (${row.pid}) is a kernel thread: the OOM killer never kills one, so its oom_score_adj means nothing; nothing staged`;
}
