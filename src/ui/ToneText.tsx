// One line of text drawn in its tone (see memory-lines.ts): the header's memory block, status lines, the
// OOM panel.
import { Text } from 'ink';
import { TONE_COLOR, type ToneLine } from './tone.js';

export function ToneText({ line, bold = false }: { line: ToneLine; bold?: boolean }) {
  return (
    <Text wrap="truncate" color={TONE_COLOR[line.tone]} dimColor={line.tone === 'dim'} bold={bold}>
      {line.text}
    </Text>
  );
}
