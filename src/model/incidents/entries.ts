// What the OOM panel browses with ← →: the kernel's kills (incidents) and the userspace killers' kills in
// one list, oldest first, so that an earlyoom kill sits between the kernel kills before and after it. Pure.
import type { LoggedKill } from '../../killers/index.js';
import { incidentWallMs } from './past.js';
import type { Incident, OomSession } from './types.js';

export type OomEntry = { kind: 'kernel'; incident: Incident } | { kind: 'userspace'; kill: LoggedKill };

/**
 * The kernel's incidents keep their order (incidents.ts byTime); the userspace kills, in wall-time order,
 * go before the first incident that is later than they are. An incident of unknown time stays where its
 * order put it, ahead of the userspace kills not yet placed.
 */
export function oomEntries(session: OomSession): OomEntry[] {
  const kernel = session.incidents;
  const userspace = session.userspace.kills;
  const entries: OomEntry[] = [];
  let next = 0;
  for (const incident of kernel) {
    const ms = incidentWallMs(incident);
    while (ms !== null && next < userspace.length && userspace[next]!.wallMs < ms) entries.push({ kind: 'userspace', kill: userspace[next++]! });
    entries.push({ kind: 'kernel', incident });
  }
  while (next < userspace.length) entries.push({ kind: 'userspace', kill: userspace[next++]! });
  return entries;
}

/** Wall-clock ms of an entry's kill, or null when unknown. */
export function entryWallMs(entry: OomEntry): number | null {
  return entry.kind === 'kernel' ? incidentWallMs(entry.incident) : entry.kill.wallMs;
}

/** Kills oomlens saw happen: the kernel's live incidents and every userspace kill (their logs are followed from the start). */
export function liveEntryCount(session: OomSession): number {
  return session.incidents.filter((incident) => incident.origin === 'live').length + session.userspace.kills.length;
}

/** This session's userspace kills per killer, most first: `[['earlyoom', 2]]`. */
export function userspaceCounts(session: OomSession): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const kill of session.userspace.kills) counts.set(kill.killer, (counts.get(kill.killer) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}
