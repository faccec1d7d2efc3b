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
//   completed in the following ticks, on-screen ones first, SKELETONS_COMPLETED_PER_TICK at a time.
//   Until then a skeleton row shows its name and score, and "-" for what is not read yet.
// A row whose process changed nothing is handed over again as the same (immutable) object.
// The scan is a generator that pauses every few hundred processes, so a caller can let keys through.
import type { PidStatus } from '../../procfs/pid/status.js';
import { GONE, type ProcessFiles } from '../../procfs/pid/process-files.js';
import { FootprintSeries, trendCapacity } from './history.js';
import { IDENTITY_REFRESH_MS, IDENTITY_REFRESH_OFF_SCREEN_MS, IdentityReader, type Tracked } from './process-identity.js';
import { TREND_WINDOW_MS } from './trend.js';
import type { ProcessRow } from '../snapshot.js';

export type { Tracked } from './process-identity.js';

/** Rows at the top of the ranking whose details are read every tick whatever is on screen. */
export const ALWAYS_FRESH_TOP = 16;
/** Until the UI says what is on screen, the first screenfuls of the default order are kept fresh. */
export const DEFAULT_FOCUS_TOP = 64;
/** The string table drops the strings of processes gone this long (in ticks). */
const STRING_TABLE_REBUILD_TICKS = 300;
/** Processes read between two pauses of the scan. */
export const SCAN_CHUNK = 128;
/** More new processes than this in one tick are read as skeleton rows first (see the top). */
export const SKELETONS_AFTER = 512;
/** Skeleton rows completed per tick besides the ones on screen. */
export const SKELETONS_COMPLETED_PER_TICK = 2000;

export interface ScanOptions {
  files: ProcessFiles;
  userName(uid: number): string;
  intervalMs: number;
  /** Details of an unfocused process are re-read at least every this many ticks (1: every tick). */
  detailEvery: number;
  /** The listing is taken at least every this many ticks even when no pid can have appeared. */
  listEvery: number;
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

  /**
   * Reads every process; yields between chunks; returns this tick's rows (unsorted). `allDetails`: read
   * every process's details this tick, whatever the slice (a one-shot --once/--json).
   */
  *read(tick: number, atMs: number, allDetails = false): Generator<void, ProcessRow[]> {
    const { listing, probes } = this.discover(tick);
    if (listing !== null) {
      for (const pid of listing) {
        const known = this.byPid.get(pid);
        if (known !== undefined) known.listedInTick = tick;
      }
    }
    const rows: ProcessRow[] = [];
    let done = 0;
    this.completedThisTick = 0;
    for (const tracked of this.order) {
      if (listing !== null && tracked.listedInTick !== tick) continue; // not listed: gone
      const row = this.readKnown(tracked, tick, atMs, allDetails);
      if (row !== null) rows.push(row);
      // Gone: its pid is free, and if it is listed (or probed) again it is another process's now.
      else if (this.byPid.get(tracked.pid) === tracked) this.byPid.delete(tracked.pid);
      if (++done % SCAN_CHUNK === 0) yield;
    }
    const fresh = listing ?? probes;
    const skeletons = !allDetails && this.options.detailEvery > 1 && listing !== null && fresh.length - this.byPid.size > SKELETONS_AFTER;
    for (const pid of fresh) {
      if (this.byPid.has(pid)) continue;
      const row = skeletons ? this.readSkeleton(pid, tick) : this.readNew(pid, tick, atMs, listing === null);
      if (row !== null) rows.push(row);
      if (++done % SCAN_CHUNK === 0) yield;
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
    let done = 0;
    for (const index of partial.slice(0, DEFAULT_FOCUS_TOP)) {
      const tracked = this.tracked.get(rows[index]!.key)!;
      const row = this.completed(tracked, rows[index]!.oomScore, atMs);
      if (row !== null) rows[index] = tracked.row = row;
      if (++done % SCAN_CHUNK === 0) yield;
    }
  }

  /** A skeleton's cmdline, cgroup and details: its complete row; null when it has gone meanwhile. */
  private completed(tracked: Tracked, score: number | null, atMs: number): ProcessRow | null {
    return this.identities.complete(tracked) ? this.readDetails(tracked, score, atMs) : null;
  }

  /** Records this tick's ranking (rows sorted by score) for the next tick and for departed processes. */
  rank(ranked: readonly ProcessRow[]): number {
    const order: Tracked[] = [];
    let rank = 0;
    for (const row of ranked) {
      const tracked = this.tracked.get(row.key);
      if (tracked === undefined) continue;
      const killable = !row.kernelThread && row.oomScoreAdj !== -1000 && (row.oomScore ?? 0) > 0;
      tracked.position = order.length;
      tracked.rank = killable ? ++rank : null;
      order.push(tracked);
    }
    for (const tracked of order) tracked.rankedOf = rank;
    this.order = order;
    return rank;
  }

  /** Forgets every process not seen this tick; returns them (for the departed list). */
  sweep(tick: number): Tracked[] {
    if (tick % STRING_TABLE_REBUILD_TICKS === 0) this.identities.retainStringsOf(this.tracked.values());
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
    if (tick - this.lastListTick < this.options.listEvery) {
      const probes = files.pidsCreatedSinceListing(Math.max(32, Math.floor(this.tracked.size / 24)));
      if (probes !== null) return { listing: null, probes };
    }
    this.lastListTick = tick;
    return { listing: files.listPids(), probes: [] };
  }

  private readKnown(tracked: Tracked, tick: number, atMs: number, allDetails: boolean): ProcessRow | null {
    const score = this.options.files.scoreOf(tracked.pid, tracked.starttime);
    if (score === GONE) return null;
    const previous = tracked.row;
    let row = previous;
    if (tracked.partial) {
      if (allDetails || this.onScreen(tracked) || this.completedThisTick++ < SKELETONS_COMPLETED_PER_TICK) {
        row = this.completed(tracked, score, atMs);
        if (row === null) return null;
      } else if (previous !== null && score !== previous.oomScore) {
        row = { ...previous, oomScore: score };
      }
    } else if (previous === null || allDetails || score !== previous.oomScore || this.detailDue(tracked, tick)) {
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
    const row = skeletonRow(tracked, read.score);
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
    const every = this.options.detailEvery;
    if (every <= 1) return true;
    // A kernel thread has no memory to refresh; its first read says all there is.
    if (tracked.kernelThread) return false;
    if (this.onScreen(tracked)) return true;
    return tracked.pid % every === tick % every;
  }

  /** On screen, or at the top of the ranking (where the screen is until the UI says otherwise). */
  private onScreen(tracked: Tracked): boolean {
    if (tracked.position < (this.focused === null ? DEFAULT_FOCUS_TOP : ALWAYS_FRESH_TOP)) return true;
    return this.focused?.has(tracked.key) ?? false;
  }

  /** status and oom_score_adj: a new row. Null when the process has gone meanwhile. */
  private readDetails(tracked: Tracked, score: number | null, atMs: number): ProcessRow | null {
    const status = this.options.files.status(tracked.pid);
    return status === null ? null : this.rowFrom(tracked, status, score, atMs);
  }

  private rowFrom(tracked: Tracked, status: PidStatus, score: number | null, atMs: number): ProcessRow {
    const files = this.options.files;
    const onScreen = this.options.detailEvery <= 1 || this.onScreen(tracked);
    this.identities.refresh(tracked, status.name, atMs, onScreen ? IDENTITY_REFRESH_MS : IDENTITY_REFRESH_OFF_SCREEN_MS);
    const uid = status.uid;
    const previous = tracked.row;
    const user = previous !== null && previous.uid === uid ? previous.user : uid === null ? '?' : this.identities.strings.intern(this.options.userName(uid));
    let growth: number | null = null;
    if (status.vmRssKb !== null) {
      tracked.footprint ??= new FootprintSeries(this.footprintCapacity, TREND_WINDOW_MS);
      tracked.footprint.push(atMs, status.vmRssKb + (status.vmSwapKb ?? 0));
      growth = tracked.footprint.growthKbPerMin();
    }
    return {
      key: tracked.key,
      pid: tracked.pid,
      starttime: tracked.starttime,
      name: tracked.name,
      cmdline: tracked.cmdline,
      uid,
      user,
      oomScore: score,
      oomScoreAdj: files.oomScoreAdj(tracked.pid),
      rssKb: status.vmRssKb,
      rssAnonKb: status.rssAnonKb,
      rssFileKb: status.rssFileKb,
      rssShmemKb: status.rssShmemKb,
      swapKb: status.vmSwapKb,
      pgtablesKb: status.vmPteKb,
      cgroup: tracked.cgroup,
      cgroupLabel: tracked.cgroupLabel,
      memoryCgroup: tracked.memoryCgroup,
      kernelThread: tracked.kernelThread,
      growthKbPerMin: growth,
      detailAtMs: atMs,
    };
  }
}

/** A process known by name and score only: every figure not read yet is absent (null), not zero. */
function skeletonRow(tracked: Tracked, score: number | null): ProcessRow {
  return {
    key: tracked.key,
    pid: tracked.pid,
    starttime: tracked.starttime,
    name: tracked.name,
    cmdline: tracked.cmdline,
    uid: null,
    user: '-',
    oomScore: score,
    oomScoreAdj: null,
    rssKb: null,
    rssAnonKb: null,
    rssFileKb: null,
    rssShmemKb: null,
    swapKb: null,
    pgtablesKb: null,
    cgroup: tracked.cgroup,
    cgroupLabel: tracked.cgroupLabel,
    memoryCgroup: tracked.memoryCgroup,
    kernelThread: tracked.kernelThread,
    growthKbPerMin: null,
    partial: true,
  };
}
