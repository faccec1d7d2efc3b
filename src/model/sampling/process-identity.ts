// Who a tracked process is: its key (pid + starttime), comm, cmdline and cgroups, read when the key is
// first seen; again when status's Name: changes (an exec, a prctl rename); and the cgroup now and then,
// because a process can be moved (systemd, docker exec, a write to cgroup.procs). Every string kept is
// interned (see string-table.ts).
import { cgroupLabel, memoryV1Path, primaryCgroupPath, unifiedPath, type CgroupMembership } from '../../procfs/pid/cgroup.js';
import type { PidStat } from '../../procfs/pid/stat.js';
import type { ProcessFiles } from '../../procfs/pid/process-files.js';
import { sanitize } from '../../text/sanitize.js';
import type { FootprintSeries } from './history.js';
import type { ProcessRow } from '../snapshot.js';
import { StringTable } from './string-table.js';

/** One process (one key) as the sampler tracks it across ticks. */
export interface Tracked {
  key: string;
  pid: number;
  starttime: number;
  name: string;
  cmdline: string;
  cgroup: string | null;
  cgroupLabel: string;
  memoryCgroup: string | null;
  kernelThread: boolean;
  seenInTick: number;
  listedInTick: number;
  /** Its latest row; null until the first complete read. */
  row: ProcessRow | null;
  /** 0-based position in the latest ranking; killable rank (1-based) or null. */
  position: number;
  rank: number | null;
  /** How many processes were ranked in the ranking `rank` comes from. */
  rankedOf: number;
  /**
   * The last tick in which it was killable and ranked: its row, rank of how many, and when. A process being
   * OOM-killed reads oom_score 0 once the oom_reaper has set MMF_OOM_SKIP or its mm is gone (mm/oom_kill.c
   * oom_badness() returns LONG_MIN, fs/proc/base.c proc_oom_score() prints 0; Linux 6.8), so the sample
   * that catches it dying is not the one to remember it by. Updated in place every tick (rank() in
   * process-scan.ts): a new object per process per tick lived a whole tick, so each was promoted to V8's
   * old generation: at 2,000 processes, 4.6 of the 77 MB promoted in 40 s.
   */
  lastRanked: { row: ProcessRow; rank: number; rankedOf: number; atMs: number } | null;
  /** The raw Name: of /proc/PID/status when name, cmdline and cgroup were last read (exec and prctl change it). */
  statusName: string | null;
  /** Monotonic ms of that read: cmdline and cgroup are refreshed now and then (a process can move cgroup). */
  identityAtMs: number;
  /** RSS + swap over the trend window, for GROW/m (null until its first RSS). */
  footprint: FootprintSeries | null;
  /**
   * Named from stat alone so far (one of thousands seen at once, at start-up): cmdline and cgroup are
   * still to be read, and its row has no memory figures yet. See ProcessScan's skeleton rows.
   */
  partial: boolean;
}

type CgroupFields = Pick<Tracked, 'cgroup' | 'cgroupLabel' | 'memoryCgroup'>;

export class IdentityReader {
  /** One shared copy of each name, command line, cgroup path and user. */
  readonly strings = new StringTable();

  constructor(private readonly files: ProcessFiles) {}

  /** A new Tracked for the process at `pid` whose stat is `stat`; null when it has gone meanwhile. */
  identify(pid: number, stat: PidStat): Tracked | null {
    const tracked = this.named(pid, stat);
    return this.complete(tracked) ? tracked : null;
  }

  /** A new Tracked named from `stat` alone (partial): complete() reads its cmdline and cgroup. */
  named(pid: number, stat: PidStat): Tracked {
    return {
      key: `${pid}:${stat.starttime}`,
      pid,
      starttime: stat.starttime,
      name: this.strings.intern(sanitize(stat.comm)),
      cmdline: '',
      cgroup: null,
      cgroupLabel: '-',
      memoryCgroup: null,
      kernelThread: stat.kernelThread,
      seenInTick: 0,
      listedInTick: 0,
      row: null,
      position: Infinity,
      rank: null,
      rankedOf: 0,
      lastRanked: null,
      statusName: null,
      identityAtMs: -Infinity,
      footprint: null,
      partial: true,
    };
  }

  /** Reads a partial Tracked's cmdline and cgroup; false when the process has gone meanwhile. */
  complete(tracked: Tracked): boolean {
    const memberships = this.files.cgroup(tracked.pid);
    const cmdline = this.files.cmdline(tracked.pid);
    if (memberships === null || cmdline === null) return false;
    tracked.cmdline = this.strings.intern(cmdline);
    Object.assign(tracked, this.cgroupFields(memberships));
    tracked.partial = false;
    return true;
  }

  /**
   * A process can exec (new comm and cmdline under the same pid and starttime), rename itself (prctl,
   * /proc/self/comm) or be moved to another cgroup. Name: in status, read anyway, tells of the first two;
   * the cgroup is re-read once `refreshMs` have passed (checked when the process's details are read).
   */
  refresh(tracked: Tracked, statusName: string | null, atMs: number, refreshMs: number): void {
    const renamed = statusName !== null && tracked.statusName !== null && statusName !== tracked.statusName;
    const first = tracked.statusName === null;
    // Interned: a slice of the status text would keep all of that text alive (14 MB at 10,000 processes).
    if (statusName !== tracked.statusName) tracked.statusName = statusName === null ? null : this.strings.intern(statusName);
    if (first) {
      tracked.identityAtMs = atMs;
      return;
    }
    if (!renamed && atMs - tracked.identityAtMs < refreshMs) return;
    // A rename re-reads comm and cmdline; the periodic refresh only the cgroup (one small read).
    const stat = renamed ? this.files.stat(tracked.pid) : null;
    const memberships = this.files.cgroup(tracked.pid);
    const cmdline = renamed ? this.files.cmdline(tracked.pid) : null;
    tracked.identityAtMs = atMs;
    if (stat !== null && stat.starttime === tracked.starttime) tracked.name = this.strings.intern(sanitize(stat.comm));
    if (cmdline !== null) tracked.cmdline = this.strings.intern(cmdline);
    if (memberships !== null) Object.assign(tracked, this.cgroupFields(memberships));
  }

  /** Drops from the string table what none of `tracked` uses any more. */
  retainStringsOf(tracked: Iterable<Tracked>): void {
    this.strings.retain(liveStrings(tracked));
  }

  private cgroupFields(memberships: CgroupMembership[]): CgroupFields {
    const intern = (text: string) => this.strings.intern(text);
    const path = primaryCgroupPath(memberships);
    const memory = memoryV1Path(memberships) ?? unifiedPath(memberships);
    return {
      cgroup: path === null ? null : intern(sanitize(path)),
      cgroupLabel: path === null ? '-' : intern(sanitize(cgroupLabel(path))),
      memoryCgroup: memory === null ? null : intern(sanitize(memory)),
    };
  }
}

function* liveStrings(tracked: Iterable<Tracked>): Generator<string> {
  for (const process of tracked) {
    yield process.name;
    yield process.cmdline;
    if (process.statusName !== null) yield process.statusName;
    if (process.cgroup !== null) yield process.cgroup;
    yield process.cgroupLabel;
    if (process.memoryCgroup !== null) yield process.memoryCgroup;
    if (process.row !== null) yield process.row.user;
  }
}
