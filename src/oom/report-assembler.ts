// Finds OOM reports in a stream of kernel lines. It holds only the report in progress and a few finished
// ones waiting for a late `oom_reaper` line, so a 100 MB log goes through in bounded memory.
//
// Report boundaries (mm/oom_kill.c in Linux 6.8): a report starts at `… invoked oom-killer:` (dump_header()),
// or at a bare `Killed process` line when oom_kill_process() rate-limited the header. It ends at the verdict,
// plus the `Killed process` lines of a memory.oom.group kill. `oom_reaper: reaped process N` arrives asynchronously — after foreign lines or even
// after the next report — and is matched to a recent victim by pid. Allocation-failure dumps carry the same
// Mem-Info block but no kill and are not reports; a header that never reaches a verdict is counted, not kept.
import { KillHistory, findingsFor } from './findings.js';
import { classifyLine } from './line-patterns.js';
import { LogLineReader } from './log-line.js';
import { DEFAULT_LIMITS, ReportDraft, type DraftLimits } from './report-draft.js';
import { joinWrappedLines, joinWrappedLinesAsync } from './paste/wrap-joiner.js';
import type { ReportClock } from './time/wall-time.js';
import type { LogLine, OomReport } from './types.js';

export interface AssemblerOptions extends Partial<DraftLimits> {
  /** Lines a finished report waits for its oom_reaper line before it is released by push(). */
  settleLines?: number;
  /** Unrelated lines after a verdict before the report stops accepting group-kill members. */
  linesAfterVerdict?: number;
  /**
   * Turns stamps into wall times: now (for a stamp without a year) and, for this boot's own log only, its
   * clock (kernel seconds → wall time). Default: now, and no boot clock.
   */
  clock?: ReportClock;
}

const BOUNDARY_EVENTS = new Set(['trigger', 'killed', 'kill-choice', 'reaped', 'group', 'summary', 'cpu', 'panic', 'no-killable', 'manual']);
const OTHER = { kind: 'other' } as const;
/**
 * Lines between `sysrq: Manual OOM execution` and the report it asked for: drivers/tty/sysrq.c queues
 * moom_callback() at once, and the next report takes the mark, so the window only bounds a lost one.
 */
const MANUAL_WINDOW = 1000;

interface Pending {
  draft: ReportDraft;
  closedAtLine: number;
}

export class OomReportAssembler {
  private current: ReportDraft | null = null;
  private linesSinceVerdict = 0;
  private readonly pending: Pending[] = [];
  private lineNumber = 0;
  private incomplete = 0;
  private manualRequestedAt = Number.NEGATIVE_INFINITY;
  private readonly history = new KillHistory();
  private readonly limits: DraftLimits;
  private readonly settleLines: number;
  private readonly linesAfterVerdict: number;
  private readonly clock: ReportClock;

  constructor(options: AssemblerOptions = {}) {
    this.limits = {
      maxTasks: options.maxTasks ?? DEFAULT_LIMITS.maxTasks,
      maxRawLines: options.maxRawLines ?? DEFAULT_LIMITS.maxRawLines,
    };
    this.settleLines = options.settleLines ?? 2000;
    this.linesAfterVerdict = options.linesAfterVerdict ?? 50;
    this.clock = options.clock ?? { nowMs: Date.now(), boot: null };
  }

  /** Report headers that never reached a verdict (truncated log, or the chosen task was already exiting). */
  get incompleteReports(): number {
    return this.incomplete;
  }

  /** True when a report has reached its verdict and drain() would release it. */
  get hasFinishedReport(): boolean {
    return this.current?.outcomeSeen === true || this.pending.length > 0;
  }

  /** Feeds one line; returns the reports that are finished and settled, in log order. */
  push(line: LogLine): OomReport[] {
    this.lineNumber += 1;
    if (!line.foreign) this.route(line);
    return this.release(false);
  }

  /** Live use: closes a report whose verdict was seen and releases everything finished, without waiting. */
  drain(): OomReport[] {
    if (this.current?.outcomeSeen === true) this.closeCurrent();
    return this.release(true);
  }

  /** End of input: closes whatever is open and releases every finished report. */
  flush(): OomReport[] {
    this.closeCurrent();
    return this.release(true);
  }

  private route(line: LogLine): void {
    const classified = classifyLine(line.text);
    // Report boundaries are never the continuation of another record (see LogLine.continued).
    const event = line.continued && BOUNDARY_EVENTS.has(classified.kind) ? OTHER : classified;
    switch (event.kind) {
      case 'trigger':
        this.closeCurrent();
        this.startDraft(line).add(line, event);
        return;
      case 'panic':
      case 'no-killable':
      case 'summary':
      case 'kill-choice':
      case 'task-header':
        return this.routeOutcome(line, event);
      case 'manual':
        if (this.current === null || this.current.outcomeSeen) this.manualRequestedAt = this.lineNumber;
        else this.current.add(line, event);
        return;
      case 'killed':
        return this.routeKilled(line, event.pid);
      case 'reaped':
        return this.routeReaped(line, event.pid);
      case 'alloc-failure':
        if (this.current?.verdictSeen === true) this.closeCurrent();
        return;
      default:
        return this.routeReportLine(line, event);
    }
  }

  private startDraft(line: LogLine): ReportDraft {
    const draft = new ReportDraft(line, this.limits);
    if (this.lineNumber - this.manualRequestedAt <= MANUAL_WINDOW) draft.markManual();
    this.manualRequestedAt = Number.NEGATIVE_INFINITY;
    this.current = draft;
    return draft;
  }

  private routeKilled(line: LogLine, pid: number): void {
    const current = this.current;
    // After a verdict, only a memory.oom.group kill adds victims; any other Killed line is the next
    // (rate-limited) report. So is a kill after `no killable processes`.
    const sameKill = current?.verdictSeen === true && (current.groupKill || current.hasVictim(pid));
    if (current !== null && current.outcomeSeen && !sameKill) this.closeCurrent();
    (this.current ?? this.startDraft(line)).add(line);
    this.linesSinceVerdict = 0;
  }

  /**
   * A panic, `no killable processes`, an `oom-kill:` summary, a `Kill process` choice or a task-table header
   * belongs to the open report if it has not ended yet; otherwise it is all that is left of the next one (the
   * console log level hid the header, the kernel rate-limited it, or a paste starts there).
   * check_panic_on_oom() panics before any victim is chosen, so a panic after a kill is the next OOM.
   */
  private routeOutcome(line: LogLine, event: ReturnType<typeof classifyLine>): void {
    const current = this.current;
    const joins =
      current !== null &&
      (event.kind === 'panic' ? !current.verdictSeen && current.panicCause === null : !current.outcomeSeen);
    if (!joins) this.closeCurrent();
    (joins && current !== null ? current : this.startDraft(line)).add(line, event);
    this.linesSinceVerdict = 0;
  }

  private routeReaped(line: LogLine, pid: number): void {
    const candidates = [...this.pending.map((entry) => entry.draft)];
    if (this.current !== null) candidates.push(this.current);
    // The most recent report that killed this pid: pids are reused, but not within seconds.
    const owner = candidates.reverse().find((draft) => draft.hasVictim(pid));
    owner?.add(line);
  }

  private routeReportLine(line: LogLine, event: ReturnType<typeof classifyLine>): void {
    const current = this.current;
    if (current === null) return;
    if (!current.outcomeSeen) {
      current.add(line, event);
      return;
    }
    // panic() dumps the stack of the task that panicked right after its message (and a blank line): that
    // CPU line names the allocating task. One further away belongs to another CPU's splat.
    const panicStack = event.kind === 'cpu' && current.panicCause !== null && this.linesSinceVerdict <= 1;
    if (event.kind === 'group' || panicStack) {
      current.add(line, event);
      return;
    }
    this.linesSinceVerdict += 1;
    if (this.linesSinceVerdict > this.linesAfterVerdict) this.closeCurrent();
  }

  private closeCurrent(): void {
    const draft = this.current;
    this.current = null;
    this.linesSinceVerdict = 0;
    if (draft === null) return;
    if (draft.outcomeSeen) {
      this.pending.push({ draft, closedAtLine: this.lineNumber });
    } else {
      this.incomplete += 1;
    }
  }

  private release(all: boolean): OomReport[] {
    const released: OomReport[] = [];
    while (this.pending.length > 0) {
      const head = this.pending[0];
      if (head === undefined) break;
      if (!all && this.lineNumber - head.closedAtLine < this.settleLines) break;
      this.pending.shift();
      const report = head.draft.finish(this.clock);
      report.findings = findingsFor(report, this.history);
      this.history.record(report);
      released.push(report);
    }
    return released;
  }
}

/** All reports in a text or a sequence of raw lines (any transport). Pure; for tests and small inputs. */
export function parseOomReports(input: string | Iterable<string>, options: AssemblerOptions = {}): OomReport[] {
  return [...eachReport(typeof input === 'string' ? input.split('\n') : input, new OomReportAssembler(options))];
}

/** Generator form: yields each report as soon as it is settled, so callers can stream output. */
export function* eachReport(rawLines: Iterable<string>, assembler = new OomReportAssembler()): Generator<OomReport> {
  const reader = new LogLineReader();
  for (const raw of joinWrappedLines(rawLines)) {
    for (const line of reader.read(raw)) yield* assembler.push(line);
  }
  yield* assembler.flush();
}

/** Async form over already-split kernel lines (from /dev/kmsg records or the journal). */
export async function* eachReportFromLogLines(
  lines: AsyncIterable<LogLine> | Iterable<LogLine>,
  assembler = new OomReportAssembler(),
): AsyncGenerator<OomReport> {
  for await (const line of lines) yield* assembler.push(line);
  yield* assembler.flush();
}

/** Turns raw text lines (a file read line by line, a command's stdout) into kernel lines. */
export async function* logLinesOf(rawLines: AsyncIterable<string>): AsyncGenerator<LogLine> {
  const reader = new LogLineReader();
  for await (const raw of joinWrappedLinesAsync(rawLines)) yield* reader.read(raw);
}
