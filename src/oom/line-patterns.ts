// Recognises the lines of an OOM report (docs/kernel-log-formats.md, "Report lines across releases") one at
// a time, with no context. Each recogniser is anchored at the start of the kernel text, so another program's
// message that merely mentions "Killed process" can never become a kill. Names and cgroup paths are
// sanitised here, once.
import { sanitize } from '../text/sanitize.js';
import type { CounterState, OomPanicCause, OomVictim, ZoneState } from './types.js';

export type VerdictScope = 'global' | 'memcg' | null;

/** The verdict line: the victim as it names it (whether the reaper got to it comes later). */
export interface KilledLine extends Omit<OomVictim, 'reaped'> {
  kind: 'killed';
  scope: VerdictScope;
}

export interface SummaryLine {
  kind: 'summary';
  constraint: string | null;
  oomMemcg: string | null;
  globalOom: boolean;
  taskMemcg: string | null;
  pid: number | null;
  uid: number | null;
  /** The mempolicy node list (`(null)` when none), the allocating task's cpuset and its nodes, as printed. */
  nodemask: string | null;
  cpuset: string | null;
  memsAllowed: string | null;
}

export type OomLineEvent =
  | { kind: 'trigger'; comm: string | null; gfpMask: string | null; order: number | null; oomScoreAdj: number | null }
  | { kind: 'cpu'; pid: number; comm: string; release: string | null }
  | { kind: 'alloc-failure' }
  | { kind: 'memcg-path'; memcg: string | null; taskMemcg: string | null }
  | { kind: 'memcg-counter'; counter: 'memory' | 'memory+swap' | 'swap' | 'kmem'; state: CounterState }
  | { kind: 'zone'; zone: ZoneState }
  | { kind: 'swap-free'; kb: number }
  | { kind: 'swap-total'; kb: number }
  | { kind: 'pages-ram'; pages: number }
  | { kind: 'task-header'; columns: string[] }
  | { kind: 'task-row'; text: string }
  | SummaryLine
  | { kind: 'kill-choice'; scope: VerdictScope; pid: number }
  | KilledLine
  | { kind: 'group'; memcg: string }
  | { kind: 'reaped'; pid: number }
  | { kind: 'no-killable' }
  | { kind: 'panic'; cause: OomPanicCause; noKillable: boolean }
  | { kind: 'manual' }
  | { kind: 'other' };

// A comm may hold \r (or any byte but NUL): the dotAll flag lets `.` match it, or the line would not
// be recognised and the whole report would silently go missing.
const TRIGGER = /^(?:(.*) invoked )?oom-killer: (gfp_mask=.*)$/s;
const CPU_LINE = /^CPU: \d+ (?:UID: \d+ )?PID: (\d+) Comm: (.*?) (?:Kdump: loaded )?(?:Not tainted|Tainted:)(.*)$/s;
const OLD_PID_LINE = /^Pid: (\d+), comm: (.*?) (?:Not tainted|Tainted:)(.*)$/s;
// The release is the word before the build number (`#1`), after a taint string that may hold `-` (RHEL).
const RELEASE = /(\S+)\s+#/;
const ALLOC_FAILURE = /(?:page allocation failure|vmemmap alloc failure|alloc failure): order:/;
const TASK_IN = /^Task in (.*) killed as a result of limit of (.*)$/s;
const LIMIT_REACHED = /^Memory limit reached of cgroup (.*)$/s;
const STATS_FOR = /^Memory cgroup stats for (.*?):(?:\s|$)/s;
const COUNTER = /^(memory|memory\+swap|swap|kmem): usage (\d+)kB, limit (\d+)kB, failcnt (\d+)/;
const ZONE = /^(?:Node (\d+) )?([A-Za-z]\w*) free:(\d+)kB (?:boost:(\d+)kB )?min:(\d+)kB low:(\d+)kB high:(\d+)kB/;
const TASK_HEADER = /^\[\s*pid\s*\]\s+(.*?)\s+name\s*$/;
const TASK_ROW = /^\[\s*\d+\]\s/;
const KILL_CHOICE = /^(.*?): [Kk]ill process (\d+) \((.*)\) score -?\d+ (?:or sacrifice child|or a child|and children)/s;
const KILLED = /^(?:(.*?): )?Killed process (\d+)(?:, UID (\d+),)? \((.*)\)(.*)$/s;
const GROUP = /^Tasks in (.*) are going to be killed due to memory\.oom\.group set/s;
const REAPED = /^oom_reaper: reaped process (\d+) \(/;
// mm/oom_kill.c: out_of_memory() prints `Out of memory and no killable processes...` (pr_warn, 4.19+; the panic
// text itself before) and then panics `System is deadlocked on memory` unless the OOM was a memcg or SysRq one;
// check_panic_on_oom() panics `Out of memory: %s panic_on_oom is enabled` (`compulsory` for
// vm.panic_on_oom=2, `system-wide` for 1); 2.6.2x printed `out of memory. panic_on_oom is selected`.
const NO_KILLABLE = /^Out of memory and no killable processes/;
const PANIC_ON_OOM = /^Kernel panic - not syncing: (?:Out of memory: (compulsory|system-wide) panic_on_oom is enabled|out of memory\. panic_on_oom is selected)/i;
const PANIC_NO_KILLABLE = /^Kernel panic(?: - not syncing)?: (?:System is deadlocked on memory|Out of memory and (no killable processes))/;
const MANUAL = /^(?:sysrq|SysRq)\s*: Manual OOM execution|^Workqueue: .*\bmoom_callback/;

// PAGE_COUNTER_MAX and the old res_counter maximum print as ~2^53 kB; anything this large means "no limit".
const UNLIMITED_KB = 2 ** 50;

function intOrNull(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function field(text: string, pattern: RegExp): number | null {
  return intOrNull(pattern.exec(text)?.[1]);
}

/** Scope named by a verdict prefix (`Memory cgroup out of memory`, `Out of memory (oom_kill_allocating_task)`). */
export function scopeOfPrefix(prefix: string | undefined): VerdictScope {
  if (prefix === undefined) return null;
  if (/^Memory cgroup out of memory/i.test(prefix)) return 'memcg';
  if (/^Out of memory/i.test(prefix)) return 'global';
  return null;
}

function parseTrigger(match: RegExpExecArray): OomLineEvent {
  const args = match[2] ?? '';
  // oom_score_adj is the modern scale; the older oomkilladj / oom_adj (-17..15) are a different unit.
  return {
    kind: 'trigger',
    comm: match[1] === undefined ? null : sanitize(match[1]),
    gfpMask: /gfp_mask=(0x[0-9a-fA-F]+)/.exec(args)?.[1] ?? null,
    order: field(args, /\border=(-?\d+)/),
    oomScoreAdj: field(args, /\boom_score_adj=(-?\d+)/),
  };
}

function parseKilled(match: RegExpExecArray): KilledLine {
  const rest = match[5] ?? '';
  return {
    kind: 'killed',
    scope: scopeOfPrefix(match[1]),
    pid: Number(match[2]),
    name: sanitize(match[4] ?? ''),
    totalVmKb: field(rest, /total-vm:(\d+)kB/),
    anonRssKb: field(rest, /anon-rss:(\d+)kB/),
    fileRssKb: field(rest, /file-rss:(\d+)kB/),
    shmemRssKb: field(rest, /shmem-rss:(\d+)kB/),
    uid: intOrNull(match[3]) ?? field(rest, /\bUID[: ](\d+)/),
    oomScoreAdj: field(rest, /oom_score_adj:(-?\d+)/),
  };
}

/**
 * `oom-kill:constraint=…,nodemask=…[,cpuset=…,mems_allowed=…],(oom_memcg=PATH|global_oom)[,task_memcg=PATH],
 * task=COMM,pid=N,uid=N`. Node lists and cgroup paths can hold commas and the comm can hold anything, so the
 * line is cut at the known keys: task/pid/uid from the right, the memcg keys by their names.
 */
/** The value of `,key=` in a summary head: up to the first of the keys that may follow it. */
function summaryValue(head: string, key: string, followers: string[]): string | null {
  const at = head.indexOf(`,${key}=`);
  if (at === -1) return null;
  const start = at + key.length + 2;
  const ends = followers.map((next) => head.indexOf(`,${next}`, start)).filter((end) => end !== -1);
  return sanitize(head.slice(start, ends.length === 0 ? head.length : Math.min(...ends)));
}

export function parseSummary(body: string): SummaryLine {
  // uid is printed with %d: a task in a user namespace without a mapping shows -2 or the like.
  const tail = /,task=(.*),pid=(\d+),uid=(-?\d+)\s*$/s.exec(body);
  const head = tail === null ? body : body.slice(0, tail.index);
  const taskMemcgAt = head.lastIndexOf(',task_memcg=');
  const taskMemcg = taskMemcgAt === -1 ? null : head.slice(taskMemcgAt + ',task_memcg='.length);
  const beforeTaskMemcg = taskMemcgAt === -1 ? head : head.slice(0, taskMemcgAt);
  const oomMemcgAt = beforeTaskMemcg.indexOf(',oom_memcg=');
  return {
    kind: 'summary',
    constraint: /^constraint=([A-Z_]+)/.exec(body)?.[1] ?? null,
    oomMemcg: oomMemcgAt === -1 ? null : sanitize(beforeTaskMemcg.slice(oomMemcgAt + ',oom_memcg='.length)),
    globalOom: /,global_oom(?:,|$)/.test(beforeTaskMemcg),
    taskMemcg: taskMemcg === null ? null : sanitize(taskMemcg),
    pid: intOrNull(tail?.[2]),
    uid: intOrNull(tail?.[3]),
    nodemask: summaryValue(head, 'nodemask', ['cpuset=', 'mems_allowed=', 'oom_memcg=', 'global_oom', 'task_memcg=']),
    cpuset: summaryValue(head, 'cpuset', ['mems_allowed=', 'oom_memcg=', 'global_oom', 'task_memcg=']),
    memsAllowed: summaryValue(head, 'mems_allowed', ['oom_memcg=', 'global_oom', 'task_memcg=']),
  };
}

function parsePanic(match: RegExpExecArray): OomLineEvent {
  if (match[1] === undefined) return { kind: 'panic', cause: 'panic_on_oom', noKillable: false };
  return { kind: 'panic', cause: match[1].toLowerCase() === 'compulsory' ? 'panic_on_oom=2' : 'panic_on_oom=1', noKillable: false };
}

function parseCounter(match: RegExpExecArray): OomLineEvent {
  const limitKb = Number(match[3]);
  return {
    kind: 'memcg-counter',
    counter: match[1] as 'memory' | 'memory+swap' | 'swap' | 'kmem',
    state: { usageKb: Number(match[2]), limitKb: limitKb >= UNLIMITED_KB ? null : limitKb, failcnt: Number(match[4]) },
  };
}

function parseZone(match: RegExpExecArray): OomLineEvent {
  return {
    kind: 'zone',
    zone: {
      node: intOrNull(match[1]),
      zone: sanitize(match[2] ?? ''),
      freeKb: Number(match[3]),
      boostKb: intOrNull(match[4]),
      minKb: Number(match[5]),
      lowKb: Number(match[6]),
      highKb: Number(match[7]),
    },
  };
}

function parseCpuLine(match: RegExpExecArray): OomLineEvent {
  return {
    kind: 'cpu',
    pid: Number(match[1]),
    comm: sanitize(match[2] ?? ''),
    release: RELEASE.exec(match[3] ?? '')?.[1] ?? null,
  };
}

type Recogniser = [RegExp, (match: RegExpExecArray) => OomLineEvent];

// Order matters only where two patterns could both match; the verdict lines are checked before the rest.
const RECOGNISERS: Recogniser[] = [
  [KILLED, parseKilled],
  [KILL_CHOICE, (m) => ({ kind: 'kill-choice', scope: scopeOfPrefix(m[1]), pid: Number(m[2]) })],
  [TRIGGER, parseTrigger],
  [TASK_ROW, (m) => ({ kind: 'task-row', text: m.input })],
  [ZONE, parseZone],
  [CPU_LINE, parseCpuLine],
  [OLD_PID_LINE, parseCpuLine],
  [/^oom-kill:(.*)$/, (m) => parseSummary(m[1] ?? '')],
  [COUNTER, parseCounter],
  [TASK_HEADER, (m) => ({ kind: 'task-header', columns: (m[1] ?? '').trim().split(/\s+/) })],
  [TASK_IN, (m) => ({ kind: 'memcg-path', taskMemcg: sanitize(m[1] ?? ''), memcg: sanitize(m[2] ?? '') })],
  [LIMIT_REACHED, (m) => ({ kind: 'memcg-path', taskMemcg: null, memcg: sanitize(m[1] ?? '') })],
  [STATS_FOR, (m) => ({ kind: 'memcg-path', taskMemcg: null, memcg: sanitize(m[1] ?? '') })],
  [/^Free swap\s*=\s*(-?\d+)kB/, (m) => ({ kind: 'swap-free', kb: Number(m[1]) })],
  [/^Total swap\s*=\s*(\d+)kB/, (m) => ({ kind: 'swap-total', kb: Number(m[1]) })],
  [/^(\d+) pages RAM\s*$/, (m) => ({ kind: 'pages-ram', pages: Number(m[1]) })],
  [GROUP, (m) => ({ kind: 'group', memcg: sanitize(m[1] ?? '') })],
  [REAPED, (m) => ({ kind: 'reaped', pid: Number(m[1]) })],
  [NO_KILLABLE, () => ({ kind: 'no-killable' })],
  [PANIC_ON_OOM, parsePanic],
  [PANIC_NO_KILLABLE, (m) => ({ kind: 'panic', cause: 'no-killable-process', noKillable: m[1] !== undefined })],
  [MANUAL, () => ({ kind: 'manual' })],
  [ALLOC_FAILURE, () => ({ kind: 'alloc-failure' })],
];

/** What one line of kernel text is, as far as an OOM report is concerned. */
export function classifyLine(rawText: string): OomLineEvent {
  // Publisher indentation and the padding of a terminal copy are not the kernel's.
  const text = rawText.trim();
  for (const [pattern, build] of RECOGNISERS) {
    const match = pattern.exec(text);
    if (match !== null) return build(match);
  }
  return { kind: 'other' };
}
