// Kills on the wall clock, for the header and the OOM panel: the last kill and its age
// (`last 07:15:58 (3m ago): python3 in /app`), when a kill was and whether oomlens saw it happen, and what
// `o` says when there is no kill to show. Pure.
import { newestUnreportedKill, oomEntries } from '../../model/incidents/entries.js';
import type { Incident, OomSession, UnreportedKill } from '../../model/incidents/types.js';
import { incidentWallMs } from '../../model/incidents/past.js';
import { approximateMark, shortWallText } from '../../oom/time/wall-format.js';
import { agoText } from './format.js';
import type { ReplayView } from '../../model/recording/timeline.js';
import { userspaceKillTime, userspaceVictimWords } from './userspace-kill-lines.js';

function victimWords(incident: Incident): string {
  const [first, ...more] = incident.report.victims;
  if (first === undefined) return incident.report.outcome === 'panic' ? 'a kernel panic' : 'no kill';
  return more.length === 0 ? first.name : `${first.name} +${more.length}`;
}

function shortenPath(path: string): string {
  const last = path.split('/').filter((part) => part !== '').at(-1);
  return last === undefined || `/${last}` === path ? path : `…/${last}`;
}

/**
 * `a kill, its report not read yet`; once the report is overdue, or with no kernel log to read it from,
 * `a kill without a report`.
 */
export function unreportedKillWords(unreported: UnreportedKill, session: Pick<OomSession, 'log'>): string {
  const kills = unreported.kills === 1 ? 'a kill' : `${unreported.kills} kills`;
  if (unreported.overdue || session.log.unavailable !== null) return `${kills} without a report`;
  return `${kills}, ${unreported.kills === 1 ? 'its report' : 'their reports'} not read yet`;
}

/** `07:15:58 (3m ago)`, `≈ 2026-11-27 23:10 (9h ago)`; null when the kill's time is unknown. */
export function killTimeText(incident: Incident, nowWallMs: number, withAge = true): string | null {
  const ms = incidentWallMs(incident);
  if (ms === null) return null;
  const when = `${approximateMark(incident.report.wallTimeApproximate)}${shortWallText(ms, nowWallMs)}`;
  return withAge ? `${when} (${agoText(nowWallMs - ms)})` : when;
}

/**
 * The newest kill's forms for the header, widest first (`last 07:15:58 (3m ago): python3 in /app`): a long
 * cgroup path keeps its last component, then the cgroup goes, then the time of day. `timed` say when,
 * `untimed` do not; both are empty with no kill.
 */
export function lastKillForms(session: OomSession, nowWallMs: number): { timed: string[]; untimed: string[] } {
  const unreported = newestUnreportedKill(session);
  if (unreported !== null) {
    // The newest kill has no report (yet): naming the kill before it as "last" would be wrong.
    const words = unreportedKillWords(unreported, session);
    return { timed: [`last ${shortWallText(unreported.wallMs, nowWallMs)} (${agoText(nowWallMs - unreported.wallMs)}): ${words}`], untimed: [`last: ${words}`] };
  }
  const entry = oomEntries(session).at(-1);
  if (entry === undefined) return { timed: [], untimed: [] };
  if (entry.kind === 'userspace') {
    const words = userspaceVictimWords(entry.kill);
    return { timed: [`last ${userspaceKillTime(entry.kill, nowWallMs)}: ${words}`], untimed: [`last: ${words}`] };
  }
  if (entry.kind === 'counter') {
    const words = `a kill without a report${entry.kill.cgroup === null ? '' : ` in ${shortenPath(entry.kill.cgroup)}`}`;
    return { timed: [`last ${shortWallText(entry.kill.wallMs, nowWallMs)} (${agoText(nowWallMs - entry.kill.wallMs)}): ${words}`], untimed: [`last: ${words}`] };
  }
  const incident = entry.incident;
  const cgroup = incident.report.taskMemcg ?? incident.report.memcg;
  const who = victimWords(incident);
  const whom = (path: string | null) => (path === null ? who : `${who} in ${path}`);
  const ms = incidentWallMs(incident);
  const ago = ms === null ? null : agoText(nowWallMs - ms);
  const time = killTimeText(incident, nowWallMs);
  const short = cgroup === null ? null : shortenPath(cgroup);
  const known = (texts: (string | null)[]) => texts.filter((text): text is string => text !== null);
  return {
    timed: known([
      time === null ? null : `last ${time}: ${whom(cgroup)}`,
      time === null ? null : `last ${time}: ${whom(short)}`,
      time === null ? null : `last ${time}: ${who}`,
      ago === null ? null : `last ${ago}: ${who}`,
    ]),
    untimed: [`last: ${whom(short)}`, `last: ${who}`],
  };
}

/** What `o` says when there is no kill, no kill count and no log problem to show (in replay: at the sample shown). */
export function nothingToShowText(session: OomSession | null, replay?: ReplayView): string {
  if (replay !== undefined) {
    const later = replay.timeline.killsMs.filter((ms) => ms > replay.atMs).length;
    return later === 0 ? 'No kill recorded up to this sample, nor after it.' : `No kill recorded up to this sample: ] jumps to the next (${later} later).`;
  }
  if (session === null) return 'No OOM kill to show: no kernel log is followed here.';
  const where = session.log.source === null ? 'the kernel log' : session.log.source;
  return `No OOM kill in this boot's kernel log (${where}) nor saved by earlier runs.`;
}

/**
 * The panel's word on a kill oomlens did not watch, in place of (or before) what it saw of the victim:
 * that it came first, where it is known from, and what therefore cannot be shown. Null for a live kill.
 */
export function beforeStartText(incident: Incident): string | null {
  if (incident.origin === 'live') return null;
  const where = incident.savedPath !== null ? `saved by an earlier run, ${incident.savedPath}` : "found in this boot's kernel log";
  const samples =
    incident.victimsBefore.length > 0
      ? 'what that run saw of the victim follows'
      : 'no samples of the victim before it, so no rank, RSS trend or faster grower to show';
  return `this kill came before oomlens started (${where}): ${samples}`;
}
