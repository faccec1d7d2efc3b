// The OOM panel: the replayed kernel report, read for an operator (see oom-panel-lines.ts).
import { Text } from 'ink';
import type { OomSession } from '../model/incidents.js';
import { oomPanelLines, oomPanelTitle } from './oom-panel-lines.js';
import type { Tone } from './memory-lines.js';

const TONE_COLOR: Record<Tone, string | undefined> = { normal: undefined, dim: undefined, warn: 'yellow', bad: 'red' };

export interface OomPanelProps {
  session: OomSession;
  index: number | null;
  width: number;
  height: number;
  nowMs: number;
}

export function OomPanel(props: OomPanelProps) {
  const lines = oomPanelLines(props.session, props.index, props.width, props.height - 1);
  const blank = ' '.repeat(props.width);
  return (
    <>
      <Text inverse bold color="red" wrap="truncate">{oomPanelTitle(props.session, props.index, props.nowMs).padEnd(props.width)}</Text>
      {lines.map((line, index) => (
        <Text key={index} wrap="truncate" color={TONE_COLOR[line.tone]} bold={index === 0} dimColor={line.tone === 'dim'}>
          {line.text}
        </Text>
      ))}
      {Array.from({ length: Math.max(0, props.height - 1 - lines.length) }, (_, i) => <Text key={`pad-${i}`}>{blank}</Text>)}
    </>
  );
}
