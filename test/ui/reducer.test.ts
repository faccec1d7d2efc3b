// The reducer beyond single key mappings: a published snapshot (the OOM panel opens on a kill), the list
// windows it keeps in its state, and a chunk of keys that changes the list under the keys after it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IncidentTracker } from '../../src/model/incidents/incidents.js';
import type { KernelLogStatus } from '../../src/model/incidents/types.js';
import type { MemoryCgroup } from '../../src/cgroupfs/memory-cgroup.js';
import type { ProcessRow, Snapshot } from '../../src/model/snapshot.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import type { Adjuster } from '../../src/ui/state/adjust-effects.js';
import { computeFrame } from '../../src/ui/state/frame.js';
import { reduceKeys } from '../../src/ui/state/key-chunk.js';
import { NO_KEY, splitKeys } from '../../src/ui/state/keymap.js';
import { INITIAL_STATE, reduce, type Action, type UiState, type ViewContext } from '../../src/ui/state/state.js';
import { listWindow } from '../../src/ui/state/view.js';
import { fixtureText } from '../helpers/fixtures.js';
import { killCounter, row, snapshotOf } from '../helpers/rows.js';

const LOG: KernelLogStatus = { source: '/dev/kmsg', unavailable: null, lostRecords: 0, error: null };
const CONTEXT: ViewContext = { rows: [row(1, 'alpha', 900, 1000)], cgroups: [], pageSize: 10 };
const arrived = (state: UiState, snapshot: Snapshot) => reduce(state, { type: 'snapshotArrived', snapshot }, CONTEXT);

/** The live source's snapshots: the tracker joins the counter and the reports into the session. */
function liveSession() {
  const tracker = new IncidentTracker();
  const reports = parseOomReports(fixtureText('oom', 'global-6.1-arch.txt'));
  let kills = 0;
  return (newKills: number, withReport: boolean): Snapshot => {
    kills += newKills;
    const counter = { oomKills: kills, oomKillCounter: killCounter(kills, 0, kills > 0 ? 1000 : null) };
    tracker.update(snapshotOf([], counter), withReport ? reports : []);
    return snapshotOf([], { ...counter, oom: tracker.session(LOG) });
  };
}

test('a snapshot with a new incident opens the panel on the newest; the same counts again change nothing', () => {
  const next = liveSession();
  let state = arrived(INITIAL_STATE, next(0, false));
  assert.equal(state, INITIAL_STATE, 'nothing new: the very same state, so React does not re-render');
  state = arrived({ ...state, panelIndex: 3 }, next(1, true));
  assert.equal(state.panelOpen, true);
  assert.equal(state.panelIndex, null, 'the newest incident, not the one browsed before');
  assert.deepEqual(state.oomSeen, { incidents: 1, kills: 1 });
  const closed = reduce(state, { type: 'togglePanel' }, CONTEXT);
  assert.equal(arrived(closed, next(0, false)), closed, 'a panel closed by hand stays closed while nothing new happens');
});

test('kills without a report open the panel too (it says why the log has none)', () => {
  const next = liveSession();
  const state = arrived(arrived(INITIAL_STATE, next(0, false)), next(2, false));
  assert.equal(state.panelOpen, true);
  assert.deepEqual(state.oomSeen, { incidents: 0, kills: 2 });
});

test('a snapshot without an OOM session (no kernel log followed) leaves the panel alone', () => {
  const state = arrived(INITIAL_STATE, snapshotOf([], { oomKills: 7, oomKillCounter: killCounter(7, 4, 1000) }));
  assert.equal(state, INITIAL_STATE);
});

const fifty = Array.from({ length: 50 }, (_, i) => row(1000 + i, `p${i}`, 900 - i, 1000));

/** Reduces `action` as the App does: against the rows and window of the frame on screen (10 rows high). */
function onScreen(state: UiState, listed: readonly ProcessRow[], action: Action): UiState {
  const list = listWindow(listed, state, 10);
  return reduce(state, action, { rows: list.rows, cgroups: [], pageSize: 10, listTop: list.top });
}

test('the kill list window lives in the state: moves keep the selection in it, moving it as little as they must', () => {
  let state = INITIAL_STATE;
  for (let i = 0; i < 12; i++) state = onScreen(state, fifty, { type: 'move', delta: 1 });
  assert.equal(state.selectedIndexHint, 12);
  assert.equal(state.listTop, 3, 'the window scrolled just enough to show row 12 at its bottom');
  state = onScreen(state, fifty, { type: 'move', delta: -5 });
  assert.equal(state.listTop, 3, 'row 7 is in the window: it stays');
  state = onScreen(state, fifty, { type: 'move', delta: -5 });
  assert.equal(state.listTop, 2);
  state = onScreen(state, fifty, { type: 'end' });
  assert.equal(state.listTop, 40);
  state = onScreen(state, fifty, { type: 'home' });
  assert.equal(state.listTop, 0);
});

test('a re-sort that carries the selection off screen moves the window; the next key starts from there', () => {
  let state = onScreen(INITIAL_STATE, fifty, { type: 'move', delta: 5 });
  const selected = fifty[5]!;
  // The selected process sinks to position 30 in the next snapshot: the frame shows rows 21..30.
  const resorted = [...fifty.slice(0, 5), ...fifty.slice(6, 31), selected, ...fifty.slice(31)];
  assert.deepEqual(listWindow(resorted, state, 10), { rows: resorted, selected: 30, top: 21 });
  state = onScreen(state, resorted, { type: 'move', delta: -1 });
  assert.equal(state.listTop, 21, 'row 29 is on screen: the window does not jump back to where the last key left it');
});

test('the cgroup view keeps its own window', () => {
  const cgroups = Array.from({ length: 30 }, (_, i) => ({ version: 2, path: `/c${i}` }) as MemoryCgroup);
  const context: ViewContext = { rows: [], cgroups, pageSize: 10 };
  const state = reduce({ ...INITIAL_STATE, mode: 'cgroups' }, { type: 'end' }, context);
  assert.equal(state.cgroupTop, 20);
  assert.equal(state.listTop, 0, "the kill list's window is untouched");
});

test('a chunk of keys: "+" after a typed filter adjusts the process the filter selected', () => {
  const snapshot = snapshotOf([row(1, 'alpha', 900, 1000), row(2, 'bravo', 800, 1000), row(3, 'charlie', 700, 1000)]);
  const frame = computeFrame(snapshot, INITIAL_STATE, null, 100, 30);
  const adjuster: Adjuster = { readOnly: false, apply: () => assert.fail('no write before Enter'), undo: () => null, nextUndo: () => null, nothingToUndo: () => '', foresee: () => null, refuse: () => assert.fail('no refusal'), logPath: null };
  const state = reduceKeys(INITIAL_STATE, splitKeys('/char\r+', NO_KEY), frame, adjuster);
  assert.equal(state.filter, 'char');
  assert.equal(state.mode, 'adjust');
  assert.equal(state.pending?.name, 'charlie', 'not alpha, which the frame on screen had at the top');
});
