// The snapshot store: the tick loop outside React that the UI subscribes to. The test drives the ticks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Snapshot, SnapshotSource } from '../../src/model/snapshot.js';
import { startSnapshotStore } from '../../src/runtime/snapshot-store.js';
import type { Ticker } from '../../src/runtime/ticker.js';
import { killCounter, row, scriptedSource, snapshotOf } from '../helpers/rows.js';

/** A ticker that ticks when the test says so. */
function manualTicker() {
  const ticks: { run: (() => Promise<void> | void) | null; intervalMs: number; stopped: boolean } = { run: null, intervalMs: 0, stopped: false };
  const start = (intervalMs: number, run: () => Promise<void> | void): Ticker => {
    Object.assign(ticks, { run, intervalMs });
    return { stop: () => void (ticks.stopped = true) };
  };
  return { start, ticks, tick: async () => ticks.run?.() };
}

function listen(store: { subscribe: (listener: () => void) => () => void }) {
  const heard = { count: 0, unsubscribe: () => {} };
  heard.unsubscribe = store.subscribe(() => void heard.count++);
  return heard;
}

test('each tick publishes its snapshot to the subscribers; current() holds it until the next', async () => {
  const source = scriptedSource(snapshotOf([row(1, 'alpha', 900, 1000)]));
  const ticker = manualTicker();
  const store = startSnapshotStore(source, 40, ticker.start);
  assert.equal(ticker.ticks.intervalMs, 40);
  assert.deepEqual(store.current(), { snapshot: null, error: null }, 'nothing before the first tick');
  const heard = listen(store);
  await ticker.tick();
  assert.equal(heard.count, 1);
  const first = store.current();
  assert.equal(first.snapshot, source.current);
  assert.equal(store.current(), first, 'the same object until the next publication (useSyncExternalStore needs that)');
  source.current = snapshotOf([row(2, 'bravo', 800, 1000)]);
  await ticker.tick();
  assert.equal(heard.count, 2);
  assert.equal(store.current().snapshot?.processes[0]?.name, 'bravo');
  heard.unsubscribe();
  await ticker.tick();
  assert.equal(heard.count, 2, 'an unsubscribed listener hears nothing');
  store.stop();
});

test('paused, ticks go on sampling and the list holds still; resuming publishes the newest at once', async () => {
  const source = scriptedSource(snapshotOf([row(1, 'alpha', 900, 1000)]));
  const ticker = manualTicker();
  const store = startSnapshotStore(source, 40, ticker.start);
  const heard = listen(store);
  await ticker.tick();
  store.setPaused(true);
  source.current = snapshotOf([row(2, 'bravo', 800, 1000)]);
  await ticker.tick();
  await ticker.tick();
  assert.equal(source.calls, 3, 'sampling goes on');
  assert.equal(store.current().snapshot?.processes[0]?.name, 'alpha', 'the screen holds still');
  store.setPaused(false);
  assert.equal(store.current().snapshot?.processes[0]?.name, 'bravo', 'published on resume, not at the next tick');
  const afterResume = heard.count;
  store.setPaused(false);
  assert.equal(heard.count, afterResume, 'nothing new: nothing published');
  store.stop();
});

test('paused, a kill is news: the counter, the OOM session and the cgroup kill line come from the newest tick', async () => {
  const tick = { key: '1:/batch', version: 1 as const, path: '/batch', kills: 1, total: 2, atMs: 5000 };
  const source = scriptedSource(snapshotOf([row(1, 'alpha', 900, 1000)], { oomKills: 4, cgroups: { list: [], truncated: false, recentOomKills: [] } }));
  const ticker = manualTicker();
  const store = startSnapshotStore(source, 40, ticker.start);
  const heard = listen(store);
  await ticker.tick();
  store.setPaused(true);
  const oom = { incidents: [], killsSeen: 1, reportsSeen: 0, killsVsReports: null, log: { source: null, unavailable: null, lostRecords: 0, error: null }, userspace: { kills: [], log: null } };
  source.current = snapshotOf([row(2, 'bravo', 800, 1000)], {
    monotonicMs: 5000,
    oomKills: 5,
    oomKillCounter: killCounter(5, 4, 5000),
    oom,
    cgroups: { list: [], truncated: false, recentOomKills: [tick] },
  });
  const before = heard.count;
  await ticker.tick();
  assert.equal(heard.count, before + 1, 'the news is published while paused');
  const shown = store.current().snapshot!;
  assert.equal(shown.processes[0]?.name, 'alpha', 'the list holds still');
  assert.equal(shown.oomKills, 5);
  assert.equal(shown.oomKillCounter.lastIncreaseMs, 5000);
  assert.equal(shown.oom?.killsSeen, 1);
  assert.deepEqual(shown.cgroups?.recentOomKills, [tick]);
  assert.equal(shown.monotonicMs, 5000, 'ages count on');
  store.stop();
});

test('a failing tick publishes its error and keeps the last snapshot on screen', async () => {
  const good = snapshotOf([row(1, 'alpha', 900, 1000)]);
  let failure: Error | null = null;
  const source: SnapshotSource = { next: async () => {
    if (failure) throw failure;
    return good;
  } };
  const ticker = manualTicker();
  const store = startSnapshotStore(source, 40, ticker.start);
  await ticker.tick();
  failure = new Error('EMFILE: too many open files');
  await ticker.tick();
  assert.deepEqual(store.current(), { snapshot: good, error: 'EMFILE: too many open files' });
  failure = null;
  await ticker.tick();
  assert.deepEqual(store.current(), { snapshot: good, error: null });
  store.stop();
});

test('stop ends the tick loop and drops its listeners; a tick in flight is not published', async () => {
  const sample: { answer?: (snapshot: Snapshot) => void } = {};
  const source: SnapshotSource = { next: () => new Promise((resolve) => void (sample.answer = resolve)) };
  const ticker = manualTicker();
  const store = startSnapshotStore(source, 40, ticker.start);
  const heard = listen(store);
  const inFlight = ticker.tick();
  store.stop();
  assert.equal(ticker.ticks.stopped, true);
  assert.ok(sample.answer, 'the tick was waiting for its sample');
  sample.answer(snapshotOf([]));
  await inFlight;
  assert.equal(heard.count, 0);
  assert.equal(store.current().snapshot, null);
});

test('focus is passed on to the source', () => {
  const focused: string[][] = [];
  const store = startSnapshotStore({ next: async () => snapshotOf([]), focus: (keys) => void focused.push([...keys]) }, 40, manualTicker().start);
  store.focus(['1:10', '2:20']);
  assert.deepEqual(focused, [['1:10', '2:20']]);
  store.stop();
});

test('firstPublication: true once the first tick has published, false when the wait runs out first', async () => {
  const ticker = manualTicker();
  const store = startSnapshotStore(scriptedSource(snapshotOf([row(1, 'alpha', 900, 1000)])), 40, ticker.start);
  assert.equal(await store.firstPublication(5), false, 'no tick yet');
  const waiting = store.firstPublication(60_000);
  await ticker.tick();
  assert.equal(await waiting, true);
  assert.equal(await store.firstPublication(60_000), true, 'and at once afterwards');
  store.stop();
});
