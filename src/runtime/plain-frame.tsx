// --once: one plain-text frame of the same Screen the TUI shows, without selection or key hints.
import { renderToString } from 'ink';
import { NO_COUNTER, trackOomCounter } from '../model/oom-counter.js';
import type { HostFacts, Snapshot } from '../model/snapshot.js';
import { Screen } from '../ui/Screen.js';
import { INITIAL_STATE } from '../ui/state.js';
import { visibleRows } from '../ui/view.js';

export function renderPlainFrame(snapshot: Snapshot, host: HostFacts, columns: number, intervalMs: number): string {
  const oomCounter = trackOomCounter(NO_COUNTER, snapshot.oomKills, snapshot.monotonicMs);
  const listRows = Math.max(1, visibleRows(snapshot.processes, INITIAL_STATE).length);
  return renderToString(
    <Screen
      snapshot={snapshot}
      host={host}
      ui={INITIAL_STATE}
      layout={{ columns, height: listRows + 4, headerLines: 2, listRows, tooSmall: false }}
      intervalMs={intervalMs}
      oomCounter={oomCounter}
      nowMs={snapshot.monotonicMs}
      color={false}
      top={0}
      message={null}
      interactive={false}
    />,
    { columns },
  );
}
