// OOM kills known to this session: those it watched, each joined with what only oomlens knows (the victim's
// last minutes from its own samples: rank, footprint trend; whether a faster grower survived it, for the
// culprit is not always the victim), and those from before it started (this boot's kernel log as found at
// start, incident files of earlier runs), each listed once. Pure over snapshots and parsed reports.
import type { OomReport } from '../../oom/types.js';
import { KillHistory, findingsFor } from '../../oom/findings.js';
import { describeKillsVsReports } from '../../oom/kills-vs-reports.js';
import type { DepartedProcess, ProcessRow, Snapshot } from '../snapshot.js';
import { trapRules } from '../sampling/trend.js';
import { claimableGrowth } from '../ranking/own-process.js';
import { formatKbInline } from '../../text/units.js';
import { KillWatch } from './kill-watch.js';
import { killsThisSession, NO_COUNTER, type OomCounterState } from './oom-counter.js';
import { incidentWallMs, sameKill } from './past.js';
import type { LoggedKill } from '../../killers/index.js';
import type { KillerLogStatus } from '../../oom/killer-log.js';
import type { Culprit, Incident, KernelLogStatus, OomSession, RecordedRunUp, UnreportedKill, VictimBefore } from './types.js';

function victimBefore(pid: number, name: string, snapshot: Snapshot): VictimBefore | null {
  const departed: DepartedProcess | undefined = snapshot.departed.find((d) => d.pid === pid);
  if (departed === undefined) return null;
  const first = departed.footprint[0];
  const last = departed.footprint.at(-1);
  return {
    pid,
    name: departed.name || name,
    lastRank: departed.lastRank,
    rankedOf: departed.rankedOf,
    footprintFirstKb: first?.value ?? null,
    footprintLastKb: last?.value ?? null,
    windowSeconds: first && last ? Math.round((last.t - first.t) / 1000) : 0,
    growthKbPerMin: departed.growthKbPerMin,
  };
}

function inDomain(row: ProcessRow, report: OomReport): boolean {
  if (report.scope !== 'memcg' || report.memcg === null) return true;
  const cgroup = row.memoryCgroup ?? row.cgroup ?? '';
  return cgroup === report.memcg || cgroup.startsWith(`${report.memcg === '/' ? '' : report.memcg}/`);
}

/** The fastest meaningful grower among the survivors in the OOM's domain, when it outgrew every victim. */
function findCulprit(report: OomReport, snapshot: Snapshot, victims: VictimBefore[]): Culprit | null {
  const victimPids = new Set(report.victims.map((v) => v.pid));
  const rules = trapRules(snapshot.memory?.totalKb ?? null);
  let best: ProcessRow | null = null;
  for (const row of snapshot.processes) {
    const growth = claimableGrowth(row);
    if (victimPids.has(row.pid) || row.kernelThread || growth === null || !inDomain(row, report)) continue;
    if (best === null || growth > (best.growthKbPerMin ?? 0)) best = row;
  }
  const growth = best?.growthKbPerMin ?? 0;
  if (best === null || growth < rules.minGrowthKbPerMin) return null;
  const fastestVictim = Math.max(0, ...victims.map((v) => v.growthKbPerMin ?? 0));
  if (fastestVictim * rules.minRatioToVictim > growth) return null;
  return { pid: best.pid, name: best.name, growthKbPerMin: growth, rssKb: best.rssKb };
}

function culpritFinding(culprit: Culprit, report: OomReport): { id: 'culprit-not-victim'; text: string } {
  const victims = report.victims.map((v) => v.name).join(', ') || 'another process';
  return {
    id: 'culprit-not-victim',
    text: `${culprit.name} (pid ${culprit.pid}) was growing ${formatKbInline(Math.round(culprit.growthKbPerMin))}/min and survived; the kernel killed ${victims}. Look at ${culprit.name} before restarting the victim.`,
  };
}

/** The command lines oomlens saw of a report's victims (departed processes), by pid. */
function commandLinesOf(report: OomReport, snapshot: Snapshot): Map<number, string> {
  const lines = new Map<number, string>();
  for (const victim of report.victims) {
    const cmdline = snapshot.departed.find((d) => d.pid === victim.pid)?.cmdline;
    if (cmdline !== undefined && cmdline !== '') lines.set(victim.pid, cmdline);
  }
  return lines;
}

/**
 * Time order: the kills from before the start by their wall time, then this session's in the order they
 * came (after the start, whatever a log's stamp claims). A kill of unknown time goes after those known.
 */
function byTime(a: Incident, b: Incident): number {
  const live = Number(a.origin === 'live') - Number(b.origin === 'live');
  if (live !== 0) return live;
  return a.origin === 'live' ? 0 : (incidentWallMs(a) ?? Infinity) - (incidentWallMs(b) ?? Infinity);
}

/** Userspace kills kept for the panel: the newest this many (a killer in a loop must not grow the heap). */
const MAX_USERSPACE_KILLS = 1000;

export class IncidentTracker {
  /** Oldest first. */
  private incidents: Incident[] = [];
  /** Kills by userspace killers, oldest first (their logs are followed from oomlens's start). */
  private userspace: LoggedKill[] = [];
  /** The sampler's oom_kill counter as of the latest snapshot (the sampler keeps its baseline). */
  private oomKillCounter: OomCounterState = NO_COUNTER;
  /** Counter rises matched to this session's reports, as the recorder matches them. */
  private readonly killWatch = new KillWatch();
  /** The newest rise no report explained in time, until a newer kill's report. */
  private lostRise: { wallMs: number; kills: number } | null = null;
  /** Programs killed, for repeat-victim with the command lines oomlens saw (findings.ts KillHistory). */
  private readonly history = new KillHistory();

  /** `bootId`: this boot's, which the kills read from its own log belong to. */
  constructor(private readonly bootId: string | null = null) {}

  /**
   * Records this tick's counter and reports: `reports` happened while oomlens watched, `past` before it
   * started (this boot's log as found at start). Returns the incidents that are new and live.
   */
  update(snapshot: Snapshot, reports: readonly OomReport[], past: readonly OomReport[] = []): Incident[] {
    this.oomKillCounter = snapshot.oomKillCounter;
    this.matchRises(snapshot, reports);
    for (const report of past) this.addPast(this.incidentOf(report, 'before-start', snapshot.monotonicMs));
    return reports.map((report) => {
      const incident = this.incidentOf(report, 'live', snapshot.monotonicMs);
      const victimsBefore = report.victims.map((v) => victimBefore(v.pid, v.name, snapshot)).filter((v): v is VictimBefore => v !== null);
      const culprit = findCulprit(report, snapshot, victimsBefore);
      // The repeat-victim finding again, now that the victims' command lines are known.
      const commandLines = commandLinesOf(report, snapshot);
      const findings = commandLines.size === 0 ? report.findings : findingsFor(report, this.history, commandLines);
      this.history.record(report, commandLines);
      Object.assign(incident, {
        victimsBefore,
        culprit,
        findings: culprit === null ? [...findings] : [...findings, culpritFinding(culprit, report)],
      });
      this.insert(incident);
      return incident;
    });
  }

  /**
   * Kills found in incident files saved by earlier runs. One that is already listed (read from this boot's
   * log) is not listed again; the listed one takes what the file knew (the victim's last minutes, its path).
   */
  addSaved(saved: readonly Incident[]): void {
    for (const incident of saved) this.addPast(incident);
  }

  /**
   * The kills from before oomlens started get the run-up `oomlens record` kept of them (it may have run
   * while no TUI did): `find` gives the recorded run-up of a report's kill, or null. Kills seen live have
   * the TUI's own.
   */
  attachRecorded(find: (report: OomReport) => RecordedRunUp | null): void {
    for (const incident of this.incidents) {
      if (incident.origin !== 'before-start' || incident.recorded !== undefined) continue;
      const recorded = find(incident.report);
      if (recorded !== null) incident.recorded = recorded;
    }
  }

  /** Kills by userspace killers read from their logs this tick (oom/killer-log.ts). */
  addUserspace(kills: readonly LoggedKill[]): void {
    if (kills.length === 0) return;
    this.userspace = [...this.userspace, ...kills].sort((a, b) => a.wallMs - b.wallMs).slice(-MAX_USERSPACE_KILLS);
  }

  /** The session as the UI sees it; `killerLog`: the userspace killers' log, null when it is not followed. */
  session(log: KernelLogStatus, killerLog: KillerLogStatus | null = null): OomSession {
    const live = this.incidents.filter((i) => i.origin === 'live');
    const killsSeen = killsThisSession(this.oomKillCounter);
    const kills = killsSeen ?? live.reduce((sum, i) => sum + i.report.victims.length, 0);
    const reports = live.length;
    const killsInReports = live.reduce((sum, i) => sum + Math.max(1, i.report.victims.length), 0);
    return {
      incidents: this.incidents.map((incident, index) => (incident.id === index + 1 ? incident : { ...incident, id: index + 1 })),
      killsSeen,
      reportsSeen: reports,
      killsVsReports: kills === 0 && reports === 0 ? null : describeKillsVsReports(kills, reports, killsInReports),
      log,
      userspace: { kills: this.userspace, log: killerLog },
      unreportedKill: this.unreportedKill(),
    };
  }

  /** Which counted kills have no report: still awaited (kill-watch.ts), or overdue until a newer report. */
  private matchRises(snapshot: Snapshot, reports: readonly OomReport[]): void {
    for (const event of this.killWatch.update(snapshot, reports)) {
      if (event.report === null && event.counterDelta > 0) this.lostRise = { wallMs: event.seenMs, kills: event.counterDelta };
      else if (event.report !== null && this.lostRise !== null && event.seenMs > this.lostRise.wallMs) this.lostRise = null;
    }
  }

  private unreportedKill(): UnreportedKill | null {
    const waiting = this.killWatch.waitingRise();
    if (waiting !== null) return { wallMs: waiting.seenMs, kills: waiting.kills, overdue: false };
    return this.lostRise === null ? null : { ...this.lostRise, overdue: true };
  }

  private incidentOf(report: OomReport, origin: Incident['origin'], seenAtMs: number): Incident {
    return {
      id: 0, report, seenAtMs, origin, bootId: this.bootId,
      victimsBefore: [], culprit: null, findings: [...report.findings], savedPath: null, saveError: null,
    };
  }

  private addPast(incident: Incident): void {
    const index = this.incidents.findIndex((known) => sameKill(known, incident));
    if (index < 0) {
      if (incident.origin !== 'saved') this.history.record(incident.report);
      this.insert(incident);
      return;
    }
    const [known, other] = [this.incidents[index]!, incident];
    // The report from this boot's log (findings with this log's history) with what the file adds.
    const [fromLog, fromFile] = known.origin === 'saved' ? [other, known] : [known, other];
    this.incidents[index] = {
      ...fromLog,
      origin: fromLog.origin === 'saved' ? 'saved' : 'before-start',
      victimsBefore: fromFile.victimsBefore.length > 0 ? fromFile.victimsBefore : fromLog.victimsBefore,
      culprit: fromFile.culprit ?? fromLog.culprit,
      savedPath: fromFile.savedPath ?? fromLog.savedPath,
    };
  }

  private insert(incident: Incident): void {
    this.incidents.push(incident);
    this.incidents.sort(byTime);
  }
}
