// The cgroup view and a cgroup's own kill list, on snapshots the test controls.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { MemoryCgroup } from '../../src/cgroupfs/memory-cgroup.js';
import { KEYS, type Harness } from '../helpers/ink-harness.js';
import { renderApp } from '../helpers/app.js';
import { memoryCgroup } from '../helpers/cgroups.js';
import { row, scriptedSource, snapshotOf } from '../helpers/rows.js';

const HOST = { hostname: 'h', kernel: '6.8.0', distro: null };
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
  assert.match(lines[0]!, /^> +90M +100M \[\|+ *\] +90% .* 2 \/web\.slice\/app\.service/);
  assert.match(lines[1]!, /50M +200M \[\|+ *\] +25% .* \/batch\.service/);
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
  await screen.waitFor((f) => /cgroup \/batch\.service: 1 OOM kill 8s ago/.test(f));
});
