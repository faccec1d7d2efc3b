// The next kill on the main screen: one line under the title naming the soonest predicted kill across
// scopes and killers, the kernel setting that changes it, and the kill list's marks on its victims.
// Rendered frames at 80x24 and 120x40.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import chalk from 'chalk';
import stringWidth from 'string-width';
import type { NextKill } from '../../src/model/forecast/types.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { renderApp } from '../helpers/app.js';
import { memoryCgroup } from '../helpers/cgroups.js';
import type { Harness } from '../helpers/ink-harness.js';
import { DEFAULT_POLICY, quietForecast, row, scriptedSource, snapshotOf } from '../helpers/rows.js';

const HOST = { hostname: 'h', kernel: '6.8.0', distro: null };
const MB = 1024;
let harness: Harness | null = null;
afterEach(() => {
  harness?.unmount();
  harness = null;
});

const mysqld = row(1234, 'mysqld', 1231, 7_549_747);
const python = row(15161, 'python3', 700, 300 * MB, { memoryCgroup: '/app.slice/app.service' });
const helper = row(15170, 'helper', 690, 40 * MB, { memoryCgroup: '/app.slice/app.service' });
const app = memoryCgroup({ path: '/app.slice/app.service', usageKb: 300 * MB, limitKb: 390 * MB, pids: [15161, 15170] });
const batch = memoryCgroup({ path: '/batch.slice', usageKb: 10 * MB, limitKb: 100 * MB });

const memcgKill: NextKill = {
  scope: 'memcg', cgroup: app.path, killer: 'kernel', outcome: 'kill', etaSeconds: 180, victims: [{ pid: 15161, name: 'python3' }],
  usageKb: 300 * MB, limitKb: 390 * MB, growthKbPerMin: 20 * MB * 60, provisional: false, reason: null,
};

function snapshotWith(nextKill: NextKill | null, extra: Partial<Snapshot> = {}): Snapshot {
  return snapshotOf([mysqld, python, helper], {
    cgroups: { list: [app, batch], truncated: false, recentOomKills: [] },
    forecast: { ...quietForecast(mysqld), nextKill },
    ...extra,
  });
}

async function render(snapshot: Snapshot, columns: number, rows: number, color = false): Promise<Harness> {
  harness?.unmount();
  harness = renderApp({ source: scriptedSource(snapshot), host: HOST, intervalMs: 1000, color }, columns, rows);
  await harness.waitFor((frame) => frame.includes('mysqld'));
  return harness;
}

/** The line under the title; every line of the frame fits the terminal, and the frame is rows-1 lines. */
function headline(screen: Harness, columns: number, rows: number): string {
  const lines = screen.lines();
  assert.equal(lines.length, rows - 1);
  for (const line of lines) assert.ok(stringWidth(line) <= columns, `too wide: ${line}`);
  return lines[1]!.trimEnd();
}

const SIZES = [[80, 24], [120, 40]] as const;

test('72 and 60 columns: the quiet line gives up its detail before it is cut', async () => {
  assert.equal(headline(await render(snapshotWith(null), 72, 22), 72, 22), 'next kill: nothing is approaching a limit (box ETA none; 2 cgroups flat)');
  assert.equal(headline(await render(snapshotWith(null), 60, 20), 60, 20), 'next kill: nothing is approaching a limit (box ETA none)');
});

for (const [columns, rows] of SIZES) {
  test(`${columns}x${rows}: a cgroup's kill, with its scope, figures, slope and victim; the MEM line keeps the box's ETA`, async () => {
    const screen = await render(snapshotWith(memcgKill), columns, rows);
    assert.equal(headline(screen, columns, rows), 'next kill ~3m: app.service 300M/390M +20M/s → python3 15161');
    assert.match(screen.lines()[2]!, /^MEM .* box ETA —/);
  });

  test(`${columns}x${rows}: an early ETA is marked "?"`, async () => {
    const screen = await render(snapshotWith({ ...memcgKill, etaSeconds: 20, provisional: true }), columns, rows);
    assert.equal(headline(screen, columns, rows), 'next kill ~20s?: app.service 300M/390M +20M/s → python3 15161');
  });

  test(`${columns}x${rows}: a panic outcome says the box panics, and the setting behind it`, async () => {
    const panic = { ...memcgKill, outcome: 'panic' as const, victims: [], reason: 'vm.panic_on_oom=2: even a cgroup OOM panics the box' };
    const screen = await render(snapshotWith(panic, { policy: { ...DEFAULT_POLICY, panicOnOom: 2 } }), columns, rows);
    assert.equal(headline(screen, columns, rows), 'next OOM ~3m: app.service 300M/390M +20M/s → the box panics (panic_on_oom=2)');
    assert.equal(screen.lines()[2]!.trimEnd(), 'panic_on_oom=2: every OOM panics the box, cgroup OOMs too');
  });

  test(`${columns}x${rows}: a userspace killer names itself, its victim and (room permitting) its rule`, async () => {
    const earlyoom: NextKill = {
      scope: 'global', cgroup: null, killer: 'earlyoom', outcome: 'kill', etaSeconds: 40, victims: [{ pid: 1234, name: 'mysqld' }],
      usageKb: null, limitKb: null, growthKbPerMin: null, provisional: false, reason: 'mem avail ≤ 10.00% of 7811 MiB (no swap: memory alone); SIGKILL at 5.00%',
    };
    const screen = await render(snapshotWith(earlyoom), columns, rows);
    const line = headline(screen, columns, rows);
    if (columns >= 120) assert.equal(line, `next kill: earlyoom in ~40s → mysqld 1234 · ${earlyoom.reason}`);
    else assert.equal(line, 'next kill: earlyoom in ~40s → mysqld 1234', 'the rule goes first when the line is short of room');
  });

  test(`${columns}x${rows}: nothing approaching a limit is said in words`, async () => {
    const screen = await render(snapshotWith(null), columns, rows);
    assert.equal(headline(screen, columns, rows), 'next kill: nothing is approaching a limit (box ETA none; 2 limited cgroups flat)');
  });

  test(`${columns}x${rows}: a userspace killer about to act says "now", not "in now"`, async () => {
    const now: NextKill = {
      scope: 'global', cgroup: null, killer: 'earlyoom', outcome: 'kill', etaSeconds: 0, victims: [{ pid: 1234, name: 'mysqld' }],
      usageKb: null, limitKb: null, growthKbPerMin: null, provisional: false, reason: null,
    };
    assert.equal(headline(await render(snapshotWith(now), columns, rows), columns, rows), 'next kill: earlyoom now → mysqld 1234');
  });

  test(`${columns}x${rows}: a non-default OOM setting is said under the next kill`, async () => {
    const screen = await render(snapshotWith(null, { policy: { ...DEFAULT_POLICY, oomKillAllocatingTask: true } }), columns, rows);
    headline(screen, columns, rows);
    assert.equal(screen.lines()[2]!.trimEnd(), 'oom_kill_allocating_task=1: the allocating task dies, not the top of the list');
    const panic = await render(snapshotWith(null, { policy: { ...DEFAULT_POLICY, panicOnOom: 1, oomKillAllocatingTask: true } }), columns, rows);
    assert.equal(panic.lines()[2]!.trimEnd(), 'panic_on_oom=1: a global OOM panics the box', 'a panic comes first: the allocating task never gets a say');
  });
}

test('the box: its usage of RAM + swap, the shrinking headroom per minute, its victim', async () => {
  const box: NextKill = { ...quietForecast(mysqld).global, etaSeconds: 250, usageKb: 7_700_000, limitKb: 8_000_000, growthKbPerMin: 30 * MB };
  const screen = await render(snapshotWith(box), 80, 24);
  assert.equal(headline(screen, 80, 24), 'next kill ~4m: the box 7.3G/7.6G +30M/min → mysqld 1234');
});

/** The process rows, by pid. */
function rowOf(screen: Harness, pid: number): string {
  return screen.lines().find((line) => new RegExp(`^[> ]*${pid} `).test(line)) ?? '';
}

test('the kill list marks every victim of the next kill: COMMAND starts with "!"; nobody else\'s', async () => {
  const group = { ...memcgKill, victims: [{ pid: 15161, name: 'python3' }, { pid: 15170, name: 'helper' }] };
  const screen = await render(snapshotWith(group), 80, 24);
  assert.equal(headline(screen, 80, 24), 'next kill ~3m: app.service 300M/390M +20M/s → python3 15161 +1 more');
  assert.match(rowOf(screen, 15161), / !python3$/);
  assert.match(rowOf(screen, 15170), / !helper$/);
  assert.doesNotMatch(rowOf(screen, 1234), /!/, 'the box would kill mysqld, but the cgroup goes first');
  // Nothing approaching: the box's own answer is marked.
  const quiet = await render(snapshotWith(null), 80, 24);
  assert.match(rowOf(quiet, 1234), / !mysqld$/);
  assert.doesNotMatch(rowOf(quiet, 15161), /!/);
});

test('GROW/m: an early slope is drawn with "~"', async () => {
  const fresh = row(15161, 'python3', 700, 300 * MB, { growthKbPerMin: 120 * MB, growthProvisional: true });
  const settled = row(15170, 'helper', 690, 40 * MB, { growthKbPerMin: 60 * MB });
  const screen = await render(snapshotOf([mysqld, fresh, settled]), 120, 40);
  assert.match(rowOf(screen, 15161), / ~\+120M x\.service/);
  assert.match(rowOf(screen, 15170), / {2}\+60M x\.service/);
});

test('with colour, the selected victim stays red: inverse video in the row\'s own colour', async () => {
  const level = chalk.level;
  chalk.level = 1;
  try {
    const screen = await render(snapshotWith(null), 80, 24, true);
    const lines = screen.rawFrame().split('\n');
    const selected = lines.find((line) => line.includes('!mysqld') && line.includes('\x1b[7m'));
    assert.ok(selected !== undefined, 'mysqld, the first row, is selected (inverse)');
    assert.match(selected, /\x1b\[31m/, 'and still red');
    const other = lines.find((line) => line.includes('python3') && !line.includes('next kill'))!;
    assert.doesNotMatch(other, /\x1b\[(31|7)m/, 'another row is neither');
  } finally {
    chalk.level = level;
  }
});

test('help: how to read the next kill, and a line per OOM setting with its value here', async () => {
  const tall = await render(snapshotWith(null), 120, 40);
  await tall.press('?');
  const help = await tall.waitFor((frame) => frame.includes('oom_score'));
  assert.match(help, /next kill {2}\? {2}! +the soonest OOM of any scope; \? early guess; ! its victim/);
  assert.match(help, /panic_on_oom=0: an OOM kills a process \(1: a global OOM panics the box; 2: any\)/);
  assert.match(help, /oom_kill_allocating_task=0: a global OOM kills the top of the list/);
  // At 80x24 the first page is the keys and how to read SCORE; the legend and the settings are on the next.
  const small = await render(snapshotWith(null), 80, 24);
  await small.press('?');
  const first = await small.waitFor((frame) => frame.includes('oom_score'));
  assert.match(first, /-1000 makes a process unkillable/);
  assert.doesNotMatch(first, /panic_on_oom/);
  await small.press(' ');
  const second = await small.waitFor((frame) => frame.includes('OOM SETTINGS HERE'));
  assert.match(second, /the soonest OOM of any scope/);
  assert.match(second, /panic_on_oom=0/);
  // A setting that changes the answer is in the header whatever the help shows.
  const panics = await render(snapshotWith(null, { policy: { ...DEFAULT_POLICY, panicOnOom: 1 } }), 80, 24);
  const shown = await panics.waitFor((frame) => frame.includes('panic_on_oom=1'));
  assert.match(shown, /panic_on_oom=1: a global OOM panics the box/);
  assert.ok(panics.lines().length <= 23);
});
