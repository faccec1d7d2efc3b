// The help overlay: keys, how to read the screen, how to read oom_score (ui/lines/help-lines.ts). Longer
// than an 80x24 screen: it scrolls as less does, and its footer says which lines are shown.
import { Text } from 'ink';
import type { OomPolicy } from '../procfs/oom-policy.js';
import { clampHelpTop, helpFooter, helpLines } from './lines/help-lines.js';
import { fit } from './lines/format.js';

export interface HelpProps {
  columns: number;
  /** Lines for the help and its footer. */
  height: number;
  /** The first help line wanted (UiState.helpTop). */
  top?: number;
  readOnly?: boolean;
  /** Where oom_score_adj changes and refused attempts are logged; null: nowhere. */
  logPath?: string | null;
  /** The OOM sysctls here, a line each in the help. */
  policy?: OomPolicy | null;
  /** `oomlens replay`: its keys and timeline are in the help. */
  replay?: boolean;
}

export function HelpScreen({ columns, height, top = 0, readOnly = false, logPath = null, policy = null, replay = false }: HelpProps) {
  const rows = Math.max(1, height - 1);
  const all = helpLines(readOnly, logPath, policy, columns, replay);
  const first = clampHelpTop(top, rows, all.length);
  const shown = all.slice(first, first + rows);
  // Padded to the page, so the footer stays on the bottom line.
  const lines = [...shown, ...Array.from({ length: rows - shown.length }, () => '')];
  return (
    <>
      {lines.map((line, index) => (
        <Text key={index} wrap="truncate" bold={first + index === 0 || /^[A-Z ]+$/.test(line)}>
          {fit(line, columns)}
        </Text>
      ))}
      <Text dimColor wrap="truncate">{fit(helpFooter(first, rows, all.length, columns), columns)}</Text>
    </>
  );
}
