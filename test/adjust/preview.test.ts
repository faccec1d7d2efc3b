// Preview arithmetic: the kernel's oom_score formula, worked by hand (src/model/adjust-preview.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPreview, killRank, predictScore, previewAdjustment, scoreFor } from '../../src/model/steering/preview.js';
import { detectScoreScale, scoreScaleForRelease } from '../../src/model/ranking/killable.js';
import { ranked, row } from '../helpers/rows.js';

// 5.9+: score = floor(2·(1000 + trunc(x)) / 3), x = footprint F + adj (permille of RAM + swap).

test('5.9+: mysqld at score 1231, adj 0 → -500 reads 898', () => {
  // floor(2q/3) = 1231 ⇒ q ∈ [1846.5, 1848) ⇒ q = 1847 ⇒ trunc(x) = 847 ⇒ F ∈ [847, 848), middle 847.5.
  // New x = 847.5 - 500 = 347.5 ⇒ trunc 347 ⇒ q = 1347 ⇒ floor(2694 / 3) = 898.
  assert.deepEqual(predictScore({ score: 1231, adj: 0 }, -500, '5.9+'), { score: 898, approximate: false });
});

test('5.9+: an idle process (666 at adj 0) across the range', () => {
  // floor(2q/3) = 666 ⇒ q ∈ {999, 1000} ⇒ trunc(x) ∈ {-1, 0} ⇒ x ∈ (-2, 1); F ≥ 0 ⇒ F ∈ [0, 1), middle 0.5.
  const idle = { score: 666, adj: 0 };
  const expected: [number, number][] = [
    [-500, 334], // x = -499.5 → trunc -499 → q 501 → floor(1002/3) = 334
    [-100, 600], // x = -99.5 → -99 → 901 → floor(1802/3) = 600
    [100, 733], //  x = 100.5 → 100 → 1100 → floor(2200/3) = 733
    [500, 1000], // 500.5 → 500 → 1500 → 1000
    [1000, 1333], // 1000.5 → 1000 → 2000 → floor(4000/3) = 1333
    [-999, 1], //   -998.5 → -998 → 2 → floor(4/3) = 1
    [-1000, 0], //  unkillable: the kernel prints 0
    [0, 666],
  ];
  for (const [adj, score] of expected) assert.equal(predictScore(idle, adj, '5.9+')?.score, score, `adj ${adj}`);
});

test('5.9+: back from -500 (score 334); the RSS hint picks the right end of the window', () => {
  // floor(2q/3) = 334 ⇒ q ∈ {501, 502} ⇒ trunc(x) ∈ {-499, -498} ⇒ x ∈ (-500, -498] ⇒ F ∈ (0, 2], middle 1.
  // Without a hint: x' = 1 ⇒ q = 1001 ⇒ 667. A tiny process (F ≈ 0.03) really reads 666: the hint says so.
  assert.equal(predictScore({ score: 334, adj: -500 }, 0, '5.9+')?.score, 667);
  assert.equal(predictScore({ score: 334, adj: -500 }, 0, '5.9+', 0.03)?.score, 666);
  // A hint outside the window is clamped into it (F = 2 ⇒ q 1002 ⇒ 668): the score is the kernel's word.
  assert.equal(predictScore({ score: 334, adj: -500 }, 0, '5.9+', 50)?.score, 668);
});

test('pre-5.9: score = floor(max(x, 0)); 0 at or below zero', () => {
  // 120 ⇒ x ∈ [120, 121) ⇒ F = 120.5; -100 ⇒ 20.5 ⇒ 20; -500 ⇒ below zero ⇒ 0.
  assert.deepEqual(predictScore({ score: 120, adj: 0 }, -100, 'pre-5.9'), { score: 20, approximate: false });
  assert.equal(predictScore({ score: 120, adj: 0 }, -500, 'pre-5.9')?.score, 0);
  assert.equal(predictScore({ score: 120, adj: 0 }, 300, 'pre-5.9')?.score, 420);
  // 0 at adj -500 says only F < 501: loose, unless the RSS says where.
  assert.equal(predictScore({ score: 0, adj: -500 }, 0, 'pre-5.9')?.approximate, true);
  assert.equal(predictScore({ score: 0, adj: -500 }, 0, 'pre-5.9', 50)?.score, 50);
  // An idle adj-0 process reads 0 and stays near 0 when raised a little.
  assert.equal(predictScore({ score: 0, adj: 0 }, 100, 'pre-5.9')?.score, 100);
});

test('from -1000 the score (0) says nothing: the hint or 0 is used and the result is marked approximate', () => {
  assert.deepEqual(predictScore({ score: 0, adj: -1000 }, 0, '5.9+'), { score: 666, approximate: true });
  assert.deepEqual(predictScore({ score: 0, adj: -1000 }, 0, '5.9+', 300), { score: 866, approximate: true });
  assert.equal(predictScore({ score: null, adj: 0 }, 100, '5.9+'), null);
});

test('scoreFor stays within 0..2000', () => {
  assert.equal(scoreFor(1000, 1000, '5.9+'), 2000);
  assert.equal(scoreFor(1500, 1000, '5.9+'), 2000);
  assert.equal(scoreFor(0, -1000, '5.9+'), 0);
  assert.equal(scoreFor(0, -999, 'pre-5.9'), 0);
});

test('scale from the kernel release, and detected from the rows', () => {
  assert.equal(scoreScaleForRelease('6.8.0-51-generic'), '5.9+');
  assert.equal(scoreScaleForRelease('5.9.0'), '5.9+');
  assert.equal(scoreScaleForRelease('5.8.18-100.fc31.x86_64'), 'pre-5.9');
  assert.equal(scoreScaleForRelease('4.19.0-27-amd64'), 'pre-5.9');
  assert.equal(scoreScaleForRelease('3.10.0-1160.el7.x86_64'), 'pre-5.9');
  assert.equal(scoreScaleForRelease('unknown'), null);
  const modern = [row(1, 'a', 667, 100), row(2, 'b', 670, 100), row(3, 'c', 900, 100)];
  // Before 5.9 idle processes read a few permille; one holding 70% of memory reads 700.
  const legacy = [row(1, 'a', 1, 100), row(2, 'b', 3, 100), row(3, 'c', 5, 100), row(4, 'big', 700, 9e6)];
  assert.equal(detectScoreScale(modern), '5.9+');
  assert.equal(detectScoreScale(legacy), 'pre-5.9');
  assert.equal(detectScoreScale([]), '5.9+');
});

/** The kill list of the design sketch, plus what the kernel never picks. */
function killList() {
  return ranked([
    row(1234, 'mysqld', 1231, 7_500_000),
    row(4242, 'php-fpm', 701, 420_000),
    row(5000, 'sleep', 667, 800),
    row(5001, 'cron', 666, 3_000),
    row(701, 'sshd', 0, 4_000, { oomScoreAdj: -1000 }),
    row(1, 'systemd', 0, 12_000),
    row(2, 'kthreadd', 0, 0, { kernelThread: true, rssKb: null }),
  ]);
}

test('rank: 1-based among killable processes; -500/-700/-800/-900 move mysqld down the list', () => {
  const rows = killList();
  const mysqld = rows[0]!;
  // F = 847.5 (above). -700 ⇒ x 147.5 ⇒ q 1147 ⇒ 764 (still first); -800 ⇒ 47.5 ⇒ 1047 ⇒ 698 (below php-fpm's
  // 701); -900 ⇒ -52.5 ⇒ trunc -52 ⇒ 948 ⇒ 632 (below sleep 667 and cron 666: last of four).
  const cases: [number, number, number][] = [[-500, 898, 1], [-700, 764, 1], [-800, 698, 2], [-900, 632, 4]];
  for (const [adj, score, rank] of cases) {
    const preview = previewAdjustment(mysqld, adj, rows, { scale: '5.9+' });
    assert.equal(preview.toScore, score, `adj ${adj}`);
    assert.equal(preview.fromRank, 1);
    assert.equal(preview.toRank, rank, `adj ${adj}`);
  }
  assert.equal(formatPreview(previewAdjustment(mysqld, -900, rows, { scale: '5.9+' })), 'mysqld  adj 0 → -900  score 1231 → 632  rank 1 → 4');
});

test('rank: -1000 is unkillable (after every killable process); equal scores go by RSS, then pid', () => {
  const rows = killList();
  const preview = previewAdjustment(rows[0]!, -1000, rows, { scale: '5.9+' });
  assert.equal(preview.toScore, 0);
  assert.equal(preview.toRank, null);
  assert.equal(formatPreview(preview), 'mysqld  adj 0 → -1000  score 1231 → 0  rank 1 → unkillable');
  // cron (666, 3 MB) raised by 1 permille would tie sleep (667, 0.8 MB) and win on RSS.
  const cron = rows[3]!;
  assert.equal(killRank(cron, 666, 0, rows, '5.9+'), 4);
  assert.equal(killRank(cron, 667, 1, rows, '5.9+'), 3);
  // sshd (adj -1000) and init (score 0) are not ranked; raising sshd makes it killable.
  assert.equal(killRank(rows[4]!, 0, -1000, rows, '5.9+'), null);
  assert.equal(killRank(rows[5]!, 0, 0, rows, '5.9+'), null);
  // From -1000 the footprint is unknown (taken as 0 without a hint): 666, "~"; it ties cron at 666 and wins on
  // RSS (4 MB against 3 MB), so fourth.
  const sshd = previewAdjustment(rows[4]!, 0, rows, { scale: '5.9+' });
  assert.equal(formatPreview(sshd), 'sshd  adj -1000 → 0  score 0 → ~666  rank unkillable → 4');
});

test('preview: the RSS hint from MemTotal + SwapTotal, unknown score shows ?', () => {
  const rows = killList();
  // sleep at 667: floor(2q/3) = 667 ⇒ q ∈ [1000.5, 1002) ⇒ q = 1001 ⇒ F ∈ [1, 2), middle 1.5 ⇒ -500 gives 334.
  // Its RSS (800 KiB of 8 GB) says F ≈ 0.1, clamped to 1: -500 ⇒ x = -499 ⇒ q 501 ⇒ 334.
  const sleep = rows[2]!;
  assert.equal(previewAdjustment(sleep, -500, rows, { scale: '5.9+', totalKb: 8_000_000 }).toScore, 334);
  assert.equal(previewAdjustment(sleep, -500, rows, { scale: '5.9+' }).toScore, 334);
  // A row without a score is not ranked (the sampler gives it no killRank).
  const unknown = previewAdjustment({ ...sleep, oomScore: null, killRank: null }, 100, rows, { scale: '5.9+' });
  assert.equal(formatPreview(unknown), 'sleep  adj 0 → 100  score ? → ?  rank - → -');
});
