// Finds OOM reports in a stream of kernel lines. It holds only the report in progress and a few finished
// ones waiting for a late `oom_reaper` line, so a 100 MB log goes through in bounded memory.
//
// Report boundaries (FORMAT.md §5): a report starts at `… invoked oom-killer:`, or at a bare `Killed process`
// line when the kernel rate-limited the header. It ends at the verdict, plus the `Killed process` lines of a
// memory.oom.group kill. `oom_reaper: reaped process N` arrives asynchronously — after foreign lines or even
// after the next report — and is matched to a recent victim by pid. Allocation-failure dumps carry the same
// Mem-Info block but no kill and are not reports; a header that never reaches a verdict is counted, not kept.
import { KillHistory, findingsFor } from './findings.js';
import { classifyLine } from './line-patterns.js';
import { LogLineReader } from './log-line.js';
import { DEFAULT_LIMITS, ReportDraft, type DraftLimits } from './report-draft.js';
import { joinWrappedLines, joinWrappedLinesAsync } from './paste/wrap-joiner.js';
import type { LogLine, OomReport } from './types.js';

export interface AssemblerOptions extends Partial<DraftLimits> {
  /** Lines a finished report waits for its oom_reaper line before it is released by push(). */
  settleLines?: number;
  /** Unrelated lines after a verdict before the report stops accepting group-kill members. */
  linesAfterVerdict?: number;
}

const BOUNDARY_EVENTS = new Set(['trigger', 'killed', 'kill-choice', 'reaped', 'group', 'summary', 'cpu']);
const OTHER = { kind: 'other' } as const;

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
  private readonly history = new KillHistory();
  private readonly limits: DraftLimits;
  private readonly settleLines: number;
  private readonly linesAfterVerdict: number;

  constructor(options: AssemblerOptions = {}) {
    this.limits = {
      maxTasks: options.maxTasks ?? DEFAULT_LIMITS.maxTasks,
      maxRawLines: options.maxRawLines ?? DEFAULT_LIMITS.maxRawLines,
    };
    this.settleLines = options.settleLines ?? 2000;
    this.linesAfterVerdict = options.linesAfterVerdict ?? 50;
  }

  /** Report headers that never reached a verdict (truncated log, or the chosen task was already exiting). */
  get incompleteReports(): number {
    return this.incomplete;
  }

  /** True when a report has reached its verdict and drain() would release it. */
  get hasFinishedReport(): boolean {
    return this.current?.verdictSeen === true || this.pending.length > 0;
  }

  /** Feeds one line; returns the reports that are finished and settled, in log order. */
  push(line: LogLine): OomReport[] {
    this.lineNumber += 1;
    if (!line.foreign) this.route(line);
    return this.release(false);
  }

  /** Live use: closes a report whose verdict was seen and releases everything finished, without waiting. */
  drain(): OomReport[] {
    if (this.current?.verdictSeen === true) this.closeCurrent();
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
        this.current = new ReportDraft(line, this.limits);
        this.current.add(line, event);
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

  private routeKilled(line: LogLine, pid: number): void {
    const current = this.current;
    // After a verdict, only a memory.oom.group kill adds victims; any other Killed line is the next
    // (rate-limited) report.
    if (current !== null && current.verdictSeen && !(current.groupKill || current.hasVictim(pid))) {
      this.closeCurrent();
    }
    if (this.current === null) this.current = new ReportDraft(line, this.limits);
    this.current.add(line);
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
    if (!current.verdictSeen) {
      current.add(line, event);
      if (current.noKillableProcess) this.closeCurrent();
      return;
    }
    if (event.kind === 'group') {
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
    if (draft.verdictSeen || draft.noKillableProcess) {
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
      const report = head.draft.finish();
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
