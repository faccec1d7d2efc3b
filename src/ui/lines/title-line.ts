// The title line: who and where (host, kernel, uptime, the interval or PAUSED) on the left, the OOM kill
// counter and the newest kill on the right. Pure. Neither side is cut while a shorter form exists: the
// title gives up the kernel version before the kill gives up any of its detail (its cgroup, then its
// time); the uptime and PAUSED are cut only where not even the bare counter leaves room.
import { userspaceCounts } from '../../model/incidents/entries.js';
import { killsThisSession, type OomCounterState } from '../../model/incidents/oom-counter.js';
import type { HostFacts, Snapshot } from '../../model/snapshot.js';
import { fit, formatDuration, formatInterval } from './format.js';
import { lastKillForms } from './past-kills.js';

export interface TitleInput {
  snapshot: Snapshot | null;
  host: HostFacts | null;
  intervalMs: number;
  paused: boolean;
  oomCounter: OomCounterState;
  /** Monotonic ms now, for the counter's "12s ago". */
  nowMs: number;
}

/**
 * The counter; with `last` (the newest kill known), that kill instead of the counter's age; `userspace`
 * (` + earlyoom 1`): the userspace killers' kills seen since oomlens started.
 */
export function oomCounterText(counter: OomCounterState, nowMs: number, last: string | null = null, userspace = ''): string {
  const session = killsThisSession(counter) ?? 0;
  if (last !== null) return `OOM kills ${counter.value ?? 'n/a'}${session > 0 ? ` (+${session})` : ''}${userspace} · ${last}`;
  if (counter.value === null) return `OOM kills n/a${userspace}`;
  if (session === 0 || counter.lastIncreaseMs === null) return `OOM kills ${counter.value}${userspace}`;
  const ago = formatDuration((nowMs - counter.lastIncreaseMs) / 1000);
  return `OOM kills ${counter.value} (+${session}, ${ago} ago)${userspace}`;
}

/** The title's forms, widest first: with the kernel version, then without. */
export function titleForms(input: Pick<TitleInput, 'snapshot' | 'host' | 'intervalMs' | 'paused'>): string[] {
  const host = input.host?.hostname ?? '…';
  // Replay redraws every few ms to follow its cursor: that is no sampling interval, and the header is short.
  const tick = input.snapshot?.replay !== undefined ? [] : [input.paused ? 'PAUSED' : formatInterval(input.intervalMs)];
  const tail = [`up ${formatDuration(input.snapshot?.uptimeSeconds ?? null)}`, ...tick];
  const full = `oomlens ${[host, ...(input.host ? [input.host.kernel] : []), ...tail].join(' · ')}`;
  const short = `oomlens ${[host, ...tail].join(' · ')}`;
  return full === short ? [full] : [full, short];
}

/** The counter and the newest kill in their forms, widest first. */
function counterForms(input: TitleInput): string[] {
  const session = input.snapshot?.oom ?? null;
  // Say up front when kills could not be explained: the kernel log is unreadable for this user.
  const noLog = session?.log.unavailable ? ' · no kernel log (o)' : '';
  const kills = session === null ? { timed: [], untimed: [] } : lastKillForms(session, input.snapshot?.takenAtMs ?? 0);
  const userspace = session === null ? '' : userspaceCounts(session).map(([killer, count]) => ` + ${killer} ${count}`).join('');
  const withKill = (last: string) => oomCounterText(input.oomCounter, input.nowMs, last, userspace) + noLog + (noLog === '' ? ' (o)' : '');
  return [...kills.timed.map(withKill), ...kills.untimed.map(withKill), oomCounterText(input.oomCounter, input.nowMs, null, userspace) + noLog];
}

/**
 * The title (left, padded so that right ends the line) and the counter (right) for `columns`. The kill is
 * news and the kernel version is not: each form of the kill is tried with the full title, then without the
 * kernel, before the kill gives up more.
 */
export function titleLine(input: TitleInput, columns: number): { left: string; right: string } {
  const titles = titleForms(input);
  const forms = counterForms(input);
  for (const right of forms) {
    const title = titles.find((text) => text.length + 1 + right.length <= columns);
    if (title !== undefined) return { left: title.padEnd(columns - right.length - 1), right };
  }
  const right = forms.at(-1)!;
  return { left: fit(titles.at(-1)!, Math.max(0, columns - right.length - 1)), right };
}
