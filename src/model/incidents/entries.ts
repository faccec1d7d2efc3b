// What the OOM panel browses with ← →: the kernel's kills (incidents), the userspace killers' kills and (in
// replay) the recorded kills no report explains, in one list, oldest first, so that an earlyoom kill sits
// between the kernel kills before and after it. Pure.
import { incidentWallMs } from './past.js';
import type { CounterKill, Incident, OomSession, SessionUserspaceKill, UnreportedKill } from './types.js';

export type OomEntry =
  | { kind: 'kernel'; incident: Incident }
  | { kind: 'userspace'; kill: SessionUserspaceKill }
  | { kind: 'counter'; kill: CounterKill };

type TimedEntry = Exclude<OomEntry, { kind: 'kernel' }>;

const timedMs = (entry: TimedEntry) => entry.kill.wallMs;

/**
 * The kernel's incidents keep their order (incidents.ts byTime); the userspace and counter kills, in
 * wall-time order, go before the first incident that is later than they are. An incident of unknown time
 * stays where its order put it, ahead of the kills not yet placed.
 */
export function oomEntries(session: OomSession): OomEntry[] {
  const kernel = session.incidents;
  const timed: TimedEntry[] = [
    ...session.userspace.kills.map((kill): TimedEntry => ({ kind: 'userspace', kill })),
    ...(session.counterKills ?? []).map((kill): TimedEntry => ({ kind: 'counter', kill })),
  ];
  // Stable: userspace kills of the same ms keep their order before counter kills.
  if (session.counterKills !== undefined) timed.sort((a, b) => timedMs(a) - timedMs(b));
  const entries: OomEntry[] = [];
  let next = 0;
  for (const incident of kernel) {
    const ms = incidentWallMs(incident);
    while (ms !== null && next < timed.length && timedMs(timed[next]!) < ms) entries.push(timed[next++]!);
    entries.push({ kind: 'kernel', incident });
  }
  while (next < timed.length) entries.push(timed[next++]!);
  return entries;
}

/**
 * The counted kills no report explains, when they are the newest news: a userspace killer's kill logged
 * after them comes first. Null when there are none.
 */
export function newestUnreportedKill(session: OomSession): UnreportedKill | null {
  const unreported = session.unreportedKill ?? null;
  if (unreported === null) return null;
  const newest = oomEntries(session).at(-1);
  const newestMs = newest === undefined ? null : entryWallMs(newest);
  return newestMs !== null && newestMs > unreported.wallMs ? null : unreported;
}

/** Wall-clock ms of an entry's kill, or null when unknown. */
export function entryWallMs(entry: OomEntry): number | null {
  return entry.kind === 'kernel' ? incidentWallMs(entry.incident) : entry.kill.wallMs;
}

/**
 * Kills oomlens saw happen: the kernel's live incidents, every userspace kill (their logs are followed from
 * the start) and, in replay, the recorded kills without a report.
 */
export function liveEntryCount(session: OomSession): number {
  const live = session.incidents.filter((incident) => incident.origin === 'live').length;
  return live + session.userspace.kills.length + (session.counterKills?.length ?? 0);
}

/** This session's userspace kills per killer, most first: `[['earlyoom', 2]]`. */
export function userspaceCounts(session: OomSession): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const kill of session.userspace.kills) counts.set(kill.killer, (counts.get(kill.killer) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}
