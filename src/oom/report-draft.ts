// One report while it is being read. The assembler feeds it classified lines; finish() turns it into the
// plain OomReport the rest of oomlens sees, filling each victim field from whichever line printed it.
import { sanitize } from '../text/sanitize.js';
import { classifyLine, type KilledLine, type OomLineEvent, type SummaryLine } from './line-patterns.js';
import { taskRowParser } from './task-table.js';
import { reportWallFields } from './time/wall-format.js';
import { reportWallTime, type ReportClock } from './time/wall-time.js';
import type {
  LogLine,
  OomMemoryState,
  OomOutcome,
  OomPanicCause,
  OomReport,
  OomScope,
  OomTask,
  OomTrigger,
  OomVictim,
} from './types.js';

export interface DraftLimits {
  /** Task rows kept per report; a box with 50 000 processes prints 50 000 rows. */
  maxTasks: number;
  /** Raw lines kept per report for the incident store. */
  maxRawLines: number;
}

export const DEFAULT_LIMITS: DraftLimits = { maxTasks: 20_000, maxRawLines: 25_000 };
/** Zones per report: a real one has a handful per node; more means foreign dumps are mixed in. */
const MAX_ZONES = 256;

function emptyMemory(): OomMemoryState {
  return {
    zones: [],
    swapFreeKb: null,
    swapTotalKb: null,
    totalRamPages: null,
    memcgMemory: null,
    memcgMemsw: null,
    memcgSwap: null,
    memcgKmem: null,
  };
}

/**
 * `[  455.498827] text`: a dmesg-style line that this parser (and a human) can read back. Sanitised like
 * every other string from the log: unescaped kmsg text can hold terminal control sequences.
 */
function restamp(line: LogLine): string {
  if (line.uptimeSeconds !== null) return sanitize(`[${line.uptimeSeconds.toFixed(6).padStart(12)}] ${line.text}`);
  if (line.wallClock !== null) return sanitize(`[${line.wallClock}] ${line.text}`);
  return sanitize(line.text);
}

export class ReportDraft {
  readonly trigger: OomTrigger = { name: null, pid: null, gfpMask: null, order: null, oomScoreAdj: null };
  readonly victims: KilledLine[] = [];
  private readonly victimPids = new Set<number>();
  readonly reapedPids = new Set<number>();
  readonly tasks: OomTask[] = [];
  readonly memory = emptyMemory();
  hasTrigger = false;
  verdictSeen = false;
  /** A `Tasks in … memory.oom.group` line was seen: the Killed lines after it belong here too. */
  groupKill = false;
  noKillableProcess = false;
  panicCause: OomPanicCause | null = null;
  private manual = false;
  private summary: SummaryLine | null = null;
  private memcgFromBlock: string | null = null;
  /** The cgroup of a memory.oom.group kill; it names a memcg but, alone, does not make the OOM one. */
  private groupMemcg: string | null = null;
  private taskMemcgFromBlock: string | null = null;
  private verdictScope: OomScope | null = null;
  private cpuLineSeen = false;
  private kernelRelease: string | null = null;
  private parseTaskRow: ((text: string) => OomTask | null) | null = null;
  private taskTableSeen = false;
  private tasksOmitted = 0;
  private readonly rawLines: string[] = [];
  private readonly firstLine: LogLine;

  constructor(
    first: LogLine,
    private readonly limits: DraftLimits = DEFAULT_LIMITS,
  ) {
    this.firstLine = first;
  }

  /** Adds a line that belongs to this report; returns what the line was so the assembler can steer. */
  add(line: LogLine, event: OomLineEvent = classifyLine(line.text)): OomLineEvent {
    if (this.rawLines.length < this.limits.maxRawLines) this.rawLines.push(restamp(line));
    this.apply(event, line.text.trim());
    return event;
  }

  /** A `sysrq: Manual OOM execution` line came just before this report. */
  markManual(): void {
    this.manual = true;
  }

  /** The kernel has said how this OOM ended: a kill, no killable process, or a panic. */
  get outcomeSeen(): boolean {
    return this.verdictSeen || this.noKillableProcess || this.panicCause !== null;
  }

  private apply(event: OomLineEvent, text: string): void {
    switch (event.kind) {
      case 'trigger':
        this.hasTrigger = true;
        Object.assign(this.trigger, { name: event.comm, gfpMask: event.gfpMask, order: event.order });
        this.trigger.oomScoreAdj = event.oomScoreAdj;
        if (event.order === -1) this.manual = true;
        return;
      case 'cpu':
        return this.applyCpuLine(event);
      case 'manual':
        this.manual = true;
        return;
      case 'memcg-path':
        this.memcgFromBlock ??= event.memcg;
        this.taskMemcgFromBlock ??= event.taskMemcg;
        return;
      case 'memcg-counter':
        return this.applyCounter(event);
      default:
        return this.applyMemoryOrTable(event, text);
    }
  }

  private applyCpuLine(event: Extract<OomLineEvent, { kind: 'cpu' }>): void {
    // Only the first CPU line, and only if it names the trigger task: another CPU's WARN dump can land inside.
    // Without a trigger line only panic() names the task (its stack dump follows the panic line).
    if (this.cpuLineSeen || (!this.hasTrigger && this.panicCause === null)) return;
    if (this.trigger.name !== null && event.comm.trim() !== this.trigger.name.trim()) return;
    this.cpuLineSeen = true;
    this.trigger.pid = event.pid;
    this.trigger.name ??= event.comm;
    this.kernelRelease = event.release;
  }

  private applyCounter(event: Extract<OomLineEvent, { kind: 'memcg-counter' }>): void {
    const memory = this.memory;
    if (event.counter === 'memory') memory.memcgMemory ??= event.state;
    if (event.counter === 'memory+swap') memory.memcgMemsw ??= event.state;
    if (event.counter === 'swap') memory.memcgSwap ??= event.state;
    if (event.counter === 'kmem') memory.memcgKmem ??= event.state;
  }

  private applyMemoryOrTable(event: OomLineEvent, text: string): void {
    switch (event.kind) {
      case 'zone':
        if (this.memory.zones.length < MAX_ZONES) this.memory.zones.push(event.zone);
        return;
      case 'swap-free':
        this.memory.swapFreeKb = event.kb;
        return;
      case 'swap-total':
        this.memory.swapTotalKb = event.kb;
        return;
      case 'pages-ram':
        this.memory.totalRamPages = event.pages;
        return;
      case 'task-header':
        this.taskTableSeen = true;
        this.parseTaskRow = taskRowParser(event.columns);
        return;
      case 'task-row':
        return this.addTaskRow(text);
      default:
        return this.applyVerdict(event);
    }
  }

  private addTaskRow(text: string): void {
    if (this.parseTaskRow === null) return;
    const task = this.parseTaskRow(text);
    if (task === null) return;
    if (this.tasks.length < this.limits.maxTasks) this.tasks.push(task);
    else this.tasksOmitted += 1;
  }

  private applyVerdict(event: OomLineEvent): void {
    switch (event.kind) {
      case 'summary':
        this.summary = event;
        return;
      case 'kill-choice':
        this.verdictScope ??= event.scope;
        return;
      case 'killed':
        this.verdictSeen = true;
        this.verdictScope ??= event.scope;
        // memory.oom.group may list the first victim again; one entry per pid. A group is at most as big
        // as a task table, which bounds what a hostile log can pile up here.
        if (this.victims.length < this.limits.maxTasks && !this.hasVictim(event.pid)) {
          this.victims.push(event);
          this.victimPids.add(event.pid);
        }
        return;
      case 'group':
        this.groupKill = true;
        this.groupMemcg ??= event.memcg;
        return;
      case 'reaped':
        this.reapedPids.add(event.pid);
        return;
      case 'no-killable':
        this.noKillableProcess = true;
        return;
      case 'panic':
        this.panicCause ??= event.cause;
        if (event.noKillable) this.noKillableProcess = true;
        return;
      default:
        return;
    }
  }

  hasVictim(pid: number): boolean {
    return this.victimPids.has(pid);
  }

  /**
   * Global vs memcg: the 5.0+ summary says it outright (`oom_memcg=` / `global_oom`); before that, a
   * `Memory cgroup out of memory` verdict or a memcg block (`Task in …`, `memory: usage …`) means memcg.
   */
  private scope(): OomScope {
    if (this.summary?.oomMemcg != null) return 'memcg';
    if (this.summary?.globalOom === true) return 'global';
    if (this.verdictScope === 'memcg') return 'memcg';
    if (this.memcgFromBlock !== null || this.memory.memcgMemory !== null) return 'memcg';
    return 'global';
  }

  private victimFor(line: KilledLine, rowsByPid: Map<number, OomTask>): OomVictim {
    const row = rowsByPid.get(line.pid);
    const summaryUid = this.summary?.pid === line.pid ? this.summary.uid : null;
    const triggerAdj = this.trigger.pid === line.pid ? this.trigger.oomScoreAdj : null;
    return {
      pid: line.pid,
      name: line.name,
      totalVmKb: line.totalVmKb,
      anonRssKb: line.anonRssKb,
      fileRssKb: line.fileRssKb,
      shmemRssKb: line.shmemRssKb,
      uid: line.uid ?? summaryUid ?? row?.uid ?? null,
      oomScoreAdj: line.oomScoreAdj ?? row?.oomScoreAdj ?? triggerAdj,
      reaped: this.reapedPids.has(line.pid),
    };
  }

  private outcome(): OomOutcome {
    if (this.panicCause !== null) return 'panic';
    return this.victims.length > 0 ? 'kill' : 'no-kill';
  }

  /** The finished report; `clock` turns its first line's stamp into a wall time. */
  finish(clock: ReportClock): OomReport {
    const scope = this.scope();
    const first = this.firstLine;
    const rowsByPid = new Map(this.tasks.map((task) => [task.pid, task]));
    const uptime = first.uptimeSeconds === null ? null : first.uptimeSeconds.toFixed(6);
    return {
      scope,
      manual: this.manual,
      memcg: scope === 'memcg' ? (this.summary?.oomMemcg ?? this.memcgFromBlock ?? this.groupMemcg) : null,
      taskMemcg: this.summary?.taskMemcg ?? this.taskMemcgFromBlock,
      constraint: this.summary?.constraint ?? null,
      cpuset: this.summary?.cpuset ?? null,
      memsAllowed: this.summary?.memsAllowed ?? null,
      nodemask: this.summary?.nodemask ?? null,
      timestamp: first.wallClock === null ? uptime : sanitize(first.wallClock),
      uptimeSeconds: first.uptimeSeconds,
      ...reportWallFields(reportWallTime(first, clock)),
      kmsgSeq: first.seq,
      kernelRelease: this.kernelRelease === null ? null : sanitize(this.kernelRelease),
      trigger: { ...this.trigger },
      victims: this.victims.map((line) => this.victimFor(line, rowsByPid)),
      tasks: this.tasks,
      taskTableSeen: this.taskTableSeen,
      tasksOmitted: this.tasksOmitted,
      memory: this.memory,
      groupKill: this.groupKill,
      headerMissing: !this.hasTrigger,
      noKillableProcess: this.noKillableProcess,
      outcome: this.outcome(),
      panicCause: this.panicCause,
      rawLines: this.rawLines,
      findings: [],
    };
  }
}
