// Table-driven: every real report in test/fixtures/oom with what a reader finds in it by hand — victims,
// trigger, scope, memcg, order and findings. The expectations were worked out by reading the files, not by
// printing the parser's output; the comments say where each value comes from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OomReportAssembler, parseOomReports } from '../../src/oom/report-assembler.js';
import { readLogLines } from '../../src/oom/log-line.js';
import type { FindingId, OomReport } from '../../src/oom/types.js';
import { oomFixture, oomFixtureNames } from '../helpers/fixtures.js';
import { OUTCOME_EXPECTED } from './outcome-expectations.js';

export interface Expected {
  scope: 'global' | 'memcg';
  manual?: boolean;
  outcome?: 'kill' | 'no-kill' | 'panic';
  memcg: string | null;
  taskMemcg: string | null;
  constraint: string | null;
  trigger: { name: string | null; pid: number | null; order: number | null; gfpMask: string | null; oomScoreAdj: number | null };
  victims: { pid: number; name: string; uid?: number | null; oomScoreAdj?: number | null; reaped?: boolean }[];
  tasks: number;
  findings: FindingId[];
}

const AKS_POD = '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5931aa75_4603_4e65_b552_7c71cf55cfb5.slice';
const DOCKER_1 = '/docker/2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50';
const DOCKER_2 = '/docker/6c6fcab8562fd3150854986b78552c732f234fd405b624207b8843528a145e70';

const real618: Expected = {
  scope: 'memcg',
  memcg: '/oomlens-capture-3851',
  taskMemcg: '/oomlens-capture-3851',
  constraint: 'CONSTRAINT_MEMCG',
  trigger: { name: 'python3', pid: 3892, order: 0, gfpMask: '0xcc0', oomScoreAdj: 0 },
  victims: [{ pid: 3892, name: 'python3', uid: 0, oomScoreAdj: 0, reaped: false }],
  tasks: 1,
  findings: ['cgroup-oom'], // memory+swap limit is 9007199254740988kB = unlimited, so no swap finding
};

/** Four kills on this project's VM: python3 twice in cgroup a, once in b, then perl in a (see the fixture header). */
const REPEAT_618: Expected[] = (
  [
    ['a', 27282, 'python3', []],
    ['a', 27323, 'python3', ['repeat-victim']], // the same program in the same cgroup, killed before
    ['b', 27364, 'python3', []], // the same name, another cgroup: another program
    ['a', 27405, 'perl', []], // the same cgroup, another program
  ] as const
).map(([cgroup, pid, name, repeat]) => ({
  scope: 'memcg',
  memcg: `/oomlens-repeat-${cgroup}-27271`,
  taskMemcg: `/oomlens-repeat-${cgroup}-27271`,
  constraint: 'CONSTRAINT_MEMCG',
  trigger: { name, pid, order: 0, gfpMask: '0xcc0', oomScoreAdj: 0 },
  victims: [{ pid, name, uid: 0, oomScoreAdj: 0, reaped: false }],
  tasks: 1,
  findings: ['cgroup-oom', ...repeat], // memory+swap limit 9007199254740988kB: unlimited, no swap finding
}));

const EXPECTED: Record<string, Expected[]> = {
  'fragment-memcg-v2-6.12-el10-ppc64le-rss_anon.txt': [
    {
      scope: 'memcg',
      memcg: '/no_zswap_test',
      taskMemcg: '/no_zswap_test',
      constraint: 'CONSTRAINT_MEMCG',
      trigger: { name: 'test_zswap', pid: 177372, order: 0, gfpMask: '0xcc0', oomScoreAdj: 0 },
      victims: [{ pid: 177372, name: 'test_zswap', uid: 0, oomScoreAdj: 0 }],
      tasks: 1, // 6.8+ header with rss_anon rss_file rss_shmem
      findings: ['cgroup-oom'],
    },
  ],
  'global-3.10-rhel7-numa-syslog-escaped.txt': [
    {
      scope: 'global',
      memcg: null,
      taskMemcg: null,
      constraint: null,
      trigger: { name: 'sed', pid: 29481, order: 0, gfpMask: '0x201da', oomScoreAdj: 0 },
      victims: [{ pid: 6576, name: 'mysqld', uid: 12345, oomScoreAdj: 0 }], // uid/adj from the task row
      tasks: 85,
      // sed asked, mysqld died; Free swap = 0kB of 8388604kB; Node 0 Normal free 36692kB < min 36784kB.
      findings: ['global-oom', 'trigger-not-victim', 'swap-exhausted', 'below-min-watermark'],
    },
  ],
  'global-3.13-ubuntu-syslog-kill-process-score.txt': [
    {
      scope: 'global',
      memcg: null,
      taskMemcg: null,
      constraint: null,
      trigger: { name: 'badsysprogram', pid: 1532, order: 0, gfpMask: '0x280da', oomScoreAdj: 0 },
      victims: [{ pid: 1532, name: 'badsysprogram', uid: 1020, oomScoreAdj: 0 }],
      tasks: 28,
      // Total swap = 0kB; DMA32 free 44592kB < min 44640kB.
      findings: ['global-oom', 'no-swap', 'below-min-watermark'],
    },
  ],
  'global-4.14-next-no-task-dump-interleaved.txt': [
    {
      scope: 'global',
      memcg: null,
      taskMemcg: null,
      constraint: null,
      trigger: { name: 'a.out', pid: 2930, order: 0, gfpMask: '0x14200ca', oomScoreAdj: 1000 },
      // No task table and a pre-5.4 verdict: the victim's uid and adj are simply not in the report.
      victims: [{ pid: 2929, name: 'a.out', uid: null, oomScoreAdj: null }],
      tasks: 0,
      findings: ['global-oom', 'trigger-not-victim', 'no-swap', 'no-task-table'],
    },
  ],
  'global-6.1-arch.txt': [
    {
      scope: 'global',
      memcg: null,
      taskMemcg: '/user.slice/user-504.slice/session-2.scope',
      constraint: 'CONSTRAINT_NONE',
      trigger: { name: 'doxygen', pid: 473206, order: 0, gfpMask: '0x140dca', oomScoreAdj: 0 },
      victims: [{ pid: 473206, name: 'doxygen', uid: 504, oomScoreAdj: 0, reaped: true }],
      tasks: 112,
      // Free swap 84kB of 25165820kB; Normal free 61900kB < min 61948kB (boost 8192kB already included).
      findings: ['global-oom', 'swap-exhausted', 'below-min-watermark'],
    },
  ],
  'memcg-v1-2.6.32-rhel6-oom_adj.txt': [
    {
      scope: 'memcg',
      memcg: '/test',
      taskMemcg: '/test',
      constraint: null,
      trigger: { name: 't', pid: 15462, order: 0, gfpMask: '0xd0', oomScoreAdj: 0 },
      victims: [{ pid: 15462, name: 't', uid: 500, oomScoreAdj: 0 }], // RHEL6 `Killed process N, UID N, (t)`
      tasks: 1, // `cpu oom_adj oom_score_adj` columns
      findings: ['cgroup-oom'], // memory+swap 206240kB of 1048576kB: swap not exhausted
    },
  ],
  'memcg-v1-3.13-ubuntu-syslog.txt': [
    {
      scope: 'memcg',
      memcg: '/mem2',
      taskMemcg: '/mem2',
      constraint: null,
      trigger: { name: 'memorymonster', pid: 13536, order: 0, gfpMask: '0xd0', oomScoreAdj: 0 },
      victims: [{ pid: 13536, name: 'memorymonster', uid: 275858, oomScoreAdj: 0 }], // uid overflows %5d
      tasks: 1,
      findings: ['cgroup-oom'],
    },
  ],
  'memcg-v1-4.8-gentoo-docker-kmsg-prefix-stripped.txt': [
    {
      scope: 'memcg',
      memcg: DOCKER_1,
      taskMemcg: DOCKER_1,
      constraint: null,
      trigger: { name: 'gunpowder-memho', pid: 1381, order: 0, gfpMask: '0x24000c0', oomScoreAdj: 0 },
      victims: [{ pid: 1381, name: 'gunpowder-memho', uid: 0, reaped: true }],
      tasks: 1,
      findings: ['cgroup-oom', 'swap-exhausted'], // memory+swap 40940kB of 40960kB
    },
    {
      scope: 'memcg',
      memcg: DOCKER_2,
      taskMemcg: DOCKER_2,
      constraint: null,
      trigger: { name: 'gunpowder-memho', pid: 1667, order: 0, gfpMask: '0x24000c0', oomScoreAdj: 0 },
      victims: [{ pid: 1667, name: 'gunpowder-memho', uid: 0, reaped: true }],
      tasks: 1,
      // The same program name in another container (another cgroup) is not a repeat victim.
      findings: ['cgroup-oom', 'swap-exhausted'], // memory+swap 614400kB of 614400kB
    },
  ],
  'memcg-v2-5.15-azure-aks-syslog-victim-adj1000.txt': [
    {
      scope: 'memcg',
      memcg: AKS_POD,
      taskMemcg: `${AKS_POD}/cri-containerd-25a38b5b8d556d7983d975577f5ac75ebbcfb4b269e6deaa0a0440c1ffc969ca.scope`,
      constraint: 'CONSTRAINT_MEMCG',
      trigger: { name: 'stress-ng-vm', pid: 183960, order: 0, gfpMask: '0x1100cca', oomScoreAdj: 1000 },
      victims: [{ pid: 183960, name: 'stress-ng-vm', uid: 0, oomScoreAdj: 1000 }],
      tasks: 9,
      findings: ['cgroup-oom', 'expendable-victim'],
    },
    // The last line starts a second OOM that the publisher cut off: no verdict, so not a report.
  ],
  'real-memcg-v1-6.18-kmsg.txt': [real618],
  'real-memcg-v1-6.18-dmesg.txt': [real618],
  'real-memcg-v1-6.18-repeat-kmsg.txt': REPEAT_618,
  'real-memcg-v1-6.18-repeat-dmesg-T.txt': REPEAT_618,
  'sysrq-manual-5.13-ubuntu2110.txt': [
    {
      scope: 'global',
      manual: true,
      memcg: null,
      taskMemcg: '/system.slice/unattended-upgrades.service',
      constraint: 'CONSTRAINT_NONE',
      trigger: { name: 'kworker/0:2', pid: 735, order: -1, gfpMask: '0xcc0', oomScoreAdj: 0 },
      victims: [{ pid: 651, name: 'unattended-upgr', uid: 0, oomScoreAdj: 0 }],
      tasks: 23,
      // snapd (rss 8248 pages, adj -900) is bigger than unattended-upgr (5232) and survived. No swap, but a
      // manual kill is not a shortage, so no-swap is not reported.
      findings: ['manual-oom', 'protected-bigger-task'],
    },
  ],
  ...OUTCOME_EXPECTED,
};

function assertReport(report: OomReport, expected: Expected, where: string): void {
  assert.equal(report.scope, expected.scope, `${where}: scope`);
  assert.equal(report.manual, expected.manual ?? false, `${where}: manual`);
  assert.equal(report.outcome, expected.outcome ?? 'kill', `${where}: outcome`);
  assert.equal(report.memcg, expected.memcg, `${where}: memcg`);
  assert.equal(report.taskMemcg, expected.taskMemcg, `${where}: taskMemcg`);
  assert.equal(report.constraint, expected.constraint, `${where}: constraint`);
  assert.deepEqual(report.trigger, expected.trigger, `${where}: trigger`);
  assert.equal(report.victims.length, expected.victims.length, `${where}: victim count`);
  expected.victims.forEach((want, index) => {
    const got = report.victims[index];
    assert.ok(got !== undefined);
    assert.equal(got.pid, want.pid, `${where}: victim pid`);
    assert.equal(got.name, want.name, `${where}: victim name`);
    if (want.uid !== undefined) assert.equal(got.uid, want.uid, `${where}: victim uid`);
    if (want.oomScoreAdj !== undefined) assert.equal(got.oomScoreAdj, want.oomScoreAdj, `${where}: victim adj`);
    if (want.reaped !== undefined) assert.equal(got.reaped, want.reaped, `${where}: reaped`);
  });
  assert.equal(report.tasks.length, expected.tasks, `${where}: task rows`);
  assert.deepEqual(
    report.findings.map((finding) => finding.id),
    expected.findings,
    `${where}: findings`,
  );
}

test('every fixture file has expectations', () => {
  assert.deepEqual(oomFixtureNames(), Object.keys(EXPECTED).sort());
});

for (const [name, expectedReports] of Object.entries(EXPECTED)) {
  test(`fixture ${name}`, () => {
    const reports = parseOomReports(oomFixture(name));
    assert.equal(reports.length, expectedReports.length, 'report count');
    expectedReports.forEach((expected, index) => {
      const report = reports[index];
      assert.ok(report !== undefined);
      assertReport(report, expected, `${name} #${index + 1}`);
    });
  });
}

test('victim sizes come from the verdict line, in kB', () => {
  const [arch] = parseOomReports(oomFixture('global-6.1-arch.txt'));
  assert.deepEqual(arch?.victims[0], {
    pid: 473206,
    name: 'doxygen',
    totalVmKb: 30290680,
    anonRssKb: 9234320,
    fileRssKb: 4,
    shmemRssKb: 0,
    uid: 504,
    oomScoreAdj: 0,
    reaped: true,
  });
  const [rhel6] = parseOomReports(oomFixture('memcg-v1-2.6.32-rhel6-oom_adj.txt'));
  assert.equal(rhel6?.victims[0]?.totalVmKb, 233384);
  assert.equal(rhel6?.victims[0]?.shmemRssKb, null, 'shmem-rss is not printed before 4.5');
});

test('task table columns follow the header that was printed', () => {
  const [real] = parseOomReports(oomFixture('real-memcg-v1-6.18-kmsg.txt'));
  assert.deepEqual(real?.tasks[0], {
    pid: 3892,
    uid: 0,
    tgid: 3892,
    totalVmPages: 20526,
    rssPages: 3669,
    swapEntries: 0,
    oomScoreAdj: 0,
    name: 'python3',
    rssAnonPages: 2016,
    rssFilePages: 1653,
    rssShmemPages: 0,
    pgtablesBytes: 86016,
  });
  const [rhel7] = parseOomReports(oomFixture('global-3.10-rhel7-numa-syslog-escaped.txt'));
  const mysqld = rhel7?.tasks.find((task) => task.pid === 6576);
  assert.equal(mysqld?.swapEntries, 1527848);
  assert.equal(mysqld?.pgtablesBytes, 15483 * 4096, 'nr_ptes is counted in page-table pages');
  const [rhel6] = parseOomReports(oomFixture('memcg-v1-2.6.32-rhel6-oom_adj.txt'));
  assert.equal(rhel6?.tasks[0]?.rssPages, 12903, '`cpu oom_adj` columns do not shift rss');
  assert.equal(rhel6?.tasks[0]?.swapEntries, null);
});

test('memory state is kept for the panel', () => {
  const [arch] = parseOomReports(oomFixture('global-6.1-arch.txt'));
  assert.equal(arch?.memory.swapFreeKb, 84);
  assert.equal(arch?.memory.swapTotalKb, 25165820);
  assert.deepEqual(arch?.memory.zones[2], {
    node: 0,
    zone: 'Normal',
    freeKb: 61900,
    boostKb: 8192,
    minKb: 61948,
    lowKb: 75384,
    highKb: 88820,
  });
  const [rhel7] = parseOomReports(oomFixture('global-3.10-rhel7-numa-syslog-escaped.txt'));
  assert.deepEqual(
    rhel7?.memory.zones.map((zone) => `${zone.node}:${zone.zone}`),
    ['0:DMA', '0:DMA32', '0:Normal', '1:Normal'],
  );
  const [docker] = parseOomReports(oomFixture('memcg-v1-4.8-gentoo-docker-kmsg-prefix-stripped.txt'));
  assert.deepEqual(docker?.memory.memcgMemory, { usageKb: 20480, limitKb: 20480, failcnt: 1204 });
  assert.deepEqual(docker?.memory.memcgKmem, { usageKb: 220, limitKb: null, failcnt: 0 }, '9007199254740988kB = no limit');
  const [aks] = parseOomReports(oomFixture('memcg-v2-5.15-azure-aks-syslog-victim-adj1000.txt'));
  assert.deepEqual(aks?.memory.memcgSwap, { usageKb: 0, limitKb: null, failcnt: 0 });
});

test('the truncated second AKS report is counted as incomplete, not reported', () => {
  const assembler = new OomReportAssembler();
  const reports = readLogLines(oomFixture('memcg-v2-5.15-azure-aks-syslog-victim-adj1000.txt')).flatMap((line) =>
    assembler.push(line),
  );
  reports.push(...assembler.flush());
  assert.equal(reports.length, 1);
  assert.equal(assembler.incompleteReports, 1);
});

test('timestamps and kernel release come from the first line of the report', () => {
  const byName = (name: string): OomReport | undefined => parseOomReports(oomFixture(name))[0];
  assert.equal(byName('global-3.13-ubuntu-syslog-kill-process-score.txt')?.timestamp, 'Jan 28 19:58:45');
  assert.equal(byName('global-4.14-next-no-task-dump-interleaved.txt')?.timestamp, '343.783160');
  assert.equal(byName('global-6.1-arch.txt')?.timestamp, null, 'the publisher stripped the stamps');
  const real = byName('real-memcg-v1-6.18-kmsg.txt');
  assert.equal(real?.timestamp, '257.183159');
  assert.equal(real?.kmsgSeq, 344);
  assert.equal(real?.kernelRelease, '6.18.44-fc-v657');
  assert.equal(byName('fragment-memcg-v2-6.12-el10-ppc64le-rss_anon.txt')?.kernelRelease, '6.12.0-211.el10.ppc64le');
  assert.equal(byName('global-6.1-arch.txt')?.kernelRelease, '6.1.1-arch1-1');
});
