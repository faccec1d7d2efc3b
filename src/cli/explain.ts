// `oomlens explain [FILE|-] [--json]`: find and explain every OOM report in a kernel log. Reports are written
// as soon as they are settled, so a 100 MB log streams through in bounded memory; the JSON form is streamed
// too (`{"schemaVersion":1,"reports":[` … `],"summary":{…}}`, docs/explain.schema.json). Exit codes: 0 (including "no report found"), 2 when the log cannot be read
// or is not text (a program, a gzip: "no report found" would be a false all-clear).
import { rateLimited } from '../oom/findings.js';
import { describeKillsVsReports } from '../oom/kills-vs-reports.js';
import { binaryFileProblem } from './input-files.js';
import {
  describeError,
  kernelLogFromStream,
  openKernelLogFile,
  openMachineKernelLog,
  type KernelLogOpened,
  type MachineLogDeps,
} from '../oom/kernel-log-source.js';
import { renderReport } from '../oom/explain-render.js';
import { OomReportAssembler, eachReportFromLogLines } from '../oom/report-assembler.js';
import { toReportJson } from '../oom/report-json.js';
import { readBootClock } from '../oom/time/boot-clock.js';
import type { BootClock, ReportClock } from '../oom/time/wall-time.js';
import { plural } from '../text/units.js';
import type { LogLine, OomReport } from '../oom/types.js';
import { verdictLines } from '../oom/explain-render.js';
import { isRecordingDir, loadRecordedHistory, type RecordedHistory } from './explain-history.js';
import { sanitize } from '../text/sanitize.js';

export interface ExplainOptions {
  /** A file path, '-' for stdin, or null for this machine's kernel log (with fallbacks). */
  source: string | '-' | null;
  json: boolean;
  /** Injected kernel-log access for tests (kmsg device, command runner). */
  roots?: MachineLogDeps;
  /** This boot's clock, for this machine's own log (tests inject one); default: read from /proc/uptime. */
  bootClock?: () => BootClock | null;
  /** The recording whose bundles add each victim's run-up; `explicit` when it came from --dir. */
  recording?: { dir: string; explicit: boolean };
}

/** The `explain --json` schema version (docs/explain.schema.json): bumped when a key changes meaning. */
export const EXPLAIN_SCHEMA_VERSION = 1;

export interface ExplainIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
}

const EXIT_OK = 0;
const EXIT_UNREADABLE = 2;

interface Tally {
  reports: number;
  kills: number;
  headerReports: number;
  killsInHeaderReports: number;
  /** Kills in reports whose start the log no longer holds. */
  killsInCutReports: number;
  rateLimited: number;
  panics: number;
  noKills: number;
}

async function openSource(options: ExplainOptions, io: ExplainIo): Promise<KernelLogOpened | string> {
  if (options.source === '-') return kernelLogFromStream(io.stdin);
  if (options.source !== null) {
    const binary = binaryFileProblem(options.source);
    if (binary !== null) return binary;
    const opened = await openKernelLogFile(options.source);
    return opened.kind === 'lines' ? opened : `cannot read ${opened.path}: ${opened.reason}`;
  }
  const machine = await openMachineKernelLog(options.roots);
  return machine.kind === 'lines' ? machine : `cannot read the kernel log: ${machine.message}`;
}

/**
 * A writable that tolerates its reader going away (`oomlens explain | head`): after an error (EPIPE) writes
 * are dropped and the caller stops, instead of an unhandled 'error' event killing the process. When the
 * buffer is full, write() waits for it to drain, so the output side stays bounded too.
 */
class Output {
  closed = false;
  private readonly onError = (): void => {
    this.closed = true;
  };

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', this.onError);
  }

  async write(text: string): Promise<void> {
    if (this.closed || this.stream.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done).off('close', done).off('error', done);
        resolve();
      };
      this.stream.once('drain', done).once('close', done).once('error', done);
    });
  }

  dispose(): void {
    this.stream.off('error', this.onError);
  }
}

function count(tally: Tally, report: OomReport): void {
  tally.reports += 1;
  tally.kills += report.victims.length;
  if (report.outcome === 'panic') tally.panics += 1;
  if (report.outcome === 'no-kill') tally.noKills += 1;
  if (rateLimited(report)) tally.rateLimited += 1;
  if (!report.headerMissing) {
    tally.headerReports += 1;
    tally.killsInHeaderReports += report.victims.length;
  } else if (!rateLimited(report)) {
    // Without its start and not a lone kill line (rate limiting prints only that): cut at the log's start.
    tally.killsInCutReports += report.victims.length;
  }
}

/** Passes the lines on, counting them and those a kernel log's transport stamped (kmsg, dmesg, syslog, journal). */
async function* counted(lines: AsyncIterable<LogLine>, seen: { lines: number; stamped: number }): AsyncGenerator<LogLine> {
  for await (const line of lines) {
    seen.lines += 1;
    if (line.seq !== null || line.uptimeSeconds !== null || line.wallClock !== null) seen.stamped += 1;
    yield line;
  }
}

function summaryText(tally: Tally, incomplete: number, description: string, seen: { lines: number; stamped: number }): string {
  if (tally.reports === 0) {
    const partial = incomplete > 0 ? ` (${plural(incomplete, 'report')} started but never reached a verdict)` : '';
    // A paste of bare kernel text has no stamps either, so this is said as a doubt, not as an error.
    if (seen.lines > 0 && seen.stamped === 0 && incomplete === 0) {
      return `No OOM report found in ${description}, and none of its ${plural(seen.lines, 'line')} has a kernel log's time stamp or syslog/journal prefix: is it a kernel log (dmesg, journalctl -k, /var/log/kern.log)?\n`;
    }
    return `No OOM report found in ${description}${partial}: the OOM killer has not killed anything in this log.\n`;
  }
  const kills = describeKillsVsReports(tally.kills, tally.headerReports, tally.killsInHeaderReports, tally.killsInCutReports);
  const panics = tally.panics > 0 ? ` ${plural(tally.panics, 'OOM')} ended in a kernel panic.` : '';
  const noKills = tally.noKills > 0 ? ` ${plural(tally.noKills, 'OOM')} found no process to kill.` : '';
  const partial = incomplete > 0 ? ` ${plural(incomplete, 'more report')} started but never reached a verdict (the log is cut).` : '';
  return `${kills}${panics}${noKills}${partial}\n`;
}

/** The whole log's counts, the JSON's `summary`. */
function summaryJson(tally: Tally, incomplete: number, text: string) {
  return {
    reports: tally.reports,
    kills: tally.kills,
    rateLimitedReports: tally.rateLimited,
    reportsWithHeader: tally.headerReports,
    panics: tally.panics,
    noKills: tally.noKills,
    incompleteReports: incomplete,
    text: text.trim(),
  };
}

/**
 * Kernel seconds become wall times only on this boot's own ring buffer (/dev/kmsg, dmesg); journalctl -k
 * spans boots and stamps every record itself, and a file may come from anywhere.
 */
function clockFor(opened: KernelLogOpened, options: ExplainOptions): ReportClock {
  const thisBoot = opened.source === 'kmsg' || opened.source === 'dmesg';
  return { nowMs: Date.now(), boot: thisBoot ? (options.bootClock ?? readBootClock)() : null };
}

/** The report's text block, with the recorded run-up under the verdict when there is one. */
function reportText(report: OomReport, index: number, recorded: RecordedHistory | null): string {
  const before = recorded?.beforeLine(report) ?? null;
  if (before === null) return renderReport(report, index);
  const lines = renderReport(report, index).split('\n');
  lines.splice(1 + verdictLines(report).length, 0, before);
  return lines.join('\n');
}

async function streamReports(opened: KernelLogOpened, options: ExplainOptions, out: Output, recorded: RecordedHistory | null): Promise<void> {
  const json = options.json;
  const assembler = new OomReportAssembler({ clock: clockFor(opened, options) });
  const tally: Tally = { reports: 0, kills: 0, headerReports: 0, killsInHeaderReports: 0, killsInCutReports: 0, rateLimited: 0, panics: 0, noKills: 0 };
  if (json) await out.write(`{"schemaVersion":${EXPLAIN_SCHEMA_VERSION},"reports":[`);
  const seen = { lines: 0, stamped: 0 };
  for await (const report of eachReportFromLogLines(counted(opened.lines, seen), assembler)) {
    count(tally, report);
    const history = recorded?.history(report) ?? [];
    if (json) await out.write(`${tally.reports > 1 ? ',' : ''}${JSON.stringify({ ...toReportJson(report), history })}`);
    else await out.write(`${tally.reports > 1 ? '\n' : ''}${reportText(report, tally.reports, recorded)}\n`);
    if (out.closed) return;
  }
  const summary = summaryText(tally, assembler.incompleteReports, opened.description, seen);
  if (json) await out.write(`],"summary":${JSON.stringify(summaryJson(tally, assembler.incompleteReports, summary))}}\n`);
  else await out.write(`${tally.reports > 0 ? '\n' : ''}${summary}`);
}

/** Runs the explain command; resolves to the process exit code. Never throws for an unreadable log. */
export async function runExplain(options: ExplainOptions, io: ExplainIo): Promise<number> {
  const out = new Output(io.stdout);
  const err = new Output(io.stderr);
  try {
    // A --dir that holds no recording is a mistyped path, not "nothing was recorded" for every report.
    if (options.recording?.explicit === true && !isRecordingDir(options.recording.dir)) {
      const dir = options.recording.dir;
      await err.write(`oomlens: no recording in ${sanitize(dir)} (start one with: oomlens record --dir ${sanitize(dir)})\n`);
      return EXIT_UNREADABLE;
    }
    const opened = await openSource(options, io);
    if (typeof opened === 'string') {
      await err.write(`oomlens: ${opened.replace(/\s+/g, ' ')}\n`);
      return EXIT_UNREADABLE;
    }
    try {
      const recorded = options.recording === undefined ? null : loadRecordedHistory(options.recording.dir, options.recording.explicit);
      await streamReports(opened, options, out, recorded);
      return EXIT_OK;
    } catch (error) {
      // A read error mid-way (EIO, a file that turned out to be a directory): one line, no stack; the JSON
      // is closed without a summary of a log that was not read to its end.
      if (options.json) await out.write('],"summary":null}\n');
      await err.write(`oomlens: cannot read ${opened.description}: ${describeError(error)}\n`);
      return EXIT_UNREADABLE;
    }
  } finally {
    out.dispose();
    err.dispose();
  }
}
