// Report shapes the fixture folder does not hold, written from the printk formats in mm/oom_kill.c and
// mm/memcontrol.c (Linux 6.8; older forms in docs/kernel-log-formats.md): group kills, rate-limited storms,
// late oom_reaper lines, allocation-failure dumps, old verdict forms, SysRq, and each finding's trigger
// condition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KillHistory, findingsFor } from '../../src/oom/findings.js';
import { describeKillsVsReports } from '../../src/oom/kills-vs-reports.js';
import { parseSummary } from '../../src/oom/line-patterns.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import type { OomReport } from '../../src/oom/types.js';

const HEADER_6X = '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name';

function killed(pid: number, name: string, adj = 0, prefix = 'Out of memory'): string {
  return `${prefix}: Killed process ${pid} (${name}) total-vm:40000kB, anon-rss:36000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:88kB oom_score_adj:${adj}`;
}

function globalReport(options: { comm?: string; pid?: number; order?: number; rows?: string[]; verdict?: string[]; zones?: string[] }): string {
  const comm = options.comm ?? 'stress';
  const pid = options.pid ?? 100;
  return [
    `${comm} invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=${options.order ?? 0}, oom_score_adj=0`,
    `CPU: 1 PID: ${pid} Comm: ${comm} Not tainted 6.1.0 #1`,
    'Mem-Info:',
    ...(options.zones ?? ['Node 0 Normal free:90000kB boost:0kB min:60000kB low:75000kB high:90000kB present:1kB managed:1kB']),
    'Free swap  = 1000000kB',
    'Total swap = 2000000kB',
    'Tasks state (memory values in pages):',
    HEADER_6X,
    ...(options.rows ?? [`[    ${pid}]     0   ${pid}    10000     9000    90112        0             0 ${comm}`]),
    `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice,task=${comm},pid=${pid},uid=0`,
    ...(options.verdict ?? [killed(pid, comm)]),
  ].join('\n');
}

function ids(report: OomReport | undefined): string[] {
  return report?.findings.map((finding) => finding.id) ?? [];
}

test('memory.oom.group: several victims in one report, first victim listed again, reaper by pid', () => {
  const text = [
    'stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=900',
    'CPU: 0 PID: 100 Comm: stress Not tainted 5.15.0 #1',
    'memory: usage 102400kB, limit 102400kB, failcnt 10',
    'swap: usage 0kB, limit 0kB, failcnt 0',
    'Memory cgroup stats for /kubepods.slice/pod1:',
    'anon 100000000',
    'Tasks state (memory values in pages):',
    HEADER_6X,
    '[    100]     0   100    10000     9000    90112        0           900 stress',
    '[    101]     0   101    10000     1000    90112        0           900 worker one',
    '[    102]     0   102    10000     1000    90112        0           900 worker two',
    'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/kubepods.slice/pod1,task_memcg=/kubepods.slice/pod1/c1,task=stress,pid=100,uid=0',
    killed(100, 'stress', 900, 'Memory cgroup out of memory'),
    'Tasks in /kubepods.slice/pod1 are going to be killed due to memory.oom.group set',
    killed(100, 'stress', 900, 'Memory cgroup out of memory'),
    'eth0: link becomes ready',
    killed(101, 'worker one', 900, 'Memory cgroup out of memory'),
    killed(102, 'worker two', 900, 'Memory cgroup out of memory'),
    'systemd-journald[1]: some foreign kernel-side line',
    'oom_reaper: reaped process 101 (worker one), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
  ].join('\n');
  const reports = parseOomReports(text);
  assert.equal(reports.length, 1);
  const [report] = reports;
  assert.deepEqual(
    report?.victims.map((victim) => [victim.pid, victim.name, victim.reaped]),
    [
      [100, 'stress', false],
      [101, 'worker one', true],
      [102, 'worker two', false],
    ],
  );
  assert.equal(report?.groupKill, true);
  assert.equal(report?.memcg, '/kubepods.slice/pod1');
  assert.equal(report?.taskMemcg, '/kubepods.slice/pod1/c1');
  assert.deepEqual(ids(report), ['cgroup-oom', 'expendable-victim', 'group-kill', 'no-swap']);
});

test('a rate-limited storm: bare Killed lines are reports (kills) without a header', () => {
  const text = [
    globalReport({}),
    '[  500.000001] Out of memory: Killed process 201 (stress) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB',
    '[  500.100001] Out of memory: Killed process 202 (stress) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB',
  ].join('\n');
  const reports = parseOomReports(text);
  assert.deepEqual(
    reports.map((report) => [report.headerMissing, report.victims.map((victim) => victim.pid)]),
    [
      [false, [100]],
      [true, [201]],
      [true, [202]],
    ],
  );
  assert.equal(reports[1]?.scope, 'global');
  assert.equal(reports[1]?.trigger.name, null);
  assert.equal(reports[1]?.timestamp, '500.000001');
  // Bare kill lines say nothing of the cgroup: a name alone is not a repeat victim.
  assert.deepEqual(ids(reports[2]), ['global-oom', 'no-task-table']);
  assert.match(reports[2]?.findings.at(-1)?.text ?? '', /rate-limited/);
});

test('kills against reports', () => {
  assert.equal(describeKillsVsReports(3, 1, 1), '3 kills, 1 report: the kernel rate-limited the rest.');
  assert.equal(describeKillsVsReports(1, 1, 1), '1 kill, 1 report.');
  assert.equal(describeKillsVsReports(3, 1, 3), '3 kills, 1 report.', 'a group kill is one report with three kills');
  assert.match(describeKillsVsReports(2, 0, 0), /^2 kills, 0 reports: the kernel log holds no report/);
  // The log begins in the middle of a report (the ring buffer wrapped): its kill is no rate limiting.
  assert.equal(describeKillsVsReports(26, 25, 25, 1), '26 kills, 25 reports, and 1 kill in a report whose start the log no longer holds (it begins in the middle of one).');
  assert.match(describeKillsVsReports(28, 25, 25, 1), /no longer holds \(it begins in the middle of one\): the kernel rate-limited the rest\.$/);
});

test('oom_reaper lines are matched by pid even after the next report', () => {
  const text = [
    globalReport({ comm: 'first', pid: 500 }),
    globalReport({ comm: 'second', pid: 600 }),
    'oom_reaper: reaped process 500 (first), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
    'oom_reaper: reaped process 999 (nobody), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
  ].join('\n');
  const reports = parseOomReports(text);
  assert.deepEqual(
    reports.map((report) => report.victims.map((victim) => [victim.pid, victim.reaped])),
    [[[500, true]], [[600, false]]],
  );
});

test('an allocation-failure dump is not a report, and does not swallow the OOM that follows', () => {
  const allocFailure = [
    'kworker/u8:2: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null),cpuset=/,mems_allowed=0',
    'CPU: 2 PID: 77 Comm: kworker/u8:2 Not tainted 5.13.0 #1',
    'Mem-Info:',
    'Node 0 Normal free:100kB min:60000kB low:75000kB high:90000kB',
    'Free swap  = 0kB',
    'Total swap = 0kB',
  ].join('\n');
  assert.deepEqual(parseOomReports(allocFailure), []);
  const reports = parseOomReports(`${allocFailure}\n${globalReport({})}`);
  assert.equal(reports.length, 1);
  assert.equal(reports[0]?.trigger.name, 'stress');
  assert.equal(reports[0]?.memory.swapTotalKb, 2000000, 'the failure dump’s memory state is not mixed in');
});

test('order > 0 is a high-order (fragmentation) OOM; the 4.13 two-space nodemask form parses', () => {
  const text = globalReport({}).replace(
    /gfp_mask=.*$/m,
    'gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null),  order=3, oom_score_adj=0',
  );
  const [report] = parseOomReports(text);
  assert.equal(report?.trigger.order, 3);
  assert.ok(ids(report).includes('high-order'));
  assert.match(report?.findings.find((finding) => finding.id === 'high-order')?.text ?? '', /8 contiguous pages/);
});

test('protected-bigger-task: a bigger task with a negative adj survived', () => {
  const rows = [
    '[    100]     0   100    10000     9000    90112        0             0 stress',
    '[    200]     0   200    90000    50000    90112     1000          -900 database',
    '[    300]     0   300    90000    80000    90112        0         -1000 sshd-huge',
    '[    400]     0   400    90000    70000    90112        0           500 big-but-expendable',
  ];
  const [report] = parseOomReports(globalReport({ rows }));
  const finding = report?.findings.find((candidate) => candidate.id === 'protected-bigger-task');
  assert.match(finding?.text ?? '', /^sshd-huge \(pid 300\).*oom_score_adj is -1000/);
  const [none] = parseOomReports(globalReport({ rows: rows.slice(0, 1) }));
  assert.ok(!ids(none).includes('protected-bigger-task'));
});

test('oom_kill_allocating_task verdict, no killable process, SysRq-f (order=-1 or moom_callback)', () => {
  const allocating = globalReport({ verdict: [killed(100, 'stress', 0, 'Out of memory (oom_kill_allocating_task)')] });
  assert.equal(parseOomReports(allocating)[0]?.scope, 'global');

  const nothing = globalReport({ verdict: ['Out of memory and no killable processes...'] });
  const [empty] = parseOomReports(nothing);
  assert.equal(empty?.noKillableProcess, true);
  assert.deepEqual(empty?.victims, []);

  const sysrq = `sysrq: Manual OOM execution\n${globalReport({ comm: 'kworker/0:2', pid: 735, order: -1 })}`;
  const [manual] = parseOomReports(sysrq);
  assert.equal(manual?.manual, true);
  assert.equal(ids(manual)[0], 'manual-oom');
  assert.ok(!ids(manual).includes('trigger-not-victim'));

  const viaWorkqueue = globalReport({ comm: 'kworker/0:2', pid: 735 }).replace(/^(CPU: .*)$/m, '$1\nWorkqueue: events moom_callback');
  assert.equal(parseOomReports(viaWorkqueue)[0]?.manual, true);
});

test('old verdict forms: 2.6.2x, 2.6.3x, RHEL 7; ancient trigger lines', () => {
  const v26x = [
    'foo invoked oom-killer: gfp_mask=0x201d2, order=0, oomkilladj=0',
    'Out of Memory: Kill process 123 (foo) score 5000 and children.',
    'Out of memory: Killed process 124 (foo-child).',
  ].join('\n');
  const [old] = parseOomReports(v26x);
  assert.deepEqual(old?.victims.map((victim) => [victim.pid, victim.name]), [[124, 'foo-child']]);
  assert.equal(old?.trigger.oomScoreAdj, null, 'oomkilladj is a different scale');

  const v23x = ['bar invoked oom-killer: gfp_mask=0x280da, order=0, oom_adj=-8, oom_score_adj=-500', 'Out of memory: kill process 5 (bar) score 9 or a child', 'Killed process 6 (baz)'].join('\n');
  const [mid] = parseOomReports(v23x);
  assert.deepEqual(mid?.victims.map((victim) => victim.pid), [6]);
  assert.equal(mid?.trigger.oomScoreAdj, -500);

  const rhel7 = 'Out of memory: Kill process 77 (java) score 900 or sacrifice child\nKilled process 77 (java), UID 1000, total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB';
  assert.equal(parseOomReports(rhel7)[0]?.victims[0]?.uid, 1000);

  const ancient = 'oom-killer: gfp_mask=0xd0, order=0\nOut of Memory: Killed process 9 (x).';
  const [oldest] = parseOomReports(ancient);
  assert.equal(oldest?.trigger.name, null);
  assert.equal(oldest?.trigger.gfpMask, '0xd0');
  assert.equal(oldest?.victims[0]?.pid, 9);
});

test('non-NUMA zone lines, negative free swap on old kernels', () => {
  const zones = ['DMA free:3448kB min:68kB low:84kB high:100kB active_anon:0kB', 'Normal free:1000kB min:3000kB low:3700kB high:4500kB'];
  const text = globalReport({ zones }).replace('Free swap  = 1000000kB', 'Free swap  = -28688kB');
  const [report] = parseOomReports(text);
  assert.deepEqual(report?.memory.zones.map((zone) => [zone.node, zone.zone]), [
    [null, 'DMA'],
    [null, 'Normal'],
  ]);
  assert.equal(report?.memory.swapFreeKb, -28688);
  assert.ok(ids(report).includes('below-min-watermark'));
  assert.ok(ids(report).includes('swap-exhausted'));
});

test('a CPU line from another task landing inside the report does not become the trigger', () => {
  const text = globalReport({}).replace(
    /^CPU: 1 PID: 100 .*$/m,
    'CPU: 3 PID: 99 Comm: other Tainted: G        W 6.1.0 #1\nCPU: 1 PID: 100 Comm: stress Not tainted 6.1.0 #1\nCPU: 2 PID: 98 Comm: stress2 Not tainted 6.1.0 #1',
  );
  assert.equal(parseOomReports(text)[0]?.trigger.pid, 100);
});

test('repeat-victim counts earlier kills of the same program: same name in the same cgroup', () => {
  const text = [globalReport({}), globalReport({}), globalReport({})].join('\n');
  const reports = parseOomReports(text);
  assert.deepEqual(reports.map((report) => ids(report).includes('repeat-victim')), [false, true, true]);
  assert.match(reports[2]?.findings.find((finding) => finding.id === 'repeat-victim')?.text ?? '', /^stress in \/user\.slice was already killed 2 times/);
});

test('repeat-victim: the same name in another cgroup, or a kill that names no cgroup, is another program', () => {
  const elsewhere = globalReport({}).replace('task_memcg=/user.slice', 'task_memcg=/system.slice/other.service');
  const bare = '[  500.000001] Out of memory: Killed process 201 (stress) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB';
  const reports = parseOomReports([globalReport({}), elsewhere, bare, bare.replace('201', '202')].join('\n'));
  assert.deepEqual(reports.map((report) => ids(report).includes('repeat-victim')), [false, false, false, false]);
});

test('repeat-victim: a known command line tells two programs of one name in one cgroup apart', () => {
  const [first, second] = parseOomReports([globalReport({ pid: 100 }), globalReport({ pid: 101 })].join('\n'));
  assert.ok(first && second);
  const history = new KillHistory();
  history.record(first, new Map([[100, 'stress --vm 1']]));
  const other = findingsFor(second, history, new Map([[101, 'stress --cpu 4']]));
  assert.ok(!other.some((finding) => finding.id === 'repeat-victim'), 'another command line: another program');
  const same = findingsFor(second, history, new Map([[101, 'stress --vm 1']]));
  assert.match(same.find((finding) => finding.id === 'repeat-victim')?.text ?? '', /^stress in \/user\.slice, with this command line, was already killed 1 time/);
  const unknown = findingsFor(second, history).find((finding) => finding.id === 'repeat-victim');
  assert.match(unknown?.text ?? '', /^stress in \/user\.slice was already killed 1 time/, 'unknown: name and cgroup decide');
});

test('the oom-kill summary is cut at its keys: commas in node lists, paths and the comm', () => {
  const summary = parseSummary(
    'constraint=CONSTRAINT_MEMCG,nodemask=0,2,cpuset=a,b,mems_allowed=0,2,oom_memcg=/x,y,task_memcg=/x,y/z,task=next-build (v16,pid=5,uid=1000',
  );
  assert.deepEqual(summary, {
    kind: 'summary',
    constraint: 'CONSTRAINT_MEMCG',
    oomMemcg: '/x,y',
    globalOom: false,
    taskMemcg: '/x,y/z',
    pid: 5,
    uid: 1000,
    nodemask: '0,2',
    cpuset: 'a,b',
    memsAllowed: '0,2',
  });
  assert.equal(parseSummary('constraint=CONSTRAINT_BPF_PSI_MEM,nodemask=(null),global_oom,task=a,pid=1,uid=0').constraint, 'CONSTRAINT_BPF_PSI_MEM');
});

test('scope without a summary line: memcg block or verdict prefix', () => {
  const memcgBlockOnly = ['t invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0', 'memory: usage 10kB, limit 10kB, failcnt 1', 'Killed process 5 (t)'].join('\n');
  assert.equal(parseOomReports(memcgBlockOnly)[0]?.scope, 'memcg');
  assert.equal(parseOomReports(memcgBlockOnly)[0]?.memcg, null, 'the report never named the cgroup');
  assert.equal(parseOomReports('Memory cgroup out of memory: Killed process 5 (t)')[0]?.scope, 'memcg');
});

test('huge task tables are capped per report (bounded memory), the rest counted', () => {
  const rows = Array.from({ length: 50 }, (_, index) => `[ ${1000 + index}]     0  ${1000 + index}    10     5   4096   0     0 t${index}`);
  const [report] = parseOomReports(globalReport({ rows }), { maxTasks: 10, maxRawLines: 20 });
  assert.equal(report?.tasks.length, 10);
  assert.equal(report?.tasksOmitted, 40);
  assert.equal(report?.rawLines.length, 20);
});

test('a group kill during a global OOM stays global (4.19 prints no oom-kill summary)', () => {
  const text = [
    'stress invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null), order=0, oom_score_adj=0',
    'Mem-Info:',
    'Node 0 Normal free:1000kB min:3000kB low:3700kB high:4500kB',
    'Out of memory: Killed process 10 (a) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB',
    'Tasks in /system.slice/batch.service are going to be killed due to memory.oom.group set',
    'Out of memory: Killed process 11 (b) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB',
  ].join('\n');
  const [report] = parseOomReports(text);
  assert.equal(report?.scope, 'global');
  assert.equal(report?.memcg, null);
  assert.deepEqual(report?.victims.map((victim) => victim.pid), [10, 11]);
  assert.ok(ids(report).includes('group-kill'));
});
