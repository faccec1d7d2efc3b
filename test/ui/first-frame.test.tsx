// The first frame waits for the first sample (runtime/interactive.tsx): the App then mounts over a store
// that has published already. That snapshot counts as an arrival, as a later one would: a kill it carries
// opens the OOM panel at once, not at the next tick.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IncidentTracker } from '../../src/model/incidents/incidents.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { startSnapshotStore } from '../../src/runtime/snapshot-store.js';
import { App } from '../../src/ui/App.js';
import { fixtureText } from '../helpers/fixtures.js';
import { renderAt } from '../helpers/ink-harness.js';
import { killCounter, row, scriptedSource, snapshotOf } from '../helpers/rows.js';

const HOST = { hostname: 'h', kernel: '6.8.0', distro: null };
const LOG = { source: '/dev/kmsg', unavailable: null, lostRecords: 0, error: null };

test('a snapshot published before the App mounts is an arrival: its kill opens the panel at once', async () => {
  const processes = [row(1, 'alpha', 900, 1000)];
  const tracker = new IncidentTracker();
  tracker.update(snapshotOf(processes, { oomKills: 0 }), []);
  const kill = { oomKills: 1, oomKillCounter: killCounter(1, 0, 2_000) };
  tracker.update(snapshotOf(processes, kill), parseOomReports(fixtureText('oom', 'real-memcg-v1-6.18-kmsg.txt')).slice(0, 1));
  // A long interval: no second tick comes during the test to open the panel instead.
  const store = startSnapshotStore(scriptedSource(snapshotOf(processes, { ...kill, oom: tracker.session(LOG) })), 60_000);
  assert.equal(await store.firstPublication(5_000), true);
  const harness = renderAt(<App feed={store} host={HOST} intervalMs={60_000} color={false} />, 100, 40);
  try {
    // Within the harness's 3 s, where the next tick would come after 60 s.
    const frame = await harness.waitFor((f) => f.includes(' OOM 1/1'));
    assert.match(frame, /alpha/);
  } finally {
    harness.unmount();
    store.stop();
  }
});
