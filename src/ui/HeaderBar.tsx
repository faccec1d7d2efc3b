// The top two lines: who and where (host, kernel, uptime, interval), the OOM kill counter, and a one-line
// memory summary.
import { Text } from 'ink';
import type { OomCounterState } from '../model/incidents/oom-counter.js';
import type { HostFacts, Snapshot } from '../model/snapshot.js';
import { titleLine } from './lines/title-line.js';
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

export function HeaderBar(props: HeaderProps) {
  const { left, right } = titleLine(props, props.columns);
  const newestUserspaceMs = props.snapshot?.oom?.userspace.kills.at(-1)?.wallMs ?? null;
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
