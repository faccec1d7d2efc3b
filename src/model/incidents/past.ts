// Kills from before this session: this boot's kernel log as oomlens found it at start, and the incident
// files earlier runs saved. Which report is which kill (one kill seen both ways is listed once), and whether a
// report read live happened before oomlens started. Pure over parsed reports and file contents.
import { parseOomReports } from '../../oom/report-assembler.js';
import { isoWithOffset } from '../../oom/time/wall-format.js';
import type { OomReport } from '../../oom/types.js';
import { sanitize } from '../../text/sanitize.js';
import type { IncidentFile } from './store.js';
import type { Culprit, Incident, SessionStart, VictimBefore } from './types.js';

/** The wall-clock ms of an incident's kill, or null when unknown. */
export function incidentWallMs(incident: Pick<Incident, 'report'>): number | null {
  const ms = incident.report.wallTime === null ? NaN : Date.parse(incident.report.wallTime);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * A report of this boot's own log happened before oomlens started when its kernel stamp is older than the
 * kernel's clock was at start (both CLOCK_MONOTONIC-like); without a kernel stamp, when its wall time is.
 */
export function isBeforeStart(report: OomReport, start: SessionStart): boolean {
  if (report.uptimeSeconds !== null) return report.uptimeSeconds < start.monotonicSeconds;
  const ms = incidentWallMs({ report });
  return ms !== null && ms < start.wallMs;
}

/**
 * One kill seen twice (in this boot's log and in a file an earlier run saved; or in two files): the same boot
 * (when both know theirs), the same /dev/kmsg seq when both have one, else the same kernel stamp, or the
 * same wall time, with the same first victim.
 */
export function sameKill(a: Pick<Incident, 'report' | 'bootId'>, b: Pick<Incident, 'report' | 'bootId'>): boolean {
  if (a.bootId !== null && b.bootId !== null && a.bootId !== b.bootId) return false;
  const [ra, rb] = [a.report, b.report];
  if (ra.victims[0]?.pid !== rb.victims[0]?.pid) return false;
  if (a.bootId !== null && a.bootId === b.bootId && ra.kmsgSeq !== null && rb.kmsgSeq !== null) return ra.kmsgSeq === rb.kmsgSeq;
  if (ra.uptimeSeconds !== null && rb.uptimeSeconds !== null) return Math.abs(ra.uptimeSeconds - rb.uptimeSeconds) < 2e-6;
  return ra.wallTime !== null && ra.wallTime === rb.wallTime;
}

const WALL_TIME_SOURCES = new Set(['log-stamp', 'log-stamp-no-year', 'log-stamp-no-zone', 'dmesg-boot-time', 'boot-clock']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What an earlier run saved of the victims' last minutes, if the file holds it in the shape this version writes. */
function savedContext(context: unknown): { victimsBefore: VictimBefore[]; culprit: Culprit | null; findings: Incident['findings'] | null } {
  if (!isRecord(context)) return { victimsBefore: [], culprit: null, findings: null };
  // A file is text anyone with the account could have edited: what reaches the terminal is sanitised again.
  const victimsBefore = Array.isArray(context['victimsBefore'])
    ? (context['victimsBefore'] as unknown[])
        .filter((v): v is VictimBefore => isRecord(v) && typeof v['pid'] === 'number' && typeof v['name'] === 'string' && typeof v['rankedOf'] === 'number')
        .map((v) => ({ ...v, name: sanitize(v.name) }))
    : [];
  const rawCulprit = context['culprit'];
  const culprit =
    isRecord(rawCulprit) && typeof rawCulprit['pid'] === 'number' && typeof rawCulprit['name'] === 'string'
      ? { ...(rawCulprit as unknown as Culprit), name: sanitize(rawCulprit['name']) }
      : null;
  const findings = Array.isArray(context['findings'])
    ? (context['findings'] as unknown[])
        .filter((f): f is Incident['findings'][number] => isRecord(f) && typeof f['id'] === 'string' && typeof f['text'] === 'string')
        .map((f) => ({ ...f, id: sanitize(f.id), text: sanitize(f.text) }) as Incident['findings'][number])
    : null;
  return { victimsBefore, culprit, findings };
}

/**
 * An incident file as an incident: its raw text parsed again (so the panel reads it as any report), its
 * wall time as saved (files of older versions have none: then when it was saved, approximately), and the
 * context the run that saved it had. Null when the file holds no report.
 */
export function savedIncident(path: string, file: IncidentFile): Incident | null {
  const savedAtMs = Date.parse(file.savedAt);
  const nowMs = Number.isNaN(savedAtMs) ? Date.now() : savedAtMs;
  const [parsed] = parseOomReports(typeof file.rawText === 'string' ? file.rawText : '', { clock: { nowMs, boot: null } });
  if (parsed === undefined) return null;
  const savedJson = file.report as unknown;
  const json: Record<string, unknown> = isRecord(savedJson) ? savedJson : {};
  const report: OomReport = { ...parsed, kmsgSeq: typeof file.kmsgSeq === 'number' ? file.kmsgSeq : null };
  if (typeof json['wallTime'] === 'string') {
    report.wallTime = json['wallTime'];
    report.wallTimeApproximate = json['wallTimeApproximate'] === true;
    const source = json['wallTimeSource'];
    report.wallTimeSource = typeof source === 'string' && WALL_TIME_SOURCES.has(source) ? (source as OomReport['wallTimeSource']) : null;
  } else if (report.wallTime === null && !Number.isNaN(savedAtMs)) {
    // Saved within seconds of the kill by a run that watched it.
    report.wallTime = isoWithOffset(savedAtMs);
    report.wallTimeApproximate = true;
    report.wallTimeSource = null;
  }
  const context = savedContext(file.context);
  return {
    id: 0,
    report,
    seenAtMs: 0,
    origin: 'saved',
    bootId: typeof file.bootId === 'string' ? file.bootId : null,
    victimsBefore: context.victimsBefore,
    culprit: context.culprit,
    // The report's findings as this version reads it (an older run's may name-match repeat victims), plus
    // the one only the saving run could make.
    findings: [...report.findings, ...(context.findings ?? []).filter((finding) => finding.id === 'culprit-not-victim')],
    savedPath: sanitize(path),
    saveError: null,
  };
}
