// --once: one plain-text frame of the same Screen the TUI shows, without selection or key hints.
import { renderToString } from 'ink';
import type { HostFacts, Snapshot } from '../model/snapshot.js';
import { Screen } from '../ui/Screen.js';
import { memoryLineBudget, memoryLines } from '../ui/lines/memory-lines.js';
import { hostNotices } from '../ui/state/screen-lists.js';
import { INITIAL_STATE } from '../ui/state/state.js';
import { visibleRows } from '../ui/state/view.js';

export function renderPlainFrame(snapshot: Snapshot, host: HostFacts, columns: number, intervalMs: number): string {
  const rows = visibleRows(snapshot.processes, INITIAL_STATE);
  const listRows = Math.max(1, rows.length);
  // The roomiest memory block: a frame on paper is as tall as it needs to be.
  const memory = memoryLines(snapshot, columns, memoryLineBudget(Infinity), hostNotices(host));
  const headerLines = 1 + memory.length;
  return renderToString(
    <Screen
      snapshot={snapshot}
      rows={snapshot.processes}
      list={{ rows, selected: -1, top: 0 }}
      cgroups={[]}
      cgroupTop={0}
      memory={memory}
      host={host}
      ui={INITIAL_STATE}
      layout={{ columns, height: headerLines + listRows + 2, headerLines, listRows, tooSmall: false }}
      intervalMs={intervalMs}
      nowMs={snapshot.monotonicMs}
      color={false}
      message={null}
      interactive={false}
    />,
    { columns },
  );
}
