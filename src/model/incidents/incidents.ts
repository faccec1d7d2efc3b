// OOM kills seen during this session, each joined with what only oomlens knows: the victim's last
// minutes from its own samples (rank, footprint trend) and whether a faster grower survived it (the
// culprit is not always the victim). Pure over snapshots and parsed reports.
import type { OomReport } from '../../oom/types.js';
import { describeKillsVsReports } from '../../oom/findings.js';
import type { DepartedProcess, ProcessRow, Snapshot } from '../snapshot.js';
import { trapRules } from '../sampling/trend.js';
import { claimableGrowth } from '../ranking/own-process.js';
import { formatKbInline } from '../../text/units.js';
import { killsThisSession, NO_COUNTER, type OomCounterState } from './oom-counter.js';
import type { Culprit, Incident, KernelLogStatus, OomSession, VictimBefore } from './types.js';

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

export class IncidentTracker {
  private readonly incidents: Incident[] = [];
  /** The sampler's oom_kill counter as of the latest snapshot (the sampler keeps its baseline). */
  private oomKillCounter: OomCounterState = NO_COUNTER;

  /** Records this tick's counter and reports; returns the incidents that are new. */
  update(snapshot: Snapshot, reports: readonly OomReport[]): Incident[] {
    this.oomKillCounter = snapshot.oomKillCounter;
    const added = reports.map((report) => {
      const victimsBefore = report.victims
        .map((v) => victimBefore(v.pid, v.name, snapshot))
        .filter((v): v is VictimBefore => v !== null);
      const culprit = findCulprit(report, snapshot, victimsBefore);
      const incident: Incident = {
        id: this.incidents.length + 1,
        report,
        seenAtMs: snapshot.monotonicMs,
        victimsBefore,
        culprit,
        findings: culprit === null ? [...report.findings] : [...report.findings, culpritFinding(culprit, report)],
        savedPath: null,
        saveError: null,
      };
      this.incidents.push(incident);
      return incident;
    });
    return added;
  }

  /** The session as the UI sees it. */
  session(log: KernelLogStatus): OomSession {
    const killsSeen = killsThisSession(this.oomKillCounter);
    const kills = killsSeen ?? this.incidents.reduce((sum, i) => sum + i.report.victims.length, 0);
    const reports = this.incidents.length;
    return {
      incidents: [...this.incidents],
      killsSeen,
      reportsSeen: reports,
      killsVsReports: kills === 0 && reports === 0 ? null : describeKillsVsReports(kills, reports, this.killsInReports()),
      log,
    };
  }

  private killsInReports(): number {
    return this.incidents.reduce((sum, i) => sum + Math.max(1, i.report.victims.length), 0);
  }
}
