// The OOM panel: the replayed kernel report, read for an operator (see oom-panel-lines.ts).
import { Text } from 'ink';
import type { OomSession } from '../model/incidents/types.js';
import { oomPanelLines, oomPanelTitle } from './lines/oom-panel-lines.js';
import { ToneText } from './ToneText.js';


export interface OomPanelProps {
  session: OomSession;
  index: number | null;
  width: number;
  height: number;
  nowMs: number;
  /** Wall-clock ms now (the snapshot's), for when a kill happened. */
  nowWallMs?: number | null;
}

export function OomPanel(props: OomPanelProps) {
  const lines = oomPanelLines(props.session, props.index, props.width, props.height - 1);
  const blank = ' '.repeat(props.width);
  return (
    <>
      <Text inverse bold color="red" wrap="truncate">{oomPanelTitle(props.session, props.index, props.nowMs, props.nowWallMs ?? null).padEnd(props.width)}</Text>
      {lines.map((line, index) => (
        <ToneText key={index} line={line} bold={index === 0} />
      ))}
      {Array.from({ length: Math.max(0, props.height - 1 - lines.length) }, (_, i) => <Text key={`pad-${i}`}>{blank}</Text>)}
    </>
  );
}
