// The reducer's reactions to what is not a key: a published snapshot (the OOM panel opens on a kill).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IncidentTracker } from '../../src/model/incidents/incidents.js';
import type { KernelLogStatus } from '../../src/model/incidents/types.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { INITIAL_STATE, reduce, type UiState, type ViewContext } from '../../src/ui/state/state.js';
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
