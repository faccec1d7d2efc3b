// The steering wheel's part of the UI state: a pending oom_score_adj change with its preview, the `=`
// prompt, the -1000 confirmation, and the result of the last write. Pure; the write itself happens in the
// App (an effect), through the model's guarded AdjustmentSession.
import { confirmationText, needsConfirmation, parseAdjInput, targetForKey, type AdjustKey } from '../../model/steering/adjust-keys.js';
import type { AdjustResult } from '../../model/steering/adjuster.js';
import type { ForeseeTarget } from '../../model/steering/foresee.js';
import { persistenceHint } from '../../model/steering/persistence-hint.js';
import type { ProcessRow } from '../../model/snapshot.js';
import type { ToneLine } from '../tone.js';

export interface PendingAdjust {
  /** The process chosen when the change began: the only one that may be written. */
  key: string;
  pid: number;
  starttime: number;
  name: string;
  cgroup: string | null;
  /** Its owner's uid, for knowing a refusal before the write. */
  uid: number | null;
  /** The value it had then, and the value to write. */
  from: number | null;
  to: number;
  /** The `=` prompt's text and why it was refused. */
  draft: string;
  error: string | null;
  /** The confirmation is for an undo (u) rather than a new value. */
  undo: boolean;
}

export type AdjustMode = 'adjust' | 'prompt' | 'confirm';

/** Starts or continues a change: +/-/p/e/0 move the pending value from where it is. */
export function stepPending(pending: PendingAdjust | null, row: ProcessRow | null, key: AdjustKey): PendingAdjust | null {
  if (pending !== null) return { ...pending, to: targetForKey(key, pending.to), error: null };
  if (row === null) return null;
  return { ...pendingFor(row), to: targetForKey(key, row.oomScoreAdj) };
}

export function pendingFor(row: ProcessRow): PendingAdjust {
  return {
    key: row.key,
    pid: row.pid,
    starttime: row.starttime,
    name: row.name,
    cgroup: row.cgroup,
    uid: row.uid,
    from: row.oomScoreAdj,
    to: row.oomScoreAdj ?? 0,
    draft: '',
    error: null,
    undo: false,
  };
}

/** What the kernel's refusal depends on, as the kill list knew it when the change began. */
export function foreseeTarget(pending: PendingAdjust): ForeseeTarget {
  return { pid: pending.pid, name: pending.name, uid: pending.uid, adj: pending.from };
}

/** Enter in the prompt: a valid value becomes the pending one; anything else is refused in place. */
export function acceptDraft(pending: PendingAdjust): PendingAdjust {
  const parsed = parseAdjInput(pending.draft);
  return parsed.ok ? { ...pending, to: parsed.value, error: null } : { ...pending, error: parsed.reason };
}

/** Where Enter leads for a pending value: straight to the write, or to the -1000 question first. */
export function nextStepFor(pending: PendingAdjust): 'confirm' | 'write' {
  return needsConfirmation(pending.to) ? 'confirm' : 'write';
}

export function confirmation(pending: PendingAdjust): string {
  return pending.undo
    ? `Undo back to -1000 makes ${pending.name} (${pending.pid}) unkillable again. Confirm with y, any other key cancels.`
    : confirmationText(pending.name, pending.pid);
}

/** What the status lines say after a write or an undo: the outcome, who else changed, how to keep it. */
export function resultLines(result: AdjustResult, cgroup: string | null): ToneLine[] {
  const lines: ToneLine[] = [{ text: result.message, tone: result.ok ? 'normal' : 'bad' }];
  if (result.sharedNote) lines.push({ text: result.sharedNote, tone: 'warn' });
  if (result.outcome === 'changed' && !result.undo && result.newValue !== null) {
    lines.push({ text: persistenceHint(cgroup, result.newValue).summary, tone: 'dim' });
  }
  if (result.loggedTo) lines.push({ text: `logged in ${result.loggedTo}`, tone: 'dim' });
  return lines;
}
