// The ranked process list: a column header and one pre-padded <Text> per process.
import { Text } from 'ink';
import type { ProcessRow } from '../model/snapshot.js';
import { isExemptByAdj } from '../model/ranking/killable.js';
import { columnsFor, headerLine, labelWidthFor, pidWidthFor, rowLine, type ColumnId } from './lines/columns.js';
import { fit } from './lines/format.js';

export interface KillListProps {
  rows: readonly ProcessRow[];
  selected: number;
  top: number;
  height: number;
  columns: number;
  /** Without colour the selection is marked with a character. */
  color: boolean;
  emptyText: string;
  /** The processes the next kill takes: COMMAND marked "!", and drawn in red. */
  victimPids: ReadonlySet<number>;
  /** The column the list is sorted by, marked in the header. */
  sort?: ColumnId | null;
}

function rowColor(row: ProcessRow, victim: boolean): string | undefined {
  if (victim) return 'red';
  // Unkillable (adj -1000): the killer will look elsewhere.
  return isExemptByAdj(row) ? 'green' : undefined;
}

function padding(count: number, columns: number) {
  const blank = ' '.repeat(columns);
  return Array.from({ length: Math.max(0, count) }, (_, index) => <Text key={`pad-${index}`}>{blank}</Text>);
}

export function KillList(props: KillListProps) {
  const gutter = props.color ? 0 : 1;
  const columns = columnsFor(props.columns - gutter, pidWidthFor(props.rows), labelWidthFor(props.rows));
  const window = props.rows.slice(props.top, props.top + props.height);
  return (
    <>
      <Text inverse bold wrap="truncate">{' '.repeat(gutter) + fit(headerLine(columns, props.sort ?? null), props.columns - gutter)}</Text>
      {window.length === 0 ? <Text dimColor>{fit(props.emptyText, props.columns)}</Text> : null}
      {window.map((row, offset) => {
        const index = props.top + offset;
        const isSelected = index === props.selected;
        const mark = gutter === 0 ? '' : isSelected ? '>' : ' ';
        const victim = props.victimPids.has(row.pid);
        // The selection is inverse video in the row's own colour: a red row stays red when selected.
        return (
          <Text
            key={row.key}
            wrap="truncate"
            inverse={isSelected}
            color={rowColor(row, victim)}
            dimColor={row.kernelThread && !isSelected}
          >
            {mark + rowLine(columns, row, victim)}
          </Text>
        );
      })}
      {/* Blank rows keep the frame one fixed height: the footer stays on the bottom line whatever the
          number of processes shown. */}
      {padding(props.height - Math.max(1, window.length), props.columns)}
    </>
  );
}
