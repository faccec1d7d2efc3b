// The live side for the TUI: a kernel-log source that is polled once per tick ("what is new since the last
// call"), and a watcher that turns new lines into finished OOM reports. The sources are the one-shot
// reader's chain (kernel-log-source.ts openFirstReadable): /dev/kmsg is read non-blocking on the tick
// itself; the journalctl / dmesg fallbacks follow a child process whose lines are queued until the next
// tick. Nothing here throws into the UI: failures become a status the panel can show.
import { runCommand as defaultRunCommand, type CommandLines, type RunCommand } from './command-lines.js';
import { describeError, openFirstReadable, startCommand, type KernelLogSourceName, type KernelLogUnavailable } from './kernel-log-source.js';
import { kmsgRecordToLines } from './kmsg-record.js';
import { KMSG_PATH, KmsgTailer, nodeKmsgDevice, type KmsgDevice } from './kmsg-reader.js';
import { LogLineReader } from './log-line.js';
import { OomReportAssembler } from './report-assembler.js';
import type { ReportClock } from './time/wall-time.js';
import type { LogLine, OomReport } from './types.js';

export interface LiveLineSource {
  readonly source: KernelLogSourceName;
  readonly description: string;
  /** Lines that arrived since the last call; `max` bounds one call (records, lines or bytes: the source's unit). */
  take(max?: number): LogLine[];
  /** The last take() left nothing behind (absent: the source cannot say, and each take() is all there is). */
  readonly caughtUp?: boolean;
  /** Records lost so far (ring buffer overwritten before we read it, or queue overflow). */
  readonly lostRecords: number;
  /** A reading error that stopped the source, or null while it works. */
  readonly error: string | null;
  close(): void;
}

export class KmsgLineSource implements LiveLineSource {
  readonly source = 'kmsg';
  lostRecords = 0;
  error: string | null = null;
  caughtUp = false;

  constructor(
    private readonly tailer: KmsgTailer,
    readonly description: string,
  ) {}

  take(max?: number): LogLine[] {
    if (this.error !== null) return [];
    try {
      const batch = this.tailer.readNew(max);
      this.lostRecords += batch.lostRecords;
      this.caughtUp = batch.caughtUp;
      return batch.records.flatMap((record) => kmsgRecordToLines(record));
    } catch (error) {
      this.error = `${this.description}: ${describeError(error)}`;
      this.caughtUp = true;
      return [];
    }
  }

  close(): void {
    this.tailer.close();
  }
}

/** Lines queued between ticks are capped; beyond that the oldest are dropped and counted as lost. */
const MAX_QUEUED_LINES = 100_000;

export class FollowedCommandSource implements LiveLineSource {
  lostRecords = 0;
  error: string | null = null;
  private queue: LogLine[] = [];

  constructor(
    readonly source: KernelLogSourceName,
    readonly description: string,
    private readonly child: CommandLines,
  ) {
    void this.pump();
  }

  private async pump(): Promise<void> {
    const reader = new LogLineReader();
    try {
      for await (const raw of this.child.lines) {
        this.queue.push(...reader.read(raw));
        const excess = this.queue.length - MAX_QUEUED_LINES;
        if (excess > 0) {
          this.queue.splice(0, excess);
          this.lostRecords += excess;
        }
      }
      const outcome = await this.child.outcome;
      this.error = `${this.description} stopped${outcome.stderr === '' ? '' : `: ${outcome.stderr}`}`;
    } catch (error) {
      this.error = `${this.description}: ${describeError(error)}`;
    }
  }

  take(max?: number): LogLine[] {
    if (max !== undefined && this.queue.length > max) return this.queue.splice(0, max);
    const lines = this.queue;
    this.queue = [];
    return lines;
  }

  /** What the program has printed so far is read; more of its backlog may still be on its way. */
  get caughtUp(): boolean {
    return this.queue.length === 0;
  }

  close(): void {
    this.child.stop();
  }
}

export interface LiveLogOptions {
  /** Also replay what the log already holds (reports from before oomlens started). Default false. */
  includeExisting?: boolean;
  kmsgPath?: string;
  kmsgDevice?: KmsgDevice;
  runCommand?: RunCommand;
}

/**
 * Opens the first live source of the chain: /dev/kmsg, else a program that yields kernel lines for this
 * user in a quick probe run, then followed (`journalctl -k -f -o json`, `journalctl -k -f`, `dmesg -w`).
 */
export async function openLiveKernelLog(options: LiveLogOptions = {}): Promise<LiveLineSource | KernelLogUnavailable> {
  const run = options.runCommand ?? defaultRunCommand;
  const includeExisting = options.includeExisting === true;
  return openFirstReadable<LiveLineSource>(options.kmsgPath ?? KMSG_PATH, {
    kmsg: (path) => {
      const tailer = KmsgTailer.open(path, options.kmsgDevice ?? nodeKmsgDevice);
      if (!includeExisting) tailer.skipExisting();
      return new KmsgLineSource(tailer, path);
    },
    command: async (spec) => {
      const probe = await startCommand(run, spec.command, spec.probe);
      if (typeof probe === 'string') return probe;
      probe.stop();
      const args = spec.follow(includeExisting);
      return new FollowedCommandSource(spec.source, [spec.command, ...args].join(' '), run(spec.command, args));
    },
  });
}

export interface WatchTick {
  /** Reports finished since the last poll, in log order. */
  reports: OomReport[];
  lostRecords: number;
  error: string | null;
}

export interface WatcherTiming {
  /** Quiet time after the last line before a finished report is released. */
  settleMs: number;
  /** Release a finished report this long after its verdict even if the log never goes quiet. */
  maxWaitMs: number;
}

/** One take() of pollSliced(): /dev/kmsg records (about one line each). */
const TAKE_AT_MOST = 1000;
/** Takes per poll: 100,000 records, so a flooded log cannot hold one tick forever. */
const TAKES_PER_POLL = 100;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Polled by the TUI each tick. A report is released once its verdict has been seen and the log has been
 * quiet for settleMs (memory.oom.group members and the oom_reaper line follow within milliseconds), or at
 * the latest maxWaitMs after its verdict, so a chatty log cannot hold it back. What the log held when it
 * was opened (the ring buffer: this boot's kills before oomlens started) is history: its reports are
 * released as soon as it has been read.
 */
export class OomLogWatcher {
  private readonly assembler: OomReportAssembler;
  private lastLineAtMs = 0;
  private finishedSinceMs: number | null = null;
  private readonly timing: WatcherTiming;
  private backlogRead = false;

  /** `clock`: turns stamps into wall times (its boot clock only for this boot's own log). */
  constructor(
    private readonly source: LiveLineSource,
    timing: Partial<WatcherTiming> = {},
    clock?: ReportClock,
  ) {
    this.timing = { settleMs: timing.settleMs ?? 500, maxWaitMs: timing.maxWaitMs ?? 2000 };
    this.assembler = new OomReportAssembler({ settleLines: Number.MAX_SAFE_INTEGER, ...(clock === undefined ? {} : { clock }) });
  }

  get description(): string {
    return this.source.description;
  }

  poll(nowMs: number = Date.now()): WatchTick {
    const reports: OomReport[] = [];
    const lines = this.source.take();
    for (const line of lines) reports.push(...this.assembler.push(line));
    return this.settle(reports, lines.length > 0, nowMs);
  }

  /**
   * The same, reading in takes of TAKE_AT_MOST and parsing in slices of about `sliceMs` with the event loop
   * let in between: the ring buffer at start (2,231 records here: 11–38 ms to read, 9–54 ms to parse,
   * measured on this project's VM) must not hold keys back.
   */
  async pollSliced(nowMs: number = Date.now(), sliceMs = 8): Promise<WatchTick> {
    const reports: OomReport[] = [];
    let anyLines = false;
    let sliceStart = performance.now();
    for (let take = 0; take < TAKES_PER_POLL; take += 1) {
      const lines = this.source.take(TAKE_AT_MOST);
      anyLines ||= lines.length > 0;
      for (const [index, line] of lines.entries()) {
        reports.push(...this.assembler.push(line));
        if (index % 64 === 63 && performance.now() - sliceStart >= sliceMs) {
          await yieldToEventLoop();
          sliceStart = performance.now();
        }
      }
      if (this.source.caughtUp !== false) break;
    }
    return this.settle(reports, anyLines, nowMs);
  }

  private settle(reports: OomReport[], anyLines: boolean, nowMs: number): WatchTick {
    if (anyLines) this.lastLineAtMs = nowMs;
    if (!this.backlogRead && this.source.caughtUp === true) {
      this.backlogRead = true;
      reports.push(...this.assembler.drain());
    }
    if (!this.assembler.hasFinishedReport) {
      this.finishedSinceMs = null;
    } else {
      this.finishedSinceMs ??= nowMs;
      const quiet = nowMs - this.lastLineAtMs >= this.timing.settleMs;
      if (quiet || nowMs - this.finishedSinceMs >= this.timing.maxWaitMs) {
        reports.push(...this.assembler.drain());
        this.finishedSinceMs = null;
      }
    }
    return { reports, lostRecords: this.source.lostRecords, error: this.source.error };
  }

  close(): void {
    this.source.close();
  }
}
