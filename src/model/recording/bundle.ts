// One kill, self-contained: the kernel's report (when the log gave one), and from the recorded samples the
// minutes before it: each victim's RSS, swap, score and rank, its cgroup's usage against the limit, the
// box's headroom and pressure, and the top of the ranking at the last sample. Pure over the samples.
import { userspaceKillScope, type KillerName, type KillSignal } from '../../killers/index.js';
import { toReportJson, type OomReportJson } from '../../oom/report-json.js';
import type { KillEvent } from '../incidents/kill-watch.js';
import type { RecordedNextKill, RecordedSample } from './sample.js';
import type { VictimPoint } from './victim-point.js';

export const BUNDLE_KIND = 'oomlens-incident-bundle';
export const BUNDLE_VERSION = 1;

export type { VictimPoint } from './victim-point.js';

export interface BundleVictim {
  pid: number;
  name: string;
  starttime: number | null;
  /** No report named it: it vanished from a cgroup whose kill counter rose. */
  guessed: boolean;
  series: VictimPoint[];
}

export interface CgroupPoint {
  wallTime: string;
  usageKb: number;
  limitKb: number | null;
  growthKbPerMin: number | null;
  etaSeconds: number | null;
}

export interface PressurePoint {
  wallTime: string;
  availableKb: number | null;
  swapFreeKb: number | null;
  psiSome10: number | null;
  psiFull10: number | null;
  etaSeconds: number | null;
}

export interface IncidentBundle {
  kind: typeof BUNDLE_KIND;
  version: typeof BUNDLE_VERSION;
  savedAt: string;
  kill: {
    /** When the kill happened: from the report's kernel timestamp, else when the counter was seen to rise. */
    wallTime: string;
    uptimeSeconds: number | null;
    scope: 'global' | 'memcg' | null;
    cgroup: string | null;
    counterDelta: number;
    witness: 'kernel-log' | 'counter' | 'killer-log';
    /** The userspace killer whose log reported the kill, with the threshold that fired; null for the kernel's. */
    killer: { name: KillerName; signal: KillSignal | null; reason: string } | null;
  };
  report: OomReportJson | null;
  /** The report as the kernel printed it; `oomlens explain` reads it back. */
  rawText: string | null;
  victims: BundleVictim[];
  cgroup: { path: string; series: CgroupPoint[] } | null;
  pressure: PressurePoint[];
  /** What oomlens predicted at the last sample before the kill. */
  predicted: RecordedNextKill | null;
  topProcesses: { pid: number; name: string; rssKb: number | null; swapKb: number | null; oomScore: number | null; oomScoreAdj: number | null; rank: number | null; cgroup: string | null; growthKbPerMin: number | null }[];
  /** How far back the series reach, and how many samples they come from. */
  windowSeconds: number;
  samples: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Wall ms of the kill: the report's uptime stamp placed on the newest sample's clock, else the rise. */
export function killWallMs(event: KillEvent, samples: readonly RecordedSample[]): number {
  if (event.killer !== undefined) return event.killer.wallMs;
  const stamp = event.report?.uptimeSeconds ?? null;
  const anchor = [...samples].reverse().find((s) => s.up !== null);
  if (stamp !== null && anchor !== undefined && anchor.up !== null) return Math.round(anchor.t + (stamp - anchor.up) * 1000);
  return event.beforeMs !== null ? Math.round((event.beforeMs + event.seenMs) / 2) : event.seenMs;
}

/** The samples taken before the kill, within `windowMs` of it. */
export function samplesBefore(samples: readonly RecordedSample[], event: KillEvent, killMs: number, windowMs: number): RecordedSample[] {
  const stamp = event.report?.uptimeSeconds ?? null;
  return samples.filter((s) => {
    if (s.t < killMs - windowMs) return false;
    // The kernel's own clock when both have it: a sample a few ms after the kill is after it.
    if (stamp !== null && s.up !== null) return s.up < stamp;
    return event.beforeMs !== null ? s.t <= event.beforeMs : s.t < event.seenMs;
  });
}

export function victimSeries(samples: readonly RecordedSample[], pid: number): { starttime: number | null; name: string | null; series: VictimPoint[] } {
  // The newest sample of that pid decides which process it was (pid + starttime): a reused pid is not it.
  let starttime: number | null = null;
  let name: string | null = null;
  for (let i = samples.length - 1; i >= 0 && starttime === null; i -= 1) {
    const row = samples[i]!.p.find((p) => p[0] === pid);
    if (row !== undefined) [starttime, name] = [row[1], row[2]];
  }
  const series: VictimPoint[] = [];
  for (const sample of samples) {
    const row = sample.p.find((p) => p[0] === pid && p[1] === starttime);
    if (row !== undefined) series.push({ wallTime: iso(sample.t), rssKb: row[3], swapKb: row[4], oomScore: row[5], rank: row[7] });
  }
  return { starttime, name, series };
}

function cgroupSeries(samples: readonly RecordedSample[], path: string): CgroupPoint[] {
  return samples.flatMap((sample) => {
    const row = sample.c.find((c) => c[0] === path);
    return row === undefined ? [] : [{ wallTime: iso(sample.t), usageKb: row[2], limitKb: row[4], growthKbPerMin: row[5], etaSeconds: row[6] }];
  });
}

function victimsOf(event: KillEvent, before: readonly RecordedSample[]): BundleVictim[] {
  const killer = event.killer;
  const named =
    killer !== undefined
      ? killer.pid === null ? [] : [{ pid: killer.pid, name: killer.name ?? '', guessed: false }]
      : (event.report?.victims.map((v) => ({ pid: v.pid, name: v.name, guessed: false })) ?? []);
  const guessed = event.report === null && killer === undefined
    ? event.vanished
        .filter((gone) => event.cgroupTicks.length === 0 || event.cgroupTicks.some((t) => gone.cgroup !== null && (gone.cgroup === t.path || gone.cgroup.startsWith(`${t.path}/`))))
        .map((gone) => ({ pid: gone.pid, name: gone.name, guessed: true }))
    : [];
  return [...named, ...guessed].map((victim) => {
    const found = victimSeries(before, victim.pid);
    // A killer's log may give a pid of another pid namespace (earlyoom in a container): the series is the
    // victim's only when the process sampled under that pid bore its name.
    const other = killer !== undefined && victim.name !== '' && found.name !== null && found.name !== victim.name;
    const series = other ? { starttime: null, name: null, series: [] } : found;
    return { pid: victim.pid, name: victim.name || series.name || '', starttime: series.starttime, guessed: victim.guessed, series: series.series };
  });
}

export function buildBundle(event: KillEvent, samples: readonly RecordedSample[], windowMs: number, nowMs: number): IncidentBundle {
  const killMs = killWallMs(event, samples);
  const before = samplesBefore(samples, event, killMs, windowMs);
  const report = event.report;
  const killer = event.killer ?? null;
  const cgroupPath = killer !== null ? killer.cgroup : report?.scope === 'memcg' ? (report.memcg ?? null) : (event.cgroupTicks[0]?.path ?? null);
  const last = before.at(-1);
  return {
    kind: BUNDLE_KIND,
    version: BUNDLE_VERSION,
    savedAt: iso(nowMs),
    kill: {
      wallTime: iso(killMs),
      uptimeSeconds: report?.uptimeSeconds ?? null,
      scope: killer !== null ? userspaceKillScope(killer) : (report?.scope ?? (event.cgroupTicks.length > 0 ? 'memcg' : null)),
      cgroup: cgroupPath,
      counterDelta: event.counterDelta,
      witness: killer !== null ? 'killer-log' : report === null ? 'counter' : 'kernel-log',
      killer: killer === null ? null : { name: killer.killer, signal: killer.signal, reason: killer.reason },
    },
    report: report === null ? null : toReportJson(report),
    rawText: report === null ? null : report.rawLines.join('\n'),
    victims: victimsOf(event, before),
    cgroup: cgroupPath === null ? null : { path: cgroupPath, series: cgroupSeries(before, cgroupPath) },
    pressure: before.map((s) => ({
      wallTime: iso(s.t),
      availableKb: s.mem?.availableKb ?? null,
      swapFreeKb: s.mem?.swapFreeKb ?? null,
      psiSome10: s.psi?.some10 ?? null,
      psiFull10: s.psi?.full10 ?? null,
      etaSeconds: s.eta,
    })),
    predicted: last?.next ?? null,
    topProcesses: (last?.p ?? []).slice(0, 10).map((p) => ({
      pid: p[0], name: p[2], rssKb: p[3], swapKb: p[4], oomScore: p[5], oomScoreAdj: p[6], rank: p[7], cgroup: p[8], growthKbPerMin: p[9],
    })),
    windowSeconds: before.length === 0 ? 0 : Math.round((killMs - before[0]!.t) / 1000),
    samples: before.length,
  };
}

/** The bundle file's label: the first victim's pid, else the userspace killer, else the counter. */
export function bundleLabel(bundle: IncidentBundle): string {
  const victim = bundle.victims.find((v) => !v.guessed) ?? bundle.victims[0];
  return victim !== undefined ? `pid${victim.pid}` : (bundle.kill.killer?.name ?? 'counter');
}
