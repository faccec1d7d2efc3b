// UI state and its reducer: pure, so key handling is tested without Ink. Actions that move the selection
// are resolved against the rows on screen now, which the caller passes in (computed once per frame).
import { cgroupKey } from '../../cgroupfs/memory-cgroup.js';
import { liveEntryCount } from '../../model/incidents/entries.js';
import type { CgroupScope } from '../../model/ranking/cgroup-scope.js';
import { nextCgroupSortKey, type CgroupSortKey } from '../../model/ranking/cgroup-order.js';
import { nextSortKey, type SortKey } from '../../model/ranking/kill-order.js';
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import type { ProcessRow, Snapshot } from '../../model/snapshot.js';
import type { AdjustKey } from '../../model/steering/adjust-keys.js';
import { unsteerable } from '../../model/steering/foresee.js';
import { pendingFor, stepPending, type AdjustMode, type PendingAdjust } from './adjust-state.js';
import type { ToneLine } from '../tone.js';
import { scrollTop, selectedIndex } from './view.js';
import { clampHelpTop, HELP_LENGTH } from '../lines/help-lines.js';

export type Mode = 'list' | 'filter' | 'help' | 'cgroups' | AdjustMode;

export interface UiState {
  mode: Mode;
  sort: SortKey;
  /** The applied filter. */
  filter: string;
  /** The filter being typed (mode 'filter'); applied live, restored on Esc. */
  filterDraft: string;
  showKernelThreads: boolean;
  paused: boolean;
  /** The selected process (pid:starttime), followed across re-sorts. */
  selectedKey: string | null;
  /** Where the selection was, for when its process disappears. */
  selectedIndexHint: number;
  /** The kill list's first row on screen as the last key left it (view.ts listWindow keeps it in view). */
  listTop: number;
  /** The cgroup whose kill list is shown (Enter in the cgroup view); null for every process. */
  scope: CgroupScope | null;
  /** The selected row of the cgroup view (cgroupKey). */
  cgroupKey: string | null;
  cgroupIndexHint: number;
  /** The cgroup view's first row on screen as the last key left it. */
  cgroupTop: number;
  /** The cgroup view's order (`s` there): usage of limit, time to limit, growth. */
  cgroupSort: CgroupSortKey;
  /** The OOM panel: open, and which incident (null: the newest). */
  panelOpen: boolean;
  panelIndex: number | null;
  /** OOM incidents and kills in the newest snapshot seen (snapshotArrived): more in a later one open the panel. */
  oomSeen: { incidents: number; kills: number; replayJumps?: number };
  /** A pending oom_score_adj change (modes adjust, prompt, confirm). */
  pending: PendingAdjust | null;
  /** Lines above the footer: the result of the last write, until the next key. */
  status: ToneLine[];
  /** The help's first line on screen (it scrolls: ui/lines/help-lines.ts). */
  helpTop: number;
  quitting: boolean;
}

export const INITIAL_STATE: UiState = {
  mode: 'list',
  sort: 'score',
  filter: '',
  filterDraft: '',
  showKernelThreads: false,
  paused: false,
  selectedKey: null,
  selectedIndexHint: 0,
  listTop: 0,
  scope: null,
  cgroupKey: null,
  cgroupIndexHint: 0,
  cgroupTop: 0,
  cgroupSort: 'use',
  panelOpen: false,
  panelIndex: null,
  oomSeen: { incidents: 0, kills: 0 },
  pending: null,
  status: [],
  helpTop: 0,
  quitting: false,
};

export type Action =
  | { type: 'move'; delta: number }
  | { type: 'page'; direction: 1 | -1 }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'cycleSort' }
  | { type: 'cycleCgroupSort' }
  | { type: 'toggleKernelThreads' }
  | { type: 'togglePause' }
  | { type: 'openHelp' }
  | { type: 'closeOverlay' }
  | { type: 'startFilter' }
  | { type: 'filterType'; text: string }
  | { type: 'filterBackspace' }
  | { type: 'filterAccept' }
  | { type: 'filterCancel' }
  | { type: 'openCgroups' }
  | { type: 'enterCgroup' }
  | { type: 'leaveScope' }
  | { type: 'togglePanel' }
  | { type: 'snapshotArrived'; snapshot: Snapshot }
  | { type: 'browsePanel'; delta: number }
  | { type: 'escape' }
  | { type: 'adjustKey'; key: AdjustKey }
  | { type: 'startPrompt' }
  | { type: 'promptType'; text: string }
  | { type: 'promptBackspace' }
  | { type: 'adjustAccept' }
  | { type: 'confirmYes' }
  | { type: 'cancelAdjust' }
  | { type: 'undo' }
  | { type: 'quit' };

export interface ViewContext {
  /** How many OOM incidents the panel can browse. */
  incidents?: number;
  /** What `o` says instead of opening a panel with nothing in it; null when there is something to show. */
  panelEmpty?: string | null;
  /** The kill list's rows on screen, filtered and sorted for this state (view.ts listWindow). */
  rows: readonly ProcessRow[];
  /** The cgroup view's rows, in order. */
  cgroups: readonly MemoryCgroup[];
  /** How many list rows fit on screen (for PgUp/PgDn). */
  pageSize: number;
  /** The first row of each list on screen now, where a move starts from; absent: the state's own. */
  listTop?: number;
  cgroupTop?: number;
  /** Help lines on one screen (for paging it). */
  helpRows?: number;
  /** The help's lines at this width (helpLength); HELP_LENGTH when not given. */
  helpLength?: number;
}

function select(state: UiState, rows: readonly ProcessRow[], index: number): UiState {
  if (rows.length === 0) return { ...state, selectedKey: null, selectedIndexHint: 0 };
  const clamped = Math.min(Math.max(0, index), rows.length - 1);
  return { ...state, selectedKey: rows[clamped]!.key, selectedIndexHint: clamped };
}

function moveCgroupSelection(state: UiState, cgroups: readonly MemoryCgroup[], to: (current: number, last: number) => number): UiState {
  if (cgroups.length === 0) return { ...state, cgroupKey: null, cgroupIndexHint: 0 };
  const found = cgroups.findIndex((c) => cgroupKey(c) === state.cgroupKey);
  const current = found >= 0 ? found : Math.min(state.cgroupIndexHint, cgroups.length - 1);
  const next = Math.min(Math.max(0, to(current, cgroups.length - 1)), cgroups.length - 1);
  return { ...state, cgroupKey: cgroupKey(cgroups[next]!), cgroupIndexHint: next };
}

/** A move in the list on screen: the selection goes, the window follows it as little as it must. */
function moveSelection(state: UiState, context: ViewContext, to: (current: number, last: number) => number): UiState {
  if (state.mode === 'cgroups') {
    const moved = moveCgroupSelection(state, context.cgroups, to);
    const cgroupTop = scrollTop(context.cgroupTop ?? state.cgroupTop, moved.cgroupIndexHint, context.pageSize, context.cgroups.length);
    return { ...moved, cgroupTop };
  }
  const rows = context.rows;
  const moved = select(state, rows, to(selectedIndex(rows, state.selectedKey, state.selectedIndexHint), rows.length - 1));
  return { ...moved, listTop: scrollTop(context.listTop ?? state.listTop, moved.selectedIndexHint, context.pageSize, rows.length) };
}

/** The process under the cursor now. */
export function selectedRow(state: UiState, context: ViewContext): ProcessRow | null {
  const rows = context.rows;
  const index = selectedIndex(rows, state.selectedKey, state.selectedIndexHint);
  return index < 0 ? null : rows[index]!;
}

/** A process no change can steer (a kernel thread): refused at the first key, with the reason. */
function refuseUnsteerable(state: UiState, row: ProcessRow | null): UiState | null {
  const reason = row === null ? null : unsteerable(row);
  return reason === null ? null : { ...state, status: [{ text: reason, tone: 'warn' }] };
}

/** The movement keys in the help scroll it; null for any other action. */
function scrollHelp(state: UiState, action: Action, context: ViewContext): UiState | null {
  const rows = Math.max(1, context.helpRows ?? 1);
  const length = context.helpLength ?? HELP_LENGTH;
  const top = clampHelpTop(state.helpTop, rows, length);
  let wanted: number;
  switch (action.type) {
    case 'move': wanted = top + action.delta; break;
    case 'page': wanted = top + action.direction * Math.max(1, rows - 1); break;
    case 'home': wanted = 0; break;
    case 'end': wanted = length; break;
    default: return null;
  }
  return { ...state, helpTop: clampHelpTop(wanted, rows, length) };
}

/** A published snapshot: new OOM incidents or kills since the last one seen open the panel on the newest. */
function sawSnapshot(state: UiState, snapshot: Snapshot): UiState {
  // Kills from before oomlens started are history: they do not open the panel (the header names the last).
  const live = snapshot.oom ? liveEntryCount(snapshot.oom) : 0;
  // In replay, `[` or `]` landing on a kill shows it too, even going back to one already counted.
  const jumps = snapshot.replay?.killJumps;
  const seen = { incidents: live, kills: snapshot.oom?.killsSeen ?? 0, ...(jumps === undefined ? {} : { replayJumps: jumps }) };
  const before = state.oomSeen;
  const jumped = (jumps ?? 0) > (before.replayJumps ?? 0);
  if (seen.incidents === before.incidents && seen.kills === before.kills && !jumped) return state;
  const news = seen.incidents > before.incidents || seen.kills > before.kills || jumped;
  return news ? { ...state, oomSeen: seen, panelOpen: true, panelIndex: null } : { ...state, oomSeen: seen };
}

export function reduce(state: UiState, action: Action, context: ViewContext): UiState {
  const scrolled = state.mode === 'help' ? scrollHelp(state, action, context) : null;
  if (scrolled) return scrolled;
  const page = Math.max(1, context.pageSize - 1);
  switch (action.type) {
    case 'move':
      return moveSelection(state, context, (current) => current + action.delta);
    case 'page':
      return moveSelection(state, context, (current) => current + action.direction * page);
    case 'home':
      return moveSelection(state, context, () => 0);
    case 'end':
      return moveSelection(state, context, (_current, last) => last);
    case 'cycleSort':
      return { ...state, sort: nextSortKey(state.sort) };
    case 'cycleCgroupSort':
      return { ...state, cgroupSort: nextCgroupSortKey(state.cgroupSort) };
    case 'toggleKernelThreads':
      return { ...state, showKernelThreads: !state.showKernelThreads };
    case 'togglePause':
      return { ...state, paused: !state.paused };
    case 'openHelp':
      return { ...state, mode: 'help', helpTop: 0 };
    case 'closeOverlay':
      return { ...state, mode: 'list' };
    case 'startFilter':
      return { ...state, mode: 'filter', filterDraft: state.filter };
    case 'filterType':
      return { ...state, filterDraft: state.filterDraft + action.text, filter: state.filterDraft + action.text };
    case 'filterBackspace': {
      const draft = [...state.filterDraft].slice(0, -1).join('');
      return { ...state, filterDraft: draft, filter: draft };
    }
    case 'filterAccept':
      return { ...state, mode: 'list' };
    case 'filterCancel':
      return { ...state, mode: 'list', filter: '', filterDraft: '' };
    case 'openCgroups':
      return { ...state, mode: 'cgroups' };
    case 'enterCgroup': {
      const selected = moveCgroupSelection(state, context.cgroups, (current) => current);
      if (selected.cgroupKey === null) return state;
      // A new list: the selection starts at its top, the filter is kept.
      return { ...selected, mode: 'list', scope: { key: selected.cgroupKey }, selectedKey: null, selectedIndexHint: 0, listTop: 0 };
    }
    case 'leaveScope':
      return { ...state, scope: null, mode: 'cgroups' };
    case 'togglePanel':
      if (!state.panelOpen && context.panelEmpty) return { ...state, status: [{ text: context.panelEmpty, tone: 'dim' }] };
      return { ...state, panelOpen: !state.panelOpen, panelIndex: null };
    case 'snapshotArrived':
      return sawSnapshot(state, action.snapshot);
    case 'browsePanel': {
      const count = context.incidents ?? 0;
      if (!state.panelOpen || count === 0) return state;
      const current = state.panelIndex ?? count - 1;
      return { ...state, panelIndex: Math.min(count - 1, Math.max(0, current + action.delta)) };
    }
    case 'escape':
      // Esc closes the innermost thing: the OOM panel, then the cgroup view or a cgroup's list.
      if (state.panelOpen) return { ...state, panelOpen: false };
      if (state.mode === 'cgroups') return { ...state, mode: 'list' };
      return state.scope === null ? state : { ...state, scope: null, mode: 'cgroups' };
    case 'adjustKey': {
      const refused = state.pending === null ? refuseUnsteerable(state, selectedRow(state, context)) : null;
      if (refused) return refused;
      const pending = stepPending(state.pending, selectedRow(state, context), action.key);
      return pending === null ? state : { ...state, mode: 'adjust', pending };
    }
    case 'startPrompt': {
      const row = state.pending === null ? selectedRow(state, context) : null;
      const refused = refuseUnsteerable(state, row);
      if (refused) return refused;
      const pending = state.pending ?? (row === null ? null : pendingFor(row));
      return pending === null ? state : { ...state, mode: 'prompt', pending: { ...pending, draft: '', error: null } };
    }
    case 'promptType':
      return state.pending === null ? state : { ...state, pending: { ...state.pending, draft: state.pending.draft + action.text, error: null } };
    case 'promptBackspace':
      return state.pending === null ? state : { ...state, pending: { ...state.pending, draft: state.pending.draft.slice(0, -1), error: null } };
    case 'cancelAdjust':
      return { ...state, mode: 'list', pending: null };
    // Writes are effects: the App performs them (adjust-effects.ts); the pure reducer leaves state as is.
    case 'adjustAccept':
    case 'confirmYes':
    case 'undo':
      return state;
    case 'quit':
      return { ...state, quitting: true };
  }
}
