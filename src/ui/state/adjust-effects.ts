// The writes behind the steering keys. Key handling stays pure (state.ts); the few actions that touch the
// kernel run here, through the model's AdjustmentSession, which re-checks pid + starttime before every
// write and reads the value back after it.
import { refusal, type AdjustResult, type AdjustTarget } from '../../model/steering/adjuster.js';
import type { ForeseeTarget } from '../../model/steering/foresee.js';
import { NOTHING_TO_UNDO, type JournalEntry } from '../../model/steering/session.js';
import { needsConfirmation } from '../../model/steering/adjust-keys.js';
import { acceptDraft, foreseeTarget, nextStepFor, resultLines, type PendingAdjust } from './adjust-state.js';
import type { Action, UiState } from './state.js';

/** What the UI needs of an AdjustmentSession (tests pass a fake). */
export interface Adjuster {
  readonly readOnly: boolean;
  apply(target: AdjustTarget, value: number): AdjustResult;
  undo(): AdjustResult | null;
  nextUndo(): JournalEntry | null;
  /** What `u` says when there is nothing (left) to undo. */
  nothingToUndo(): string;
  /** Why the kernel will refuse writing `value`, known before trying; null when it may accept it. */
  foresee(target: ForeseeTarget, value: number): string | null;
  /** The result for a write refused before it was tried. */
  refuse(target: AdjustTarget, value: number, reason: string): AdjustResult;
  /** Where changes and refused attempts are logged (the help says it); null when nowhere. */
  readonly logPath: string | null;
}

export const READ_ONLY_MESSAGE = 'read-only (--read-only): oomlens never writes oom_score_adj in this session';

/** The App's adjuster when it is given none: every key that would write says read-only first. */
export const READ_ONLY_ADJUSTER: Adjuster = {
  readOnly: true,
  apply: () => { throw new Error('read-only'); },
  undo: () => null,
  nextUndo: () => null,
  nothingToUndo: () => NOTHING_TO_UNDO,
  foresee: () => null,
  refuse: (target, value, reason) => refusal(target, value, false, 'denied', reason),
  logPath: null,
};

function finished(state: UiState, status: UiState['status']): UiState {
  return { ...state, mode: 'list', pending: null, status };
}

function write(state: UiState, pending: PendingAdjust, adjuster: Adjuster): UiState {
  const result = adjuster.apply({ pid: pending.pid, starttime: pending.starttime, name: pending.name }, pending.to);
  return finished(state, resultLines(result, pending.cgroup));
}

/** A write the kernel is known to refuse: refused at once, before the -1000 question. */
function foreseenRefusal(state: UiState, pending: PendingAdjust, adjuster: Adjuster): UiState | null {
  if (pending.undo) return null;
  const reason = adjuster.foresee(foreseeTarget(pending), pending.to);
  if (reason === null) return null;
  const result = adjuster.refuse({ pid: pending.pid, starttime: pending.starttime, name: pending.name }, pending.to, reason);
  return finished(state, resultLines(result, pending.cgroup));
}

function undo(state: UiState, adjuster: Adjuster, cgroup: string | null): UiState {
  const result = adjuster.undo();
  return finished(state, result === null ? [{ text: adjuster.nothingToUndo(), tone: 'dim' }] : resultLines(result, cgroup));
}

function confirmUndo(state: UiState, entry: JournalEntry): UiState {
  const pending: PendingAdjust = {
    key: `${entry.target.pid}:${entry.target.starttime}`,
    ...entry.target,
    cgroup: null,
    uid: null,
    from: entry.to,
    to: entry.from,
    draft: '',
    error: null,
    undo: true,
  };
  return { ...state, mode: 'confirm', pending };
}

/**
 * The new state after an action that writes (or would), or null when the action is not one of those and
 * the pure reducer should handle it.
 */
export function runAdjustEffect(state: UiState, action: Action, adjuster: Adjuster): UiState | null {
  const wantsWrite = action.type === 'adjustKey' || action.type === 'startPrompt' || action.type === 'undo';
  if (wantsWrite && adjuster.readOnly) return { ...state, status: [{ text: READ_ONLY_MESSAGE, tone: 'warn' }] };
  switch (action.type) {
    case 'undo': {
      const next = adjuster.nextUndo();
      if (next !== null && needsConfirmation(next.from)) return confirmUndo(state, next);
      return undo(state, adjuster, null);
    }
    case 'adjustAccept': {
      if (state.pending === null) return finished(state, []);
      const pending = state.mode === 'prompt' ? acceptDraft(state.pending) : state.pending;
      if (pending.error !== null) return { ...state, pending };
      const refused = foreseenRefusal(state, pending, adjuster);
      if (refused) return refused;
      return nextStepFor(pending) === 'confirm' ? { ...state, mode: 'confirm', pending } : write(state, pending, adjuster);
    }
    case 'confirmYes': {
      const pending = state.pending;
      if (pending === null) return finished(state, []);
      return pending.undo ? undo(state, adjuster, pending.cgroup) : write(state, pending, adjuster);
    }
    default:
      return null;
  }
}
