// The lines just above the footer: the preview of a pending oom_score_adj change, the `=` prompt, the
// -1000 question, or the result of the last write. Pure.
import { formatPreview, previewAdjustment } from '../../model/steering/preview.js';
import type { Snapshot } from '../../model/snapshot.js';
import { wrapText } from '../../text/wrap.js';
import { confirmation, foreseeTarget, type PendingAdjust } from '../state/adjust-state.js';
import type { ForeseeTarget } from '../../model/steering/foresee.js';
import { fit } from './format.js';
import type { ToneLine } from '../tone.js';
import type { UiState } from '../state/state.js';
import { draftProblem, parseAdjInput } from '../../model/steering/adjust-keys.js';

/** A message longer than this (a narrow terminal, a long name) ends in "…" on its last row: the list must keep rows. */
const MAX_ROWS_PER_RESULT = 4;

function wrapped(line: ToneLine, width: number): ToneLine[] {
  const rows = wrapText(line.text, '', width);
  // A cut is shown, never silent: the last row kept says there was more.
  if (rows.length > MAX_ROWS_PER_RESULT) {
    const last = rows[MAX_ROWS_PER_RESULT - 1]!;
    rows.splice(MAX_ROWS_PER_RESULT - 1, Infinity, `${last.length < width ? last : last.slice(0, width - 1)}…`);
  }
  return rows.map((text): ToneLine => ({ ...line, text }));
}

function previewLine(pending: PendingAdjust, to: number, snapshot: Snapshot | null): string {
  const row = snapshot?.processes.find((r) => r.key === pending.key);
  if (snapshot === null || row === undefined) return `${pending.name} (${pending.pid}) is no longer in the list: nothing will be written`;
  const memory = snapshot.memory;
  const totalKb = memory ? memory.totalKb + memory.swapTotalKb : null;
  // The scale the sampler ranked the rows with, so the preview's ranks are the kill list's.
  return formatPreview(previewAdjustment(row, to, snapshot.processes, { scale: snapshot.scoreScale, totalKb }));
}

/** Why the kernel will refuse writing a value, known before the write (Adjuster.foresee). */
export type Foresee = (target: ForeseeTarget, value: number) => string | null;

/** The preview of `to`, and under it the kernel's refusal when it is known before Enter. */
function previewLines(pending: PendingAdjust, to: number, snapshot: Snapshot | null, foresee: Foresee | null, width: number): ToneLine[] {
  const lines: ToneLine[] = [{ text: previewLine(pending, to, snapshot), tone: 'warn' }];
  const row = snapshot?.processes.find((r) => r.key === pending.key);
  const target = row === undefined ? foreseeTarget(pending) : { pid: row.pid, name: row.name, uid: row.uid, adj: row.oomScoreAdj };
  const refusal = foresee?.(target, to) ?? null;
  if (refusal !== null) lines.push(...wrapped({ text: `the kernel will refuse it: ${refusal}; Enter writes nothing`, tone: 'bad' }, width));
  return lines;
}

export function statusLines(ui: UiState, snapshot: Snapshot | null, width: number, foresee: Foresee | null = null): ToneLine[] {
  const pending = ui.pending;
  let lines: ToneLine[];
  if (ui.mode === 'adjust' && pending) {
    lines = previewLines(pending, pending.to, snapshot, foresee, width);
  } else if (ui.mode === 'prompt' && pending) {
    // The problem shows as soon as it is typed, on a line of its own so that a long draft cannot hide it.
    const problem = pending.error ?? draftProblem(pending.draft);
    const parsed = parseAdjInput(pending.draft);
    lines = [{ text: `oom_score_adj for ${pending.name} (${pending.pid}), -1000..1000: ${pending.draft}▏`, tone: problem ? 'bad' : 'normal' }];
    if (problem !== null) lines.push({ text: `refused: ${problem}; nothing is written`, tone: 'bad' });
    else if (parsed.ok) lines.push(...previewLines(pending, parsed.value, snapshot, foresee, width));
  } else if (ui.mode === 'confirm' && pending) {
    lines = wrapText(confirmation(pending), '', width).map((text): ToneLine => ({ text, tone: 'bad' }));
  } else {
    // A result is read once and must be read whole (how to keep a value, why the kernel refused): wrapped.
    lines = ui.status.flatMap((line) => wrapped(line, width));
  }
  return lines.map((line) => ({ ...line, text: fit(line.text, width) }));
}
