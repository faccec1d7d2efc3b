// Which kills the reports explain and which to write a bundle for, tick by tick (the recorder bundles them;
// the live session names the ones still unexplained). Two witnesses: the kernel's report (from the kernel
// log, when it is readable) and the oom_kill counters (/proc/vmstat and each memory cgroup's), which tick even
// where the log is not. A report makes a bundle at once and accounts for the counter rise it explains; a
// rise that no report explains within `waitMs` (an unreadable log, a report overwritten) makes a bundle of
// its own, with the cgroup that ticked and the processes that vanished as the likely victims. Pure.
import type { LoggedKill } from '../../killers/index.js';
import type { CgroupOomTick } from './cgroup-oom-ticks.js';
import { CgroupKillFollower } from './cgroup-kills.js';
import { REPORT_WAIT_MS } from './oom-counter.js';
import type { OomReport } from '../../oom/types.js';
import type { DepartedProcess, Snapshot } from '../snapshot.js';

export interface KillEvent {
  /** The kernel's report, or null for a counter rise that no report explained. */
  report: OomReport | null;
  /** The oom_kill rise this event accounts for (0 for a report the counter never showed). */
  counterDelta: number;
  /** Cgroups whose own kill counter rose with it. */
  cgroupTicks: CgroupOomTick[];
  /** Wall ms of the last sample before the rise, and of the sample that saw it: the kill lies between. */
  beforeMs: number | null;
  seenMs: number;
  /** Processes that vanished when the counter rose (the likely victims when there is no report). */
  vanished: DepartedProcess[];
  /** A userspace killer's kill, from its log (then `report` is null and no counter rose). */
  killer?: LoggedKill;
}

/** A userspace killer's kill as an event: its log's time bounds the samples before it. */
export function userspaceKillEvent(kill: LoggedKill, seenMs: number): KillEvent {
  return { report: null, counterDelta: 0, cgroupTicks: [], beforeMs: kill.wallMs, seenMs, vanished: [], killer: kill };
}

interface PendingRise {
  delta: number;
  cgroupTicks: CgroupOomTick[];
  beforeMs: number | null;
  seenMs: number;
  seenMonotonicMs: number;
  vanished: DepartedProcess[];
}

export class KillWatch {
  private previousKills: number | null = null;
  private previousWallMs: number | null = null;
  private previousMonotonicMs: number | null = null;
  private readonly cgroupKills = new CgroupKillFollower();
  private pending: PendingRise[] = [];
  /** Kills whose report came before the counter showed them: the rise, when it shows, is theirs. */
  private credit: { kills: number; atMonotonicMs: number } | null = null;

  /** `waitMs`: how long a counter rise waits for its report before it is bundled alone. */
  constructor(private readonly waitMs = REPORT_WAIT_MS) {}

  /** This tick's kill events, in the order they should be written. */
  update(snapshot: Snapshot, reports: readonly OomReport[]): KillEvent[] {
    this.notice(snapshot);
    const events: KillEvent[] = [];
    for (const report of reports) {
      const rise = this.pending.shift();
      const explained = Math.max(1, report.victims.length);
      if (rise === undefined) this.credit = { kills: (this.credit?.kills ?? 0) + explained, atMonotonicMs: snapshot.monotonicMs };
      if (rise !== undefined && rise.delta > explained) this.pending.unshift({ ...rise, delta: rise.delta - explained });
      events.push({
        report,
        counterDelta: rise === undefined ? 0 : Math.min(rise.delta, explained),
        cgroupTicks: rise?.cgroupTicks ?? [],
        beforeMs: rise?.beforeMs ?? this.previousWallMs,
        seenMs: rise?.seenMs ?? snapshot.takenAtMs,
        vanished: rise?.vanished ?? [],
      });
    }
    while (this.pending.length > 0 && snapshot.monotonicMs - this.pending[0]!.seenMonotonicMs >= this.waitMs) {
      const rise = this.pending.shift()!;
      events.push({ report: null, counterDelta: rise.delta, cgroupTicks: rise.cgroupTicks, beforeMs: rise.beforeMs, seenMs: rise.seenMs, vanished: rise.vanished });
    }
    this.previousWallMs = snapshot.takenAtMs;
    this.previousMonotonicMs = snapshot.monotonicMs;
    return events;
  }

  /** Kills still waiting for their report. */
  get waiting(): number {
    return this.pending.reduce((sum, rise) => sum + rise.delta, 0);
  }

  /** The kills still waiting for their report and when the newest of their rises was seen; null when none waits. */
  waitingRise(): { kills: number; seenMs: number } | null {
    const newest = this.pending.at(-1);
    return newest === undefined ? null : { kills: this.waiting, seenMs: newest.seenMs };
  }

  private notice(snapshot: Snapshot): void {
    const kills = snapshot.oomKills;
    const rise = kills !== null && this.previousKills !== null ? kills - this.previousKills : 0;
    if (kills !== null) this.previousKills = kills;
    const cgroupTicks = this.cgroupKills.update(snapshot.cgroups?.list ?? null, snapshot.takenAtMs, rise > 0);
    // Without the global counter (before 4.13), a cgroup's own counter still says a kill happened.
    let delta = rise > 0 ? rise : kills === null ? cgroupTicks.reduce((sum, t) => sum + t.kills, 0) : 0;
    if (this.credit !== null && snapshot.monotonicMs - this.credit.atMonotonicMs > this.waitMs) this.credit = null;
    if (this.credit !== null && delta > 0) {
      const used = Math.min(delta, this.credit.kills);
      delta -= used;
      this.credit = this.credit.kills === used ? null : { ...this.credit, kills: this.credit.kills - used };
    }
    if (delta <= 0) return;
    const since = this.previousMonotonicMs ?? -Infinity;
    this.pending.push({
      delta,
      cgroupTicks,
      beforeMs: this.previousWallMs,
      seenMs: snapshot.takenAtMs,
      seenMonotonicMs: snapshot.monotonicMs,
      vanished: snapshot.departed.filter((gone) => gone.goneAtMs > since),
    });
  }
}
