// The per-process half of a tick: which files to read for whom, and the rows that come of it.
//   Every tick, for every process: oom_score (the ranking), through ProcessFiles.scoreOf, which also says
//   when the process has gone.
//   Details (status: RSS split, swap, uid, page tables; and oom_score_adj) only for the processes that
//   need them this tick: new ones, focused ones (on screen), the top of the ranking, any whose score
//   moved (its memory changed), and a rotating slice (pid mod N), so every process is refreshed at
//   least every N ticks. Each row carries detailAtMs, the time its details were read.
//   comm, cmdline and cgroup are read when a key is first seen, again when status's Name: changes (exec,
//   prctl), and the cgroup every 10 s on screen, every minute off it (a process can be moved).
//   Thousands of new processes in one tick (start-up on a big box): each is first read as a skeleton
//   row, stat and oom_score only (2 files instead of 6; at 10,000 processes the first kill list came
//   after 1.7 s), ranked, and the first screenfuls by score are completed at once; the rest are
//   completed in the following ticks, on-screen ones first, skeletonsCompletedPerTick at a time.
//   How many, how often: the ScanPolicy (scan-policy.ts).
//   Until then a skeleton row shows its name and score, and "-" for what is not read yet.
// A row whose process changed nothing is handed over again as the same (immutable) object.
// The scan is a generator that pauses every few hundred processes, so a caller can let keys through.
import type { PidStatus } from '../../procfs/pid/status.js';
import { GONE, type ProcessFiles } from '../../procfs/pid/process-files.js';
import { FootprintSeries, trendCapacity } from './history.js';
import { IdentityReader, type Tracked } from './process-identity.js';
import { detailedRow, skeletonRow } from './process-row.js';
import type { ScanPolicy } from './scan-policy.js';
import { TREND_WINDOW_MS } from './trend.js';
import { withKillRanks } from '../ranking/killable.js';
import type { ProcessRow, ScoreScale } from '../snapshot.js';

export type { Tracked } from './process-identity.js';

export interface ScanOptions {
  files: ProcessFiles;
  userName(uid: number): string;
  intervalMs: number;
  policy: Readonly<ScanPolicy>;
  /** oomlens's own pid, when the processes are the live ones: its row gets `self`. */
  selfPid?: number | null;
}

export class ProcessScan {
  readonly tracked = new Map<string, Tracked>();
  private readonly byPid = new Map<number, Tracked>();
  /** The latest ranking: next tick reads in this order, so the sort meets an almost sorted list. */
  private order: Tracked[] = [];
  private readonly footprintCapacity: number;
  private readonly identities: IdentityReader;
  private focused: ReadonlySet<string> | null = null;
  private lastListTick = -Infinity;
  private completedThisTick = 0;

  constructor(private readonly options: ScanOptions) {
    this.footprintCapacity = trendCapacity(options.intervalMs, TREND_WINDOW_MS);
    this.identities = new IdentityReader(options.files);
  }

  /** The keys on screen: their details are read every tick. */
  focus(keys: Iterable<string>): void {
    this.focused = new Set(keys);
  }

  /** Reads every process; yields between chunks; returns this tick's rows (unsorted). */
  *read(tick: number, atMs: number): Generator<void, ProcessRow[]> {
    const { listing, probes } = this.discover(tick);
    if (listing !== null) {
      for (const pid of listing) {
        const known = this.byPid.get(pid);
        if (known !== undefined) known.listedInTick = tick;
      }
    }
    const rows: ProcessRow[] = [];
    const chunk = this.options.policy.scanChunk;
    let done = 0;
    this.completedThisTick = 0;
    for (const tracked of this.order) {
      if (listing !== null && tracked.listedInTick !== tick) continue; // not listed: gone
      const row = this.readKnown(tracked, tick, atMs);
      if (row !== null) rows.push(row);
      // Gone: its pid is free, and if it is listed (or probed) again it is another process's now.
      else if (this.byPid.get(tracked.pid) === tracked) this.byPid.delete(tracked.pid);
      if (++done % chunk === 0) yield;
    }
    const fresh = listing ?? probes;
    const skeletons = listing !== null && fresh.length - this.byPid.size > this.options.policy.skeletonsAfter;
    for (const pid of fresh) {
      if (this.byPid.has(pid)) continue;
      const row = skeletons ? this.readSkeleton(pid, tick) : this.readNew(pid, tick, atMs, listing === null);
      if (row !== null) rows.push(row);
      if (++done % chunk === 0) yield;
    }
    if (skeletons) yield* this.completeTop(rows, atMs);
    return rows;
  }

  /** Completes the skeleton rows among the first screenfuls by score, in place in `rows`. */
  private *completeTop(rows: ProcessRow[], atMs: number): Generator<void> {
    const partial: number[] = [];
    rows.forEach((row, index) => {
      if (row.partial) partial.push(index);
    });
    partial.sort((a, b) => (rows[b]!.oomScore ?? -1) - (rows[a]!.oomScore ?? -1));
    const { defaultFocusTop, scanChunk } = this.options.policy;
    let done = 0;
    for (const index of partial.slice(0, defaultFocusTop)) {
      const tracked = this.tracked.get(rows[index]!.key)!;
      const row = this.completed(tracked, rows[index]!.oomScore, atMs);
      if (row !== null) rows[index] = tracked.row = row;
      if (++done % scanChunk === 0) yield;
    }
  }

  /** A skeleton's cmdline, cgroup and details: its complete row; null when it has gone meanwhile. */
  private completed(tracked: Tracked, score: number | null, atMs: number): ProcessRow | null {
    return this.identities.complete(tracked) ? this.readDetails(tracked, score, atMs) : null;
  }

  /**
   * Gives this tick's rows (in kill order) their kill rank, and records the ranking for the next tick and
   * for departed processes. Returns the rows, a row whose rank moved replaced by a copy.
   */
  rank(rowsInKillOrder: readonly ProcessRow[], scale: ScoreScale, atMs: number): ProcessRow[] {
    const { rows, killableCount } = withKillRanks(rowsInKillOrder, scale);
    const order: Tracked[] = [];
    for (const row of rows) {
      const tracked = this.tracked.get(row.key);
      if (tracked === undefined) continue;
      tracked.position = order.length;
      tracked.rank = row.killRank;
      tracked.row = row;
      order.push(tracked);
    }
    for (const tracked of order) {
      tracked.rankedOf = killableCount;
      if (tracked.rank === null || tracked.row === null) continue;
      const last = tracked.lastRanked;
      if (last === null) {
        tracked.lastRanked = { row: tracked.row, rank: tracked.rank, rankedOf: killableCount, atMs };
      } else {
        last.row = tracked.row;
        last.rank = tracked.rank;
        last.rankedOf = killableCount;
        last.atMs = atMs;
      }
    }
    this.order = order;
    return rows;
  }

  /** Forgets every process not seen this tick; returns them (for the departed list). */
  sweep(tick: number): Tracked[] {
    if (tick % this.options.policy.stringTableRebuildTicks === 0) this.identities.retainStringsOf(this.tracked.values());
    const gone: Tracked[] = [];
    // values(), not entries(): an entry is a fresh [key, value] array, 10,000 of them per tick.
    for (const tracked of this.tracked.values()) {
      if (tracked.seenInTick === tick) continue;
      gone.push(tracked);
      this.tracked.delete(tracked.key);
      if (this.byPid.get(tracked.pid) === tracked || !this.byPid.has(tracked.pid)) {
        this.byPid.delete(tracked.pid);
        this.options.files.release(tracked.pid);
      }
    }
    return gone;
  }

  /**
   * The full listing when due or needed; otherwise the few pids that can be new (probing a pid costs
   * about what listing 25 does, so a probe list longer than 1/24 of the processes is not worth it).
   */
  private discover(tick: number): { listing: number[] | null; probes: number[] } {
    const files = this.options.files;
    if (tick - this.lastListTick < this.options.policy.listEvery) {
      const probes = files.pidsCreatedSinceListing(Math.max(32, Math.floor(this.tracked.size / 24)));
      if (probes !== null) return { listing: null, probes };
    }
    this.lastListTick = tick;
    return { listing: files.listPids(), probes: [] };
  }

  private readKnown(tracked: Tracked, tick: number, atMs: number): ProcessRow | null {
    const score = this.options.files.scoreOf(tracked.pid, tracked.starttime);
    if (score === GONE) return null;
    const previous = tracked.row;
    let row = previous;
    if (tracked.partial) {
      if (this.onScreen(tracked) || this.completedThisTick++ < this.options.policy.skeletonsCompletedPerTick) {
        row = this.completed(tracked, score, atMs);
        if (row === null) return null;
      } else if (previous !== null && score !== previous.oomScore) {
        row = { ...previous, oomScore: score };
      }
    } else if (previous === null || score !== previous.oomScore || this.detailDue(tracked, tick)) {
      row = this.readDetails(tracked, score, atMs);
      if (row === null) return null;
    }
    tracked.seenInTick = tick;
    tracked.row = row;
    return row;
  }

  /** A listed pid not tracked yet, read as a skeleton row: stat (who) and oom_score (rank) only. */
  private readSkeleton(pid: number, tick: number): ProcessRow | null {
    const read = this.options.files.statAndScore(pid);
    if (read === null) return null;
    const tracked = this.tracked.get(`${pid}:${read.stat.starttime}`) ?? this.identities.named(pid, read.stat);
    this.tracked.set(tracked.key, tracked);
    const row = skeletonRow(tracked, read.score, this.options.selfPid);
    this.byPid.set(pid, tracked);
    tracked.listedInTick = tick;
    tracked.seenInTick = tick;
    tracked.row = row;
    return row;
  }

  /** A pid not tracked yet. `probed`: it was not listed, so it may be a thread's id (skipped). */
  private readNew(pid: number, tick: number, atMs: number, probed: boolean): ProcessRow | null {
    const files = this.options.files;
    const stat = files.stat(pid);
    if (stat === null) return null;
    const status = files.status(pid);
    if (status === null || (probed && status.tgid !== pid)) return null;
    const tracked = this.tracked.get(`${pid}:${stat.starttime}`) ?? this.identities.identify(pid, stat);
    if (tracked === null || (tracked.partial && !this.identities.complete(tracked))) return null;
    this.tracked.set(tracked.key, tracked);
    const score = files.scoreOf(pid, stat.starttime);
    if (score === GONE) return null;
    const row = this.rowFrom(tracked, status, score, atMs);
    this.byPid.set(pid, tracked);
    tracked.listedInTick = tick;
    tracked.seenInTick = tick;
    tracked.row = row;
    return row;
  }

  private detailDue(tracked: Tracked, tick: number): boolean {
    const every = this.options.policy.detailEvery;
    if (every <= 1) return true;
    // A kernel thread has no memory to refresh; its first read says all there is.
    if (tracked.kernelThread) return false;
    if (this.onScreen(tracked)) return true;
    return tracked.pid % every === tick % every;
  }

  /** On screen, or at the top of the ranking (where the screen is until the UI says otherwise). */
  private onScreen(tracked: Tracked): boolean {
    const { defaultFocusTop, alwaysFreshTop } = this.options.policy;
    if (tracked.position < (this.focused === null ? defaultFocusTop : alwaysFreshTop)) return true;
    return this.focused?.has(tracked.key) ?? false;
  }

  /** status and oom_score_adj: a new row. Null when the process has gone meanwhile. */
  private readDetails(tracked: Tracked, score: number | null, atMs: number): ProcessRow | null {
    const status = this.options.files.status(tracked.pid);
    return status === null ? null : this.rowFrom(tracked, status, score, atMs);
  }

  private rowFrom(tracked: Tracked, status: PidStatus, score: number | null, atMs: number): ProcessRow {
    const { files, policy } = this.options;
    this.identities.refresh(tracked, status.name, atMs, this.onScreen(tracked) ? policy.identityRefreshMs : policy.identityRefreshOffScreenMs);
    const uid = status.uid;
    const previous = tracked.row;
    const user = previous !== null && previous.uid === uid ? previous.user : uid === null ? '?' : this.identities.strings.intern(this.options.userName(uid));
    const growth = status.vmRssKb === null ? null : this.pushFootprint(tracked, atMs, status.vmRssKb + (status.vmSwapKb ?? 0));
    // killRank: rank() sets it; last tick's spares an unmoved row a copy.
    return detailedRow(tracked, status, {
      user,
      oomScore: score,
      oomScoreAdj: files.oomScoreAdj(tracked.pid),
      growthKbPerMin: growth?.kbPerMin ?? null,
      growthProvisional: growth?.provisional ?? false,
      killRank: previous?.killRank ?? null,
      detailAtMs: atMs,
      self: tracked.pid === this.options.selfPid,
    });
  }

  /** Adds a footprint sample; the slope over the window, or an early one from the second sample, marked. */
  private pushFootprint(tracked: Tracked, atMs: number, footprintKb: number): { kbPerMin: number; provisional: boolean } | null {
    tracked.footprint ??= new FootprintSeries(this.footprintCapacity, TREND_WINDOW_MS);
    tracked.footprint.push(atMs, footprintKb);
    const settled = tracked.footprint.growthKbPerMin();
    if (settled !== null) return { kbPerMin: settled, provisional: false };
    // A new process gets an early slope from its second sample instead of "—" for 10 s.
    const early = tracked.footprint.earlyGrowthKbPerMin();
    return early === null ? null : { kbPerMin: early, provisional: true };
  }
}
