// One read of stdin against the frame on screen. Ink hands over a chunk as it arrived (keys typed fast,
// sent by a script or pasted: "/db\r+"); each key in it is mapped and reduced in turn, a write runs
// through the adjuster, and a key that changes what the kill list shows (a filter, a sort, a cgroup
// entered) hands the keys after it the list it made, not the frame's: "+" then adjusts the process the
// new list selects, not the one the old list had in that place.
import type { KeyInfo } from './keymap.js';
import { keymap } from './keymap.js';
import { runAdjustEffect, type Adjuster } from './adjust-effects.js';
import type { Frame } from './frame.js';
import { screenLists } from './screen-lists.js';
import { reduce, type UiState, type ViewContext } from './state.js';
import { sameListOptions, visibleRows } from './view.js';

function contextAfter(previous: UiState, next: UiState, context: ViewContext, frame: Pick<Frame, 'snapshot'>): ViewContext {
  if (next.scope === previous.scope && sameListOptions(previous, next)) return context;
  return { ...context, rows: visibleRows(screenLists(frame.snapshot, next).rows, next) };
}

/**
 * Keys a mode adds to the kill list's and the cgroup view's (replay's cursor: recorder/replay.ts), heard
 * before the screen's own while either is shown and nothing is being typed; true when the key was taken.
 * So in replay ← → step the time cursor even with the OOM panel open, instead of browsing the panel's
 * kills: the panel follows the cursor, and [ ] go from kill to kill.
 */
export type ModeKeys = (input: string, key: KeyInfo) => boolean;

export function reduceKeys(
  state: UiState,
  keys: ReadonlyArray<[string, KeyInfo]>,
  frame: Pick<Frame, 'snapshot' | 'context'>,
  adjuster: Adjuster,
  modeKeys?: ModeKeys,
): UiState {
  let context = frame.context;
  for (const [input, key] of keys) {
    if ((state.mode === 'list' || state.mode === 'cgroups') && modeKeys?.(input, key) === true) {
      // A result message lasts until the next key, the mode's keys included.
      if (state.status.length > 0) state = { ...state, status: [] };
      continue;
    }
    const action = keymap(input, key, state.mode);
    if (action === null) continue;
    // A result message lasts until the next key.
    const base = state.status.length > 0 ? { ...state, status: [] } : state;
    const next = runAdjustEffect(base, action, adjuster) ?? reduce(base, action, context);
    context = contextAfter(state, next, context, frame);
    state = next;
  }
  return state;
}
