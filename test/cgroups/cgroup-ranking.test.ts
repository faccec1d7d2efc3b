import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fixturePath } from '../helpers/fixtures.js';
import {
  cgroupOomTotalKb,
  cgroupOomVictim,
  cgroupsToList,
  oomDomainFor,
  pidsInSubtree,
  rankForCgroupOom,
  usageOfLimit,
  type CgroupOomCandidate,
} from '../../src/model/ranking/cgroup-ranking.js';
import type { MemoryCgroup } from '../../src/cgroupfs/memory-cgroup.js';
import { readAllMemoryCgroups } from '../../src/cgroupfs/memory-cgroups.js';
import { rootsUnder } from '../../src/procfs/roots.js';
import { memoryCgroup } from '../helpers/cgroups.js';

function cgroup(path: string, usageKb: number, limitKb: number | null, processCount: number): MemoryCgroup {
  return memoryCgroup({ path, usageKb, limitKb, pids: Array.from({ length: processCount }, (_, i) => 1000 + i) });
}

test('listing: cgroups with a limit or processes, nearest their limit first, unlimited after by usage', () => {
  const listed = cgroupsToList([
    cgroup('/a', 900, 1000, 1),
    cgroup('/b', 100, 100, 1),
    cgroup('/c', 5000, null, 1),
    cgroup('/d', 10000, null, 2),
    cgroup('/e', 99999, null, 0),
    cgroup('/f', 10, 10000, 0),
  ]);
  assert.deepEqual(
    listed.map((c) => c.path),
    ['/b', '/a', '/f', '/d', '/c'],
  );
  assert.equal(usageOfLimit(listed[0]!), 1);
  assert.equal(usageOfLimit(listed[3]!), null);
});

test('the OOM domain is the nearest limited cgroup at or above; the scan set is the whole subtree', () => {
  const cgroups = readAllMemoryCgroups(rootsUnder(fixturePath('cgroups', 'v2-host'))).cgroups;
  const find = (path: string) => cgroups.find((c) => c.path === path)!;
  const pod = cgroups.find((c) => c.path.startsWith('/kubepods.slice/cri-containerd-'))!;
  assert.equal(oomDomainFor(pod, cgroups)?.path, '/kubepods.slice');
  assert.equal(oomDomainFor(find('/system.slice/foo.service'), cgroups)?.path, '/system.slice/foo.service');
  assert.equal(oomDomainFor(find('/user.slice/user-1000.slice/session-1.scope'), cgroups), null);
  assert.deepEqual(pidsInSubtree(find('/system.slice'), cgroups), [812, 815, 901]);
  assert.deepEqual(pidsInSubtree({ path: '/', version: 2 }, cgroups), [1, 812, 815, 901, 1201, 1202, 1210, 4242]);
  assert.deepEqual(pidsInSubtree({ path: '/', version: 1 }, cgroups), [], 'other hierarchy');
});

test('mem_cgroup_get_max: limit plus the swap it may use, capped by the swap that exists', () => {
  assert.equal(cgroupOomTotalKb({ limitKb: 131072, swapLimitKb: 131072 }, 0), 131072);
  assert.equal(cgroupOomTotalKb({ limitKb: 131072, swapLimitKb: 131072 }, 1048576), 262144);
  assert.equal(cgroupOomTotalKb({ limitKb: 131072, swapLimitKb: null }, 65536), 196608);
  assert.equal(cgroupOomTotalKb({ limitKb: null, swapLimitKb: null }, 65536), null);
});

test('kernel ranking inside a cgroup OOM, worked by hand', () => {
  // 512 MiB limit, no swap limit, 256 MiB of swap: total = 524288 + 262144 = 786432 KiB = 196608 pages.
  // The kernel divides first: one adj point is 196608 / 1000 = 196 pages (not 196.608).
  const totalKb = cgroupOomTotalKb({ limitKb: 524288, swapLimitKb: null }, 262144)!;
  assert.equal(totalKb, 786432);
  const candidates: CgroupOomCandidate[] = [
    // 204800/4 + 4096/4 + 400/4 = 51200 + 1024 + 100 = 52324 pages
    { pid: 100, oomScoreAdj: 0, rssKb: 204800, swapKb: 4096, pgtablesKb: 400 },
    // 10240 + 0 + 20 = 10260, + 500 × 196 = 98000 → 108260
    { pid: 200, oomScoreAdj: 500, rssKb: 40960, swapKb: 0, pgtablesKb: 80 },
    { pid: 300, oomScoreAdj: -1000, rssKb: 900000, swapKb: 0, pgtablesKb: 2000 },
    // 1024, + 1000 × 196 = 196000 → 197024
    { pid: 400, oomScoreAdj: 1000, rssKb: 4096, swapKb: null, pgtablesKb: null },
    // 102400 + 200 = 102600, − 500 × 196 = −98000 → 4600
    { pid: 500, oomScoreAdj: -500, rssKb: 409600, swapKb: 0, pgtablesKb: 800 },
    { pid: 600, oomScoreAdj: 0, rssKb: null, swapKb: null, pgtablesKb: null },
  ];
  const ranked = rankForCgroupOom(candidates, totalKb);
  assert.deepEqual(
    ranked.map((r) => [r.process.pid, r.points, r.permille, r.score]),
    [
      // permille = trunc(points × 1000 / 196608); score = trunc((1000 + permille) × 2 / 3)
      [400, 197024, 1002, 1334],
      [200, 108260, 550, 1033],
      [100, 52324, 266, 844],
      [500, 4600, 23, 682],
    ],
  );
  assert.ok(!ranked.some((r) => r.process.pid === 300), 'adj −1000 is never a victim');
  assert.ok(!ranked.some((r) => r.process.pid === 600), 'no mm, nothing to kill');
});

test('adj +1000 goes first even when small; pid 1 is never ranked; ties go to the lower pid', () => {
  const ranked = rankForCgroupOom(
    [
      { pid: 1, oomScoreAdj: 0, rssKb: 1 << 20, swapKb: 0, pgtablesKb: 0 },
      { pid: 20, oomScoreAdj: 0, rssKb: 65536, swapKb: 0, pgtablesKb: 0 },
      { pid: 10, oomScoreAdj: 0, rssKb: 65536, swapKb: 0, pgtablesKb: 0 },
      { pid: 30, oomScoreAdj: 1000, rssKb: 4, swapKb: 0, pgtablesKb: 0 },
    ],
    131072,
  );
  assert.deepEqual(
    ranked.map((r) => r.process.pid),
    [30, 10, 20],
  );
});

test('the cgroup OOM victim alone is the first of the whole ranking, ties and exclusions too (property)', () => {
  // Small ranges, so that points tie, pid 1 and adj -1000 turn up, and a pid comes twice.
  const candidate = fc.record({
    pid: fc.integer({ min: 1, max: 40 }),
    oomScoreAdj: fc.oneof(fc.constant(null), fc.constantFrom(-1000, -999, 0, 1000), fc.integer({ min: -1000, max: 1000 })),
    rssKb: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 4_000_000 })),
    swapKb: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 64 })),
    pgtablesKb: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 64 })),
  });
  fc.assert(
    fc.property(fc.array(candidate, { maxLength: 60 }), fc.integer({ min: 1, max: 100_000_000 }), (rows, totalKb) => {
      // The ranking wants a read adj; the kernel's default 0 stands in for an unread one.
      const withAdj = rows.map((row) => ({ ...row, oomScoreAdj: row.oomScoreAdj ?? 0, row }));
      const first = rankForCgroupOom(withAdj, totalKb)[0]?.process.row ?? null;
      assert.equal(cgroupOomVictim(rows, totalKb), first);
    }),
    { numRuns: 2000 },
  );
});
