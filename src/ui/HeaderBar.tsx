// The top two lines: who and where (host, kernel, uptime, interval), the OOM kill counter, and a one-line
// memory summary.
import { Text } from 'ink';
import { userspaceCounts } from '../model/incidents/entries.js';
import { killsThisSession, type OomCounterState } from '../model/incidents/oom-counter.js';
import type { HostFacts, Snapshot } from '../model/snapshot.js';
import { fit, formatDuration, formatInterval } from './lines/format.js';
import { lastKillText } from './lines/past-kills.js';
import type { ToneLine } from './tone.js';
import { ToneText } from './ToneText.js';


export interface HeaderProps {
  snapshot: Snapshot | null;
  /** The memory block, already laid out (memoryLines). */
  memory: readonly ToneLine[];
  host: HostFacts | null;
  intervalMs: number;
  paused: boolean;
  oomCounter: OomCounterState;
  nowMs: number;
  columns: number;
}

/**
 * The counter; with `last` (the newest kill known, lastKillText), that kill instead of the counter's age;
 * `userspace` (` + earlyoom 1`): the userspace killers' kills seen since oomlens started.
 */
export function oomCounterText(counter: OomCounterState, nowMs: number, last: string | null = null, userspace = ''): string {
  const session = killsThisSession(counter) ?? 0;
  if (last !== null) return `OOM kills ${counter.value ?? 'n/a'}${session > 0 ? ` (+${session})` : ''}${userspace} · ${last}`;
  if (counter.value === null) return `OOM kills n/a${userspace}`;
  if (session === 0 || counter.lastIncreaseMs === null) return `OOM kills ${counter.value}${userspace}`;
  const ago = formatDuration((nowMs - counter.lastIncreaseMs) / 1000);
  return `OOM kills ${counter.value} (+${session}, ${ago} ago)${userspace}`;
}

export function titleText(props: Pick<HeaderProps, 'snapshot' | 'host' | 'intervalMs' | 'paused'>): string {
  const parts = ['oomlens', props.host?.hostname ?? '…'];
  if (props.host) parts.push(props.host.kernel);
  parts.push(`up ${formatDuration(props.snapshot?.uptimeSeconds ?? null)}`);
  parts.push(props.paused ? 'PAUSED' : formatInterval(props.intervalMs));
  return `${parts[0]} ${parts.slice(1).join(' · ')}`;
}

export function HeaderBar(props: HeaderProps) {
  // Say up front when kills could not be explained: the kernel log is unreadable for this user.
  const noLog = props.snapshot?.oom?.log.unavailable ? ' · no kernel log (o)' : '';
  // The newest kill known (this session's or from before it), in what the title can give up.
  const oom = props.snapshot?.oom ?? null;
  const userspace = oom === null ? '' : userspaceCounts(oom).map(([killer, kills]) => ` + ${killer} ${kills}`).join('');
  const room = props.columns - 16 - oomCounterText(props.oomCounter, props.nowMs, '', userspace).length - noLog.length - 4;
  const last = oom === null ? null : lastKillText(oom, props.snapshot?.takenAtMs ?? 0, room);
  const right = oomCounterText(props.oomCounter, props.nowMs, last, userspace) + noLog + (last !== null && noLog === '' ? ' (o)' : '');
  const left = fit(titleText(props), Math.max(0, props.columns - right.length - 1));
  const newestUserspaceMs = oom?.userspace.kills.at(-1)?.wallMs ?? null;
  const recentKill =
    (props.oomCounter.lastIncreaseMs !== null && props.nowMs - props.oomCounter.lastIncreaseMs < 60_000) ||
    (newestUserspaceMs !== null && (props.snapshot?.takenAtMs ?? 0) - newestUserspaceMs < 60_000);
  return (
    <>
      <Text wrap="truncate">
        <Text bold>{left}</Text> <Text color={recentKill ? 'red' : undefined} bold={recentKill}>{right}</Text>
      </Text>
      {props.memory.map((line, index) => (
        <ToneText key={index} line={line} />
      ))}
    </>
  );
}
