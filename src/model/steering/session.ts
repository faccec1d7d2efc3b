// The steering session: every change this run made, newest last, so `u` can walk them back.
import { applyAdjustment, logRefusal, refusal, type AdjustResult, type AdjustTarget, type AdjusterDeps } from './adjuster.js';
import { foreseeRefusal, type ForeseeTarget } from './foresee.js';

/** One change this session made, to walk back with `u`. */
export interface JournalEntry {
  target: AdjustTarget;
  /** The value before the change: what undo restores. */
  from: number;
  /** The value the change left (read back). */
  to: number;
}

export const NOTHING_TO_UNDO = 'nothing to undo: no oom_score_adj was changed in this session';

/**
 * The session's changes, newest last. `apply` records every successful change; `undo` takes the newest off
 * and restores its old value through the same guarded write, so a process that exited or was replaced is
 * never written. An entry is used up by its undo attempt even when that fails (the process is gone, or the
 * kernel refused), so repeated `u` keeps walking back instead of sticking on one entry. Undos are logged
 * but not journaled: `u` never undoes an undo.
 */
export class AdjustmentSession {
  private readonly journal: JournalEntry[] = [];
  /** Entries walked back by `u`: restored, or refused (the process had gone). */
  private undone = 0;
  private undoRefused = 0;

  constructor(private readonly deps: AdjusterDeps) {}

  get readOnly(): boolean {
    return this.deps.readOnly;
  }

  apply(target: AdjustTarget, value: number): AdjustResult {
    const result = applyAdjustment(target, value, this.deps);
    if (result.outcome === 'changed' && result.oldValue !== null && result.newValue !== null) {
      this.journal.push({ target, from: result.oldValue, to: result.newValue });
    }
    return result;
  }

  /** Why the kernel will refuse this write, known before it (the preview says it); null when it may not. */
  foresee(target: ForeseeTarget, value: number): string | null {
    return foreseeRefusal(target, value, this.deps);
  }

  /** A write refused before it was tried, for the reason foresee() gave; logged as an attempt. */
  refuse(target: AdjustTarget, value: number, reason: string): AdjustResult {
    return logRefusal(refusal(target, value, false, 'denied', reason), this.deps);
  }

  /** Where every change and refused attempt is logged; null when nowhere. */
  get logPath(): string | null {
    return this.deps.appendLog === null ? null : (this.deps.logPath ?? null);
  }

  /** The change `u` would undo, for a preview or a -1000 confirmation; null when there is none. */
  nextUndo(): JournalEntry | null {
    return this.journal.at(-1) ?? null;
  }

  get undoDepth(): number {
    return this.journal.length;
  }

  /** Undoes the newest change; null when there is nothing to undo (show nothingToUndo()). */
  undo(): AdjustResult | null {
    const entry = this.journal.pop();
    if (entry === undefined) return null;
    const result = applyAdjustment(entry.target, entry.from, this.deps, { undo: true, expectedCurrent: entry.to });
    if (result.ok) this.undone++;
    else this.undoRefused++;
    return result;
  }

  /** What `u` says when undo() has nothing left: NOTHING_TO_UNDO, or how the session's changes were walked back. */
  nothingToUndo(): string {
    const walked = this.undone + this.undoRefused;
    if (walked === 0) return NOTHING_TO_UNDO;
    const changes = walked === 1 ? 'the one change of this session is undone' : `the ${walked} changes of this session are undone`;
    if (this.undoRefused === 0) return `nothing left to undo: ${changes}`;
    return `nothing left to undo: ${this.undone} of this session's ${walked} changes are undone, ${this.undoRefused} could not be (see above)`;
  }
}
