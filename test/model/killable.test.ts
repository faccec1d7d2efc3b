// Who the OOM killer may pick, and the kill ranks the sampler carries on each row: the same figures for the
// kill list, the adjust preview and a departed victim's "rank N of M", before and since Linux 5.9.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isKillable } from '../../src/model/ranking/killable.js';
import { nextVictim } from '../../src/model/ranking/kill-order.js';
import type { Clock } from '../../src/model/sampling/sampler.js';
import { previewAdjustment } from '../../src/model/steering/preview.js';
import { rootsUnder } from '../../src/procfs/roots.js';
import { createSampler } from '../../src/runtime/sampling.js';
import { fixturePath } from '../helpers/fixtures.js';
import { row } from '../helpers/rows.js';

const TREE = fixturePath('proc-basic');

function fakeClock(): Clock {
  let now = 1000;
  return { monotonicMs: () => (now += 1000), wallMs: () => 1_700_000_000_000 + now };
}

function withTree(edit: (proc: string) => void, check: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-killable-'));
  try {
    cpSync(TREE, dir, { recursive: true });
    edit(join(dir, 'proc'));
    check(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const samplerFor = (dir: string) =>
  createSampler({ roots: rootsUnder(dir), passwdPath: join(dir, 'etc', 'passwd'), clock: fakeClock(), intervalMs: 1000 });

const ranks = (rows: readonly { pid: number; killRank: number | null }[]) => rows.map((r) => [r.pid, r.killRank]);

test('isKillable: 0 is the kernel\'s "skipped" on 5.9+; before 5.9 a small process reads 0 and is still killable', () => {
  const idle = row(900, 'idle', 0, 800);
  assert.equal(isKillable(idle, '5.9+'), false);
  assert.equal(isKillable(idle, 'pre-5.9'), true, 'badness 1..totalpages/1000 prints as 0');
  assert.equal(isKillable({ ...idle, oomScore: 3 }, 'pre-5.9'), true);
  // What oom_badness() returns 0 for before 5.9, as the rows show it.
  assert.equal(isKillable({ ...idle, pid: 1 }, 'pre-5.9'), false, 'global init (oom_unkillable_task)');
  assert.equal(isKillable({ ...idle, kernelThread: true, rssKb: null }, 'pre-5.9'), false, 'a kernel thread');
  assert.equal(isKillable({ ...idle, oomScoreAdj: -1000 }, 'pre-5.9'), false, 'OOM_SCORE_ADJ_MIN');
  assert.equal(isKillable({ ...idle, rssKb: null }, 'pre-5.9'), false, 'no mm: a zombie has no VmRSS');
  assert.equal(isKillable({ ...idle, oomScoreAdj: null, rssKb: null }, 'pre-5.9'), false, 'a skeleton: not read yet');
  assert.equal(isKillable({ ...idle, oomScore: null }, 'pre-5.9'), false, 'no score: cannot be ranked');
  assert.equal(isKillable({ ...idle, oomScore: 666 }, '5.9+'), true);
  assert.equal(isKillable({ ...idle, oomScore: 666, oomScoreAdj: -1000 }, '5.9+'), false, 'an adj read after the score');
});

test('5.9+ tree: the scan ranks the killable rows 1..N; init, sshd at -1000 and kernel threads get none', () => {
  const snapshot = samplerFor(TREE).sample();
  assert.equal(snapshot.scoreScale, '5.9+', 'from the tree\'s kernel/osrelease (6.8.0-51)');
  assert.deepEqual(ranks(snapshot.processes), [
    [1234, 1], [4242, 2], [4243, 3], [888, 4], [889, 5], [990, 6], [1, null], [701, null], [2, null], [57, null],
  ]);
  assert.equal(nextVictim(snapshot.processes)?.pid, 1234);
});

// A 4.19 kernel prints badness·1000/totalpages (RAM + swap = 10,143,580 kB here): mysqld's 7.6 GB is 752‰,
// php-fpm's 410 MB 41‰ and 40‰; 888's 2 MB at adj +500 reads 500; 889 (1 MB) and 990 (3 MB) read 0.
const PRE_5_9_SCORES: Record<string, number> = { 1234: 752, 4242: 41, 4243: 40, 888: 500, 889: 0, 990: 0, 1: 0, 701: 0, 2: 0, 57: 0 };

function pre59(proc: string): void {
  writeFileSync(join(proc, 'sys', 'kernel', 'osrelease'), '4.19.0-27-amd64\n');
  for (const [pid, score] of Object.entries(PRE_5_9_SCORES)) writeFileSync(join(proc, pid, 'oom_score'), `${score}\n`);
}

test('pre-5.9 tree: the preview, the kill list and a departed process agree on rank N of M', () => {
  withTree(pre59, (dir) => {
    const sampler = samplerFor(dir);
    const before = sampler.sample();
    assert.equal(before.scoreScale, 'pre-5.9');
    // The idle 990 and 889 (score 0) are killable and last; init and sshd (score 0 too, listed among them by
    // RSS) and kernel threads are not.
    assert.deepEqual(ranks(before.processes), [
      [1234, 1], [888, 2], [4242, 3], [4243, 4], [1, null], [701, null], [990, 5], [889, 6], [2, null], [57, null],
    ]);
    const small = before.processes.find((p) => p.pid === 889)!;
    const preview = previewAdjustment(small, 100, before.processes, { scale: before.scoreScale });
    assert.equal(preview.fromRank, 6, 'the preview counts the same six killable processes');
    assert.equal(preview.toScore, 100);
    assert.equal(preview.toRank, 3, 'at +100: after mysqld (752) and 888 (500)');
    rmSync(join(dir, 'proc', '889'), { recursive: true });
    const after = sampler.sample();
    const departed = after.departed.find((d) => d.pid === 889)!;
    assert.deepEqual([departed.lastRank, departed.rankedOf], [6, 6], 'the OOM panel would say "rank 6 of 6"');
    assert.equal(Math.max(...after.processes.map((p) => p.killRank ?? 0)), 5);
  });
});

test('a tree without kernel/osrelease: the scale is guessed from the scores', () => {
  withTree(
    (proc) => {
      pre59(proc);
      rmSync(join(proc, 'sys', 'kernel', 'osrelease'));
    },
    (dir) => {
      const snapshot = samplerFor(dir).sample();
      assert.equal(snapshot.scoreScale, 'pre-5.9');
      assert.equal(snapshot.processes.find((p) => p.pid === 889)?.killRank, 6);
    },
  );
});

test('an OOM victim is remembered by its last ranked sample, not by the tick that caught it dying', () => {
  withTree(
    () => undefined,
    (dir) => {
      const proc = join(dir, 'proc');
      const sampler = samplerFor(dir);
      const alive = sampler.sample();
      assert.equal(alive.processes.find((p) => p.pid === 1234)?.killRank, 1);
      // Being killed: the oom_reaper set MMF_OOM_SKIP, so oom_score reads 0, and its memory is going.
      writeFileSync(join(proc, '1234', 'oom_score'), '0\n');
      const status = join(proc, '1234', 'status');
      writeFileSync(status, readFileSync(status, 'utf8').replace(/VmRSS:.*/, 'VmRSS:\t    2048 kB').replace(/RssAnon:.*/, 'RssAnon:\t    1024 kB'));
      const dying = sampler.sample();
      assert.equal(dying.processes.find((p) => p.pid === 1234)?.killRank, null, 'unranked while it dies');
      rmSync(join(proc, '1234'), { recursive: true });
      const departed = sampler.sample().departed.find((d) => d.pid === 1234)!;
      assert.deepEqual([departed.lastRank, departed.rankedOf], [1, 6], 'rank 1 of 6, as the last live sample had it');
      assert.equal(departed.lastRssKb, 7549747);
      assert.deepEqual(departed.footprint.map((point) => point.value), [7549747 + 81920], 'the dying sample is not in its trend');
    },
  );
});
