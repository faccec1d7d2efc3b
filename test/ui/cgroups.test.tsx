// The cgroup view and a cgroup's own kill list, on snapshots the test controls.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import chalk from 'chalk';
import { cgroupKey, type MemoryCgroup } from '../../src/cgroupfs/memory-cgroup.js';
import type { CgroupForecast } from '../../src/model/forecast/types.js';
import { fitPathEnd, troubleWords } from '../../src/ui/lines/cgroup-columns.js';
import { KEYS, type Harness } from '../helpers/ink-harness.js';
import { renderApp } from '../helpers/app.js';
import { memoryCgroup } from '../helpers/cgroups.js';
import { IncidentTracker } from '../../src/model/incidents/incidents.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { fixtureText } from '../helpers/fixtures.js';
import { killCounter, quietForecast, row, scriptedSource, snapshotOf } from '../helpers/rows.js';

const HOST = { hostname: 'h', kernel: '6.8.0', distro: null };
const LOG = { source: '/dev/kmsg', unavailable: null, lostRecords: 0, error: null };
let harness: Harness | null = null;
afterEach(() => {
  harness?.unmount();
  harness = null;
});

function cgroup(path: string, usageKb: number, limitKb: number | null, pids: number[], oomKills = 0): MemoryCgroup {
  return memoryCgroup({ path, usageKb, limitKb, pids, swapKb: 0, oomKills, oomKillsLocal: oomKills, oomEvents: oomKills });
}

// In a 100 MiB cgroup an adj of -500 is worth -50 MiB, so "big" (80 MiB, adj -500: 30 MiB of badness)
// ranks below "small" (40 MiB, adj 0). Machine-wide, oom_score puts big first: against 8 GiB of RAM
// its 80 MiB outweighs the same adj. The kernel's order depends on which wall is hit.
const big = row(10, 'big', 700, 80 * 1024, { oomScoreAdj: -500, cgroup: '/web.slice/app.service' });
const small = row(11, 'small', 668, 40 * 1024, { cgroup: '/web.slice/app.service' });
const other = row(12, 'other', 690, 50 * 1024, { cgroup: '/batch.service' });
const cgroups = [
  cgroup('/web.slice', 90 * 1024, null, []),
  cgroup('/web.slice/app.service', 90 * 1024, 100 * 1024, [10, 11]),
  cgroup('/batch.service', 50 * 1024, 200 * 1024, [12]),
];

function start() {
  const source = scriptedSource(
    snapshotOf([big, other, small], { cgroups: { list: cgroups, truncated: false, recentOomKills: [] } }),
  );
  harness = renderApp({ source, host: HOST, intervalMs: 40, color: false }, 100, 30);
  return { screen: harness, source };
}

test('c lists limited cgroups nearest their limit first, with usage, limit and a bar', async () => {
  const { screen } = start();
  await screen.waitFor((f) => f.includes('big'));
  await screen.press('c');
  const frame = await screen.waitFor((f) => f.includes('USAGE LIMIT'));
  const all = frame.split('\n');
  const lines = all.slice(all.findIndex((l) => l.includes('USAGE LIMIT')) + 1).filter((l) => l.includes('/'));
  assert.match(lines[0]!, /^> +90M +100M +- \[\|+ *\] +90% .* 2 \/web\.slice\/app\.service/);
  assert.match(lines[1]!, /50M +200M +- \[\|+ *\] +25% .* \/batch\.service/);
  assert.ok(!frame.includes('/web.slice '), 'an unlimited cgroup without processes is not listed');
});

test('Enter shows the cgroup kill list ranked by badness against its limit; Esc goes back', async () => {
  const { screen } = start();
  await screen.waitFor((f) => f.includes('big'));
  await screen.press('c');
  await screen.waitFor((f) => f.includes('USAGE LIMIT'));
  await screen.press(KEYS.enter);
  const frame = await screen.waitFor((f) => f.includes('ranked as its OOM would'));
  assert.match(frame, /cgroup \/web\.slice\/app\.service: .* its limit of 100M/);
  const names = frame.split('\n').filter((l) => /^[> ] +1[01] /.test(l)).map((l) => l.trim().split(/\s+/).at(-1));
  assert.deepEqual(names, ['!small', 'big'], 'in the cgroup, small dies first (marked "!"); other is not in it');
  assert.ok(!/\bother\b/.test(frame));
  await screen.press(KEYS.escape);
  await screen.waitFor((f) => f.includes('USAGE LIMIT'));
});

test('a cgroup OOM kill is named in the header', async () => {
  const { screen, source } = start();
  await screen.waitFor((f) => f.includes('big'));
  const killed = cgroups.map((c) => (c.path === '/batch.service' ? { ...c, oomKills: 1 } : c));
  source.current = snapshotOf([big, small], {
    cgroups: {
      list: killed,
      truncated: false,
      recentOomKills: [{ key: '2:/batch.service', version: 2, path: '/batch.service', kills: 1, total: 1, atMs: 0 }],
    },
    monotonicMs: 8000,
  });
  await screen.waitFor((f) => /cgroup \/batch\.service: OOM kills 1 \(\+1, 8s ago\)/.test(f));
});

test('a kill while the cgroup view is up opens the OOM panel under it; Esc closes the panel, then the view', async () => {
  const { screen, source } = start();
  await screen.waitFor((f) => f.includes('big'));
  await screen.press('c');
  await screen.waitFor((f) => f.includes('USAGE LIMIT'));
  const tracker = new IncidentTracker();
  tracker.update(snapshotOf([], { oomKills: 0 }), []);
  const oneKill = { oomKills: 1, oomKillCounter: killCounter(1, 0, 2_000) };
  const [report] = parseOomReports(fixtureText('oom', 'real-memcg-v1-6.18-kmsg.txt'));
  tracker.update(snapshotOf([], oneKill), [{ ...report!, wallTime: '2026-11-28T07:18:58+00:00' }]);
  source.current = snapshotOf([big, other, small], {
    ...oneKill,
    oom: tracker.session(LOG),
    cgroups: { list: cgroups, truncated: false, recentOomKills: [] },
    takenAtMs: Date.parse('2026-11-28T07:19:00Z'),
  });
  const frame = await screen.waitFor((f) => f.includes(' OOM 1/1'));
  assert.match(frame, /^ OOM 1\/1 · \S+ \(2s ago\)/m, 'the wall time of the kill, as under the kill list');
  assert.match(frame, /USAGE LIMIT/, 'the cgroup view keeps the upper half');
  assert.match(frame, /\/web\.slice\/app\.service/);
  assert.ok(screen.lines().length <= 29, 'the frame still fits');
  await screen.press(KEYS.escape);
  const closed = await screen.waitFor((f) => !f.includes(' OOM 1/1'));
  assert.match(closed, /USAGE LIMIT/, 'Esc closed the panel, not the view');
  await screen.press(KEYS.escape);
  await screen.waitFor((f) => !f.includes('USAGE LIMIT') && f.includes('big'));
});

test("the header's cgroup kill line and the cgroup view count the same counter", async () => {
  const { screen, source } = start();
  await screen.waitFor((f) => f.includes('big'));
  // v2: memory.events counts the kills below too (3); memory.events.local the cgroup's own (2). oomlens
  // saw one of them happen.
  const killed = cgroups.map((c) => (c.path === '/batch.service' ? { ...c, oomKills: 3, oomKillsLocal: 2 } : c));
  source.current = snapshotOf([big, other, small], {
    cgroups: {
      list: killed,
      truncated: false,
      recentOomKills: [{ key: '2:/batch.service', version: 2, path: '/batch.service', kills: 1, total: 2, atMs: 0 }],
    },
    monotonicMs: 8000,
  });
  await screen.waitFor((f) => /cgroup \/batch\.service: OOM kills 2 \(\+1, 8s ago\)/.test(f));
  await screen.press('c');
  const frame = await screen.waitFor((f) => f.includes('USAGE LIMIT'));
  const line = frame.split('\n').find((l) => l.endsWith('/batch.service')) ?? '';
  assert.match(line, /kill 2\b/, `the view's EVENTS column counts the cgroup's own kills, as the header:\n${frame}`);
});

// The forecast columns: growth, time to the first limit on the path, the counters of trouble, memory.high.
const MB = 1024;
const leaking = memoryCgroup({ path: '/app.slice/leak.service', usageKb: 300 * MB, limitKb: 390 * MB, highKb: 280 * MB, highEvents: 40, maxEvents: 3, pids: [20] });
const stalled = memoryCgroup({ path: '/docker/stalled', version: 1, usageKb: 99 * MB, limitKb: 100 * MB, failcnt: 1200, underOom: true, oomKills: 2, oomKillsLocal: 2, pids: [21] });
const steady = memoryCgroup({ path: '/steady.service', usageKb: 50 * MB, limitKb: 400 * MB, pids: [22] });
const forecastOf = (cgroup: MemoryCgroup, growthKbPerMin: number | null, etaSeconds: number | null, provisional = false): CgroupForecast => ({
  key: cgroupKey(cgroup), path: cgroup.path, effectiveLimitKb: cgroup.limitKb, growthKbPerMin, provisional, etaSeconds,
  domainPath: etaSeconds === null ? null : cgroup.path, nextVictims: [],
});
const forecasts = [forecastOf(leaking, 20 * MB * 60, 270, true), forecastOf(stalled, 0, null), forecastOf(steady, 2 * MB, 10_000)];

function startForecasts(columns: number, rows: number, color = false) {
  const snapshot = snapshotOf([row(20, 'leak', 700, 300 * MB), row(21, 'stalled', 690, 99 * MB), row(22, 'steady', 600, 50 * MB)], {
    cgroups: { list: [leaking, stalled, steady], truncated: false, recentOomKills: [] },
    forecast: { ...quietForecast(), cgroups: forecasts },
  });
  harness = renderApp({ source: scriptedSource(snapshot), host: HOST, intervalMs: 1000, color }, columns, rows);
  return harness;
}

/** A cgroup's row, by the end of its path (narrow terminals keep only the end). */
const cgroupRow = (screen: Harness, name: string) => screen.lines().find((line) => line.trimEnd().endsWith(name)) ?? '';

for (const [columns, rows] of [[80, 24], [120, 40]] as const) {
  test(`${columns}x${rows}: the cgroup view shows growth, time to limit, memory.high and what already went wrong`, async () => {
    const screen = startForecasts(columns, rows);
    await screen.waitFor((f) => f.includes('leak'));
    await screen.press('c');
    await screen.waitFor((f) => f.includes('EVENTS'));
    const header = screen.lines().find((line) => line.includes('EVENTS'))!;
    assert.match(header, /USAGE LIMIT +HIGH USE +GROW\/m +ETA .*EVENTS +V CGROUP/);
    if (columns >= 120) assert.match(header, /ETA +SWAP +PSI EVENTS/, 'wide: swap and PSI too');
    else assert.doesNotMatch(header, /SWAP|PSI/, '80 columns: swap and PSI give way');
    // usage ≥ memory.high (280M of a 390M limit): the bar marks high with "h", and the row says "throttled".
    // The early growth and ETA are marked "~…" and "?".
    const leak = cgroupRow(screen, 'leak.service');
    assert.match(leak, /300M +390M +280M \[\|+h\|* *\] +77% +~\+1\.2G +~5m\? .*throttled /);
    if (columns >= 120) assert.match(leak, /throttled max 3 high 40 /, 'wide: every counter');
    const stalledRow = cgroupRow(screen, '/docker/stalled');
    assert.match(stalledRow, /99M +100M +- \[\|+ *\] +99% +flat +- .*under_oom .*1 \/docker\/stalled$/, 'v1: stalled in its OOM');
    if (columns >= 120) assert.match(stalledRow, /under_oom kill 2 /);
    assert.match(cgroupRow(screen, '/steady.service'), /50M +400M +- \[\|+ *\] +13% +\+2\.0M +~3h .*- +2 \/steady\.service$/);
    for (const line of screen.lines()) assert.ok(line.length <= columns, line);
    // The footer drops hints, never cuts one: the way back and q stay whole.
    const footer = screen.lines().at(-1)!.trimEnd();
    assert.match(footer, /^↑↓ select {2}s sort:USE% {2}Enter: its kill list.* {2}c\/Esc back {2}q quit$/);
    if (columns >= 120) assert.match(footer, /Enter: its kill list, ranked as its OOM would/);
  });
}

test('a long cgroup path keeps its end: ids shortened to 12 digits, then whole components dropped', () => {
  const id = '0123456789abcdef'.repeat(4);
  assert.equal(fitPathEnd('/process_api/2f24c06f82b7dc0068f89b3c4775cceb', 30).trimEnd(), '/process_api/2f24c06f82b7');
  assert.equal(fitPathEnd('/process_api/2f24c06f82b7dc0068f89b3c4775cceb', 20).trimEnd(), '…/2f24c06f82b7');
  assert.equal(fitPathEnd(`/kubepods.slice/kubepods-burstable.slice/cri-containerd-${id}.scope`, 60).trimEnd(), '…/kubepods-burstable.slice/cri-containerd-0123456789ab.scope');
  assert.equal(fitPathEnd('/system.slice/mysql.service', 16).trimEnd(), '…/mysql.service');
  assert.equal(fitPathEnd('/a/verylongcomponentname-that-is-long', 10), '…t-is-long', 'one component too long for the column: its end');
});

test('the cgroup view: every counter of trouble, worst first, in words', () => {
  assert.deepEqual(troubleWords(stalled), ['under_oom', 'kill 2', 'fail 1200']);
  assert.deepEqual(troubleWords(leaking), ['throttled', 'max 3', 'high 40']);
  assert.deepEqual(troubleWords(memoryCgroup({ path: '/x', oomEvents: 5, oomKills: 4, oomKillsLocal: 4, maxEvents: 12_345 })), ['kill 4', 'oom 5', 'max 12k']);
  assert.deepEqual(troubleWords(steady), []);
});

test('s in the cgroup view sorts by time to limit, then by growth, then by usage again', async () => {
  const screen = startForecasts(120, 40);
  await screen.waitFor((f) => f.includes('leak'));
  await screen.press('c');
  await screen.waitFor((f) => f.includes('EVENTS'));
  const order = () => screen.lines().filter((line) => /\/(app\.slice|docker|steady)/.test(line)).map((line) => line.trim().split(/\s+/).at(-1));
  assert.deepEqual(order(), ['/docker/stalled', '/app.slice/leak.service', '/steady.service'], 'nearest its limit first (99%)');
  assert.match(screen.lines().at(-1)!, /s sort:USE%/);
  await screen.press('s');
  assert.deepEqual(order(), ['/app.slice/leak.service', '/steady.service', '/docker/stalled'], 'soonest ETA first, none last');
  assert.match(screen.lines().at(-1)!, /s sort:ETA/);
  await screen.press('s');
  assert.deepEqual(order(), ['/app.slice/leak.service', '/steady.service', '/docker/stalled'], 'fastest growth first');
  assert.match(screen.lines().at(-1)!, /s sort:GROW/);
  await screen.press('s');
  assert.equal(order()[0], '/docker/stalled');
});

test('with colour, the selected cgroup keeps its warning: inverse video in the row\'s red', async () => {
  const level = chalk.level;
  chalk.level = 1;
  try {
    const screen = startForecasts(100, 30, true);
    await screen.waitFor((f) => f.includes('leak'));
    await screen.press('c');
    await screen.waitFor((f) => f.includes('EVENTS'));
    const selected = screen.rawFrame().split('\n').find((line) => line.includes('/docker/stalled'))!;
    assert.match(selected, /\x1b\[7m/, 'selected: the first row');
    assert.match(selected, /\x1b\[31m/, 'and still red (under_oom)');
  } finally {
    chalk.level = level;
  }
});
