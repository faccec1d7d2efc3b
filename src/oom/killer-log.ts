// The userspace killers' own log, followed live for the TUI and the recorder, and turned into their kills
// (killers/logs/attribution.ts) with when each happened. Where this boot's journal holds their lines:
// `journalctl -f -n 0 -o json` filtered to their identifiers and the service manager's (which echoes each
// systemd-oomd kill per unit); else a file the operator names (`--killer-log FILE`: earlyoom's stderr, a
// syslog file), followed from its end like `--kernel-log FILE`; else nothing, and the status says why.
// It is opened only once a killer is seen running (or a file is given): no journalctl for nothing.
// Each identifier's lines go to an attributor of their own, so that another program's line between
// earlyoom's kill line and its dry-run notice cannot turn a dry run into a kill; a kill held for such a
// line is released once its killer's log has been quiet for settleMs.
import { createKillAttributor, type KillAttributor, type KillerKill, type LoggedKill } from '../killers/index.js';
import { runCommand as defaultRunCommand, type CommandLines, type RunCommand } from './command-lines.js';
import { FileTailSource } from './file-tail-source.js';
import { journalRecord } from './journal-json.js';
import { describeError } from './kernel-log-source.js';
import { sanitize } from '../text/sanitize.js';

export interface KillerLogStatus {
  /** What is followed (`journalctl -f …`, the file's path); null while opening, or when nothing is. */
  source: string | null;
  /** Why the killers' kills cannot be seen, and how to fix it; null when a source works. */
  unavailable: string | null;
  /** A reading error that stopped the source, or null while it works. */
  error: string | null;
}

/** The killers' journal identifiers, and PID 1's (`systemd`), whose per-unit line names a systemd-oomd kill. */
export const KILLER_IDENTIFIERS = ['earlyoom', 'systemd-oomd', 'nohang', 'kubelet', 'systemd'] as const;

const FILTER = KILLER_IDENTIFIERS.flatMap((identifier) => ['-t', identifier]);
/** Whether this boot's journal holds any of their lines for this user. */
export const JOURNAL_PROBE_ARGS = ['-b', '-n', '1', '-o', 'json', '-q', '--no-pager', ...FILTER];
/** New lines only: the kills from now on. */
export const JOURNAL_FOLLOW_ARGS = ['-f', '-n', '0', '-o', 'json', '-q', '--no-pager', ...FILTER];

/** One message of a killer's log: its text, which attributor it goes to, its wall time if the log has one. */
interface FedLine {
  text: string;
  group: string;
  wallMs: number | null;
}

interface LineFeed {
  readonly description: string;
  readonly error: string | null;
  take(): FedLine[];
  close(): void;
}

const MAX_QUEUED = 10_000;

/** systemd-oomd's lines and PID 1's echo of them meet in one attributor; each other program has its own. */
function groupOf(identifier: string | null): string {
  return identifier === 'systemd' || identifier === 'systemd-oomd' ? 'systemd-oomd' : (identifier ?? 'journal');
}

class JournalFeed implements LineFeed {
  error: string | null = null;
  private queue: FedLine[] = [];

  constructor(
    readonly description: string,
    private readonly child: CommandLines,
  ) {
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      for await (const raw of this.child.lines) {
        const record = journalRecord(raw);
        if (record === null) continue;
        this.queue.push({ text: record.message, group: groupOf(record.identifier), wallMs: record.wallMs });
        if (this.queue.length > MAX_QUEUED) this.queue.splice(0, this.queue.length - MAX_QUEUED);
      }
      const outcome = await this.child.outcome;
      // journalctl's stderr reaches the panel: sanitised like any text oomlens did not write.
      this.error = `${this.description} stopped${outcome.stderr === '' ? '' : `: ${sanitize(outcome.stderr)}`}`;
    } catch (error) {
      this.error = `${this.description}: ${describeError(error)}`;
    }
  }

  take(): FedLine[] {
    const lines = this.queue;
    this.queue = [];
    return lines;
  }

  close(): void {
    this.child.stop();
  }
}

class FileFeed implements LineFeed {
  private readonly tail: FileTailSource;

  constructor(path: string) {
    this.tail = new FileTailSource(path, true);
  }

  get description(): string {
    return this.tail.description;
  }

  get error(): string | null {
    return this.tail.error === null ? null : sanitize(this.tail.error);
  }

  take(): FedLine[] {
    // A plain file has no stamp oomlens trusts: a kill's time is when its line was read (within a tick).
    return this.tail.take().map((line) => ({ text: line.text, group: 'file', wallMs: null }));
  }

  close(): void {
    this.tail.close();
  }
}

interface Group {
  attributor: KillAttributor;
  lastLineMs: number;
  lastWallMs: number;
  approximate: boolean;
}

/** Polled once per tick: the kills the log has completed since the last poll, oldest first. */
export class KillerLogFollower {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly feed: LineFeed,
    private readonly settleMs = 500,
  ) {}

  get description(): string {
    return this.feed.description;
  }

  get error(): string | null {
    return this.feed.error;
  }

  /** `nowMs` monotonic (the quiet time), `nowWallMs` the wall clock (the time of a line without a stamp). */
  poll(nowMs: number = performance.now(), nowWallMs: number = Date.now()): LoggedKill[] {
    const kills: LoggedKill[] = [];
    const timed = (kill: KillerKill, group: Group): LoggedKill => ({ ...kill, wallMs: group.lastWallMs, wallTimeApproximate: group.approximate });
    for (const line of this.feed.take()) {
      let group = this.groups.get(line.group);
      if (group === undefined) {
        group = { attributor: createKillAttributor(), lastLineMs: nowMs, lastWallMs: nowWallMs, approximate: true };
        this.groups.set(line.group, group);
      }
      group.lastLineMs = nowMs;
      group.lastWallMs = line.wallMs ?? nowWallMs;
      group.approximate = line.wallMs === null;
      for (const kill of group.attributor.push(line.text)) kills.push(timed(kill, group));
    }
    for (const group of this.groups.values()) {
      if (nowMs - group.lastLineMs >= this.settleMs) for (const kill of group.attributor.flush()) kills.push(timed(kill, group));
    }
    return kills.sort((a, b) => a.wallMs - b.wallMs);
  }

  close(): void {
    this.feed.close();
  }
}

export interface KillerLogOptions {
  /** --killer-log FILE; null: this boot's journal. */
  file: string | null;
  runCommand?: RunCommand;
  settleMs?: number;
}

export interface OpenedKillerLog {
  follower: KillerLogFollower | null;
  status: KillerLogStatus;
}

const HOW_TO_SEE =
  'To see them: run oomlens as root or in the systemd-journal (or adm) group, or give --killer-log FILE ' +
  "(the killer's log, e.g. earlyoom's stderr redirected to a file).";

/** Null when this boot's journal yields a line of theirs for this user; else why not. */
async function probeJournal(run: RunCommand): Promise<string | null> {
  const label = `journalctl ${JOURNAL_PROBE_ARGS.slice(0, 3).join(' ')} -t earlyoom …`;
  const child = run('journalctl', JOURNAL_PROBE_ARGS);
  for await (const raw of child.lines) {
    if (journalRecord(raw) === null) continue;
    child.stop();
    return null;
  }
  const outcome = await child.outcome;
  const why = outcome.startError ?? (outcome.stderr !== '' ? outcome.stderr : "no line of earlyoom, systemd-oomd, nohang, kubelet or the service manager in this boot's journal");
  return `${label}: ${sanitize(why)}`;
}

/** The followed killers' log: the file when one is given, else this boot's journal when it holds their lines. */
export async function openKillerLog(options: KillerLogOptions): Promise<OpenedKillerLog> {
  if (options.file !== null) {
    const feed = new FileFeed(options.file);
    if (feed.error !== null) return { follower: null, status: { source: null, unavailable: `Userspace kills cannot be seen: ${sanitize(feed.error)}.`, error: null } };
    return { follower: new KillerLogFollower(feed, options.settleMs), status: { source: sanitize(options.file), unavailable: null, error: null } };
  }
  const run = options.runCommand ?? defaultRunCommand;
  const why = await probeJournal(run);
  if (why !== null) return { follower: null, status: { source: null, unavailable: `Userspace kills cannot be seen (${why}). ${HOW_TO_SEE}`, error: null } };
  const description = `journalctl -f -n 0 -o json -t earlyoom -t systemd-oomd -t nohang -t kubelet -t systemd`;
  const feed = new JournalFeed(description, run('journalctl', JOURNAL_FOLLOW_ARGS));
  return { follower: new KillerLogFollower(feed, options.settleMs), status: { source: description, unavailable: null, error: null } };
}

/**
 * The killers' log as a mode uses it: nothing until a userspace killer is seen running (or a file is given),
 * then opened once, in the background (a tick never waits for journalctl), and polled every tick after.
 */
export class KillerLogWatch {
  private opening: Promise<void> | null = null;
  private follower: KillerLogFollower | null = null;
  private closed = false;
  /** Null: not watched (no killer seen running, no file given), so nothing to say. */
  status: KillerLogStatus | null = null;

  constructor(private readonly options: KillerLogOptions) {}

  poll(killersRunning: boolean, nowMs?: number, nowWallMs?: number): LoggedKill[] {
    if (this.opening === null && (killersRunning || this.options.file !== null)) {
      this.status = { source: null, unavailable: null, error: null };
      this.opening = openKillerLog(this.options).then((opened) => {
        if (this.closed) opened.follower?.close();
        else [this.follower, this.status] = [opened.follower, opened.status];
      });
    }
    if (this.follower === null) return [];
    const kills = this.follower.poll(nowMs, nowWallMs);
    if (this.status !== null && this.status.error !== this.follower.error) this.status = { ...this.status, error: this.follower.error };
    return kills;
  }

  /** Settles once the log is open (or found unavailable); at once when it was never asked for. */
  async ready(): Promise<void> {
    await this.opening;
  }

  close(): void {
    this.closed = true;
    this.follower?.close();
  }
}
