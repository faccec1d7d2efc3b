// Replay's OOM panel: the incident bundles of a recording as the kills the live panel shows, and the session
// at a sample. A bundle with the kernel's report becomes an incident (the report parsed again from its raw
// lines, as past.ts reads an incident file); a userspace killer's, that killer's kill; one seen only as a
// counter rise, a counter kill. Each carries the run-up the bundle kept (victims' series, the top of the
// ranking). A bundle is a file anyone with the account could have edited: what reaches the terminal is
// sanitised again. Pure over parsed bundle files.
import type { KillerName, KillSignal } from '../../killers/index.js';
import { parseOomReports } from '../../oom/report-assembler.js';
import { isoWithOffset } from '../../oom/time/wall-format.js';
import { sanitize } from '../../text/sanitize.js';
import type { CounterKill, Incident, OomSession, RecordedRunUp, SessionUserspaceKill } from '../incidents/types.js';
import type { IncidentBundle } from './bundle.js';

/** One recorded kill, ready for the panel: exactly one of incident, userspace, counter. */
export type ReplayKill =
  | { wallMs: number; kind: 'kernel'; incident: Incident }
  | { wallMs: number; kind: 'userspace'; kill: SessionUserspaceKill }
  | { wallMs: number; kind: 'counter'; kill: CounterKill };

const KILLERS: ReadonlySet<string> = new Set<KillerName>(['earlyoom', 'systemd-oomd', 'nohang', 'kubelet']);
const SIGNALS: ReadonlySet<string> = new Set<KillSignal>(['SIGTERM', 'SIGKILL']);

const text = (value: unknown): string => (typeof value === 'string' ? sanitize(value) : '');
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? sanitize(value) : null);
const numberOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** What a bundle kept of the run-up, as the panel shows it; every string sanitised again. */
export function recordedRunUp(bundle: IncidentBundle, path: string): RecordedRunUp {
  const victims = (Array.isArray(bundle.victims) ? bundle.victims : []).filter((v) => typeof v?.pid === 'number').map((v) => ({
    pid: v.pid,
    name: text(v.name),
    guessed: v.guessed === true,
    series: (Array.isArray(v.series) ? v.series : []).filter((p) => typeof p?.wallTime === 'string').map((p) => ({
      wallTime: text(p.wallTime), rssKb: numberOrNull(p.rssKb), swapKb: numberOrNull(p.swapKb), oomScore: numberOrNull(p.oomScore), rank: numberOrNull(p.rank),
    })),
  }));
  const top = (Array.isArray(bundle.topProcesses) ? bundle.topProcesses : [])
    .filter((p) => typeof p?.pid === 'number')
    .map((p) => ({ pid: p.pid, name: text(p.name), rssKb: numberOrNull(p.rssKb), rank: numberOrNull(p.rank) }));
  return { victims, top, path: sanitize(path) };
}

/** The kernel's report from the bundle's raw lines, placed at the bundle's kill time (the timeline's K). */
function kernelIncident(bundle: IncidentBundle, wallMs: number, recorded: RecordedRunUp): Incident | null {
  if (typeof bundle.rawText !== 'string') return null;
  const [parsed] = parseOomReports(bundle.rawText, { clock: { nowMs: wallMs, boot: null } });
  if (parsed === undefined) return null;
  const report = { ...parsed, wallTime: isoWithOffset(wallMs), wallTimeApproximate: false, wallTimeSource: null };
  return {
    id: 0, report, seenAtMs: 0, origin: 'live', bootId: null, victimsBefore: [], culprit: null,
    findings: [...report.findings], savedPath: recorded.path, saveError: null, recorded,
  };
}

function userspaceKill(bundle: IncidentBundle, wallMs: number, recorded: RecordedRunUp): SessionUserspaceKill | null {
  const killer = bundle.kill.killer;
  if (killer === null || typeof killer !== 'object' || !KILLERS.has(killer.name)) return null;
  const victim = recorded.victims[0];
  return {
    killer: killer.name,
    pid: victim?.pid ?? null,
    name: victim?.name || null,
    cgroup: textOrNull(bundle.kill.cgroup),
    signal: SIGNALS.has(killer.signal ?? '') ? killer.signal : null,
    reason: text(killer.reason),
    wallMs,
    wallTimeApproximate: false,
    recorded,
  };
}

/** A bundle as the kill the panel shows; null when it has no usable kill time. */
export function replayKill(bundle: IncidentBundle, path: string): ReplayKill | null {
  const wallMs = Date.parse(bundle.kill.wallTime);
  if (!Number.isFinite(wallMs)) return null;
  const recorded = recordedRunUp(bundle, path);
  if (bundle.kill.witness === 'killer-log') {
    const kill = userspaceKill(bundle, wallMs, recorded);
    if (kill !== null) return { wallMs, kind: 'userspace', kill };
  }
  const incident = bundle.kill.witness === 'killer-log' ? null : kernelIncident(bundle, wallMs, recorded);
  if (incident !== null) return { wallMs, kind: 'kernel', incident };
  const scope = bundle.kill.scope === 'global' || bundle.kill.scope === 'memcg' ? bundle.kill.scope : null;
  const counterDelta = numberOrNull(bundle.kill.counterDelta) ?? 1;
  return { wallMs, kind: 'counter', kill: { wallMs, scope, cgroup: textOrNull(bundle.kill.cgroup), counterDelta, recorded } };
}

/**
 * The session at the sample shown: every recorded kill up to `horizonMs` (the next sample's time, so the
 * kill that the sample shown leads into, where `]` lands, is in it), oldest first. `source`: the bundles'
 * directory, where the panel says its reports come from.
 */
export function replaySession(kills: readonly ReplayKill[], horizonMs: number, source: string): OomSession {
  const shown = kills.filter((kill) => kill.wallMs <= horizonMs);
  const incidents = shown.flatMap((kill) => (kill.kind === 'kernel' ? [kill.incident] : []));
  return {
    incidents: incidents.map((incident, index) => (incident.id === index + 1 ? incident : { ...incident, id: index + 1 })),
    killsSeen: null,
    reportsSeen: incidents.length,
    killsVsReports: null,
    log: { source, unavailable: null, lostRecords: 0, error: null },
    userspace: { kills: shown.flatMap((kill) => (kill.kind === 'userspace' ? [kill.kill] : [])), log: null },
    counterKills: shown.flatMap((kill) => (kill.kind === 'counter' ? [kill.kill] : [])),
  };
}
