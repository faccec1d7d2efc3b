// The top two lines: who and where (host, kernel, uptime, interval), the OOM kill counter, and a one-line
// memory summary.
import { Text } from 'ink';
import { killsThisSession, type OomCounterState } from '../model/incidents/oom-counter.js';
import type { HostFacts, Snapshot } from '../model/snapshot.js';
import { fit, formatDuration, formatInterval } from './lines/format.js';
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

export function oomCounterText(counter: OomCounterState, nowMs: number): string {
  if (counter.value === null) return 'OOM kills n/a';
  const session = killsThisSession(counter) ?? 0;
  if (session === 0 || counter.lastIncreaseMs === null) return `OOM kills ${counter.value}`;
  const ago = formatDuration((nowMs - counter.lastIncreaseMs) / 1000);
  return `OOM kills ${counter.value} (+${session}, ${ago} ago)`;
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
  const right = oomCounterText(props.oomCounter, props.nowMs) + noLog;
  const left = fit(titleText(props), Math.max(0, props.columns - right.length - 1));
  const recentKill =
    props.oomCounter.lastIncreaseMs !== null && props.nowMs - props.oomCounter.lastIncreaseMs < 60_000;
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
