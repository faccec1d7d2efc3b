// Skeleton rows (thousands of processes met at once at start-up): the screen says what their "-" means,
// and stops saying it once every row is complete.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { Harness } from '../helpers/ink-harness.js';
import { renderApp } from '../helpers/app.js';
import { row, scriptedSource, snapshotOf } from '../helpers/rows.js';

const HOST = { hostname: 'h', kernel: '6.8.0', distro: null };
let harness: Harness | null = null;
afterEach(() => {
  harness?.unmount();
  harness = null;
});

const SKELETON = { uid: null, user: '-', oomScoreAdj: null, rssAnonKb: null, rssFileKb: null, rssShmemKb: null, swapKb: null, partial: true };

test('skeleton rows: a header line counts them and says what "-" means; it goes once they are complete', async () => {
  const complete = [row(1000, 'mysqld', 900, 4_000_000), row(1001, 'java', 800, 2_000_000)];
  const skeletons = Array.from({ length: 1500 }, (_, i) => ({ ...row(2000 + i, `w${i}`, 666, 0), ...SKELETON, rssKb: null }));
  const source = scriptedSource(snapshotOf([...complete, ...skeletons]));
  harness = renderApp({ source, host: HOST, intervalMs: 40, color: false }, 100, 30);
  const frame = await harness.waitFor((f) => f.includes('mysqld'));
  assert.match(frame, /reading 1,500 more processes: "-" is not read yet/);
  const w0 = frame.split('\n').find((line) => / w0$/.test(line.trimEnd()));
  assert.ok(w0 !== undefined, 'a skeleton row is listed');
  assert.match(w0, /^ *2000 +- +666 +- +- /, 'PID, USER "-", SCORE, ADJ "-", RSS "-"');
  source.current = snapshotOf([...complete, ...skeletons.map((s) => ({ ...s, partial: false, rssKb: 1000, user: 'root', uid: 0, oomScoreAdj: 0 }))]);
  const after = await harness.waitFor((f) => !f.includes('more processes'));
  assert.ok(after.includes('mysqld'));
});

test('at 80 columns the skeleton line drops its second clause instead of being cut', async () => {
  const skeletons = Array.from({ length: 2023 }, (_, i) => ({ ...row(2000 + i, `w${i}`, 666, 0), ...SKELETON, rssKb: null }));
  harness = renderApp({ source: scriptedSource(snapshotOf([row(1000, 'mysqld', 900, 4_000_000), ...skeletons])), host: HOST, intervalMs: 40, color: false }, 80, 24);
  await harness.waitFor((f) => f.includes('mysqld'));
  const line = harness.lines().find((l) => l.startsWith('reading '));
  assert.equal(line?.trimEnd(), 'reading 2,023 more processes: "-" is not read yet');
});
