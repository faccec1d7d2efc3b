// Expectations for the fixtures added for issue 14 (any paste, outcomes that are not a kill), worked out by
// reading the files; parser-fixtures.test.ts checks them with the others. Comments say where values come from.
import type { Expected } from './parser-fixtures.test.js';

const NO_TRIGGER = { name: null, pid: null, order: null, gfpMask: null, oomScoreAdj: null };
const TETSUO_TRIGGER = { name: 'a.out', pid: null, order: 0, gfpMask: '0x6200ca', oomScoreAdj: 0 }; // CPU line snipped

/** One report of the Tetsuo Handa burst: memcg /test1 unless the snipping took every line that says so. */
function burst(victim: number | null, overrides: Partial<Expected> = {}): Expected {
  return {
    scope: 'memcg',
    memcg: null,
    taskMemcg: null,
    constraint: null,
    trigger: TETSUO_TRIGGER,
    victims: victim === null ? [] : [{ pid: victim, name: 'a.out', uid: null, oomScoreAdj: null, reaped: false }],
    tasks: 0,
    // Not a repeat victim: a.out was killed before, but these kills do not say in which cgroup (the snip
    // took the lines), and a name alone is not a program.
    findings: ['cgroup-oom', 'no-task-table'],
    ...overrides,
  };
}

export const OUTCOME_EXPECTED: Record<string, Expected[]> = {
  'cpuset-5.8-opensuse-indented-mail.txt': [
    {
      scope: 'global', // global_oom: no memcg involved, the cpuset constrained it
      memcg: null,
      taskMemcg: '/system.slice/containerd.service',
      constraint: 'CONSTRAINT_CPUSET',
      trigger: { name: 'runc:[2:INIT]', pid: 8291, order: 0, gfpMask: '0x500cc2', oomScoreAdj: 0 },
      // The reaper lines name 8248, 2054, 1452, 2146 and 8291, never the victim.
      victims: [{ pid: 4100, name: 'containerd', uid: 0, oomScoreAdj: 0, reaped: false }],
      tasks: 0,
      findings: ['cpuset-oom', 'trigger-not-victim', 'no-task-table'],
    },
  ],
  'cpuset-fragment-flowed-wrap-mixed-mail.txt': [
    {
      scope: 'global',
      memcg: null,
      taskMemcg: '/user.slice/user-0.slice/session-4.scope',
      constraint: 'CONSTRAINT_CPUSET',
      trigger: NO_TRIGGER,
      victims: [{ pid: 1968, name: 'memkiller', uid: 0, oomScoreAdj: 0 }], // the verdict wrapped over three lines
      tasks: 0,
      findings: ['cpuset-oom', 'no-task-table'],
    },
  ],
  'deadlock-fragment-sgx-quoted-mail.txt': [
    {
      scope: 'global', // out_of_memory() panics `System is deadlocked` only for global OOMs
      outcome: 'panic',
      memcg: null,
      taskMemcg: null,
      constraint: null,
      trigger: NO_TRIGGER,
      victims: [],
      tasks: 2,
      findings: ['global-oom', 'no-killable-process'],
    },
  ],
  'global-5.14-sle-rfc3339-caller-id-elided.txt': [10521, 10522].map((pid, index) => ({
    scope: 'global' as const,
    memcg: null,
    taskMemcg: '/',
    constraint: 'CONSTRAINT_NONE',
    trigger: { name: `memeater-${pid}`, pid: null, order: 0, gfpMask: index === 0 ? '0x1100dca' : '0x1100cca', oomScoreAdj: 0 },
    victims: [{ pid, name: `memeater-${pid}`, uid: 1000, oomScoreAdj: 0, reaped: true }], // reaper caller [   T32]
    tasks: 0,
    findings: ['global-oom' as const, 'no-task-table' as const],
  })),
  'memcg-no-kill-5.0rc-snipped-burst-mail.txt': [
    burst(8204, {
      memcg: '/test1',
      taskMemcg: '/test1',
      constraint: 'CONSTRAINT_NONE', // 5.0-5.2 printed NONE for memcg OOMs; oom_memcg= decides
      victims: [{ pid: 8204, name: 'a.out', uid: -2, oomScoreAdj: null, reaped: false }], // uid=-2 from the summary
    }),
    burst(8205), // `memory: usage` makes it memcg; the snip took the line naming the cgroup
    // Its trigger and memcg block went into the snip: only the bare two-line verdict's second line is left.
    burst(8206, { scope: 'global', trigger: NO_TRIGGER, findings: ['global-oom', 'no-task-table'] }),
    burst(8203, { trigger: NO_TRIGGER }), // `Memory cgroup out of memory: Kill process 8203` says memcg
    burst(null, { outcome: 'no-kill', memcg: '/test1', findings: ['cgroup-oom', 'no-killable-process', 'no-task-table'] }),
    burst(null, { outcome: 'no-kill', memcg: '/test1', findings: ['cgroup-oom', 'no-killable-process', 'no-task-table'] }),
  ],
  'mempolicy-5.18rc-patched-nrss-column-mail.txt': [
    {
      scope: 'global',
      memcg: null,
      taskMemcg: '/user.slice/user-0.slice/session-3.scope',
      constraint: 'CONSTRAINT_MEMORY_POLICY',
      trigger: NO_TRIGGER,
      victims: [{ pid: 13135, name: 'a.out', uid: 0, oomScoreAdj: 0, reaped: true }],
      tasks: 4, // eight numeric columns, `(01)nrss` among them
      findings: ['mempolicy-oom'],
    },
  ],
  'panic-compulsory-3.10-memcg-path-dmesg.txt': [
    {
      scope: 'global', // 3.10 dumped a global header for the memcg path; the zones had room, so no scope is claimed
      outcome: 'panic',
      memcg: null,
      taskMemcg: null,
      constraint: null,
      trigger: { name: 'DefSch0200', pid: 8284, order: 0, gfpMask: '0xd0', oomScoreAdj: 0 },
      victims: [],
      tasks: 111,
      findings: ['panic-on-oom'],
    },
  ],
  'panic-compulsory-3.16-debian-sysrq-console.txt': [
    {
      scope: 'global',
      manual: true, // `SysRq : Manual OOM execution` just before
      outcome: 'panic',
      memcg: null,
      taskMemcg: null,
      constraint: null,
      trigger: { name: 'kworker/1:2', pid: 243, order: null, gfpMask: null, oomScoreAdj: null }, // panic()'s CPU line
      victims: [],
      tasks: 0,
      findings: ['manual-oom', 'panic-on-oom', 'no-task-table'],
    },
  ],
  'panic-system-wide-5.14-sle-crash-dmesg.txt': [
    {
      scope: 'global', // panic_on_oom=1 panics for unconstrained OOMs only
      outcome: 'panic',
      memcg: null,
      taskMemcg: null,
      constraint: null,
      trigger: { name: 'memeater', pid: 2272, order: null, gfpMask: null, oomScoreAdj: null },
      victims: [],
      tasks: 0,
      findings: ['global-oom', 'panic-on-oom', 'no-task-table'],
    },
  ],
  'real-memcg-v1-6.18-dmesg-x.txt': [
    {
      scope: 'memcg',
      memcg: '/oomlens-g-30978',
      taskMemcg: '/oomlens-g-30978',
      constraint: 'CONSTRAINT_MEMCG',
      trigger: { name: 'python3', pid: 3603, order: 0, gfpMask: '0xcc0', oomScoreAdj: 0 },
      victims: [{ pid: 3603, name: 'python3', uid: 0, oomScoreAdj: 0, reaped: false }],
      tasks: 1,
      findings: ['cgroup-oom'],
    },
  ],
};
