// How the list area is shared with the OOM panel: on tall terminals the panel takes the lower half, on
// short ones all of it (a kill is the one thing worth the whole screen), and never more than its lines:
// what it leaves blank goes back to the list above it. Pure.
import type { Snapshot } from '../../model/snapshot.js';
import type { Layout } from './layout.js';
import type { UiState } from './state.js';
import { oomPanelLines } from '../lines/oom-panel-lines.js';

export interface PanelPlan {
  /** Panel lines, 0 when closed or when there is nothing to show. */
  height: number;
  /** Process rows left for the kill list. */
  listRows: number;
}

const TALL_ENOUGH_TO_SPLIT = 30;

/** The panel has something to show: a kill, a kill count without its report, or why a log is unreadable. */
export function panelHasContent(snapshot: Snapshot | null): boolean {
  const session = snapshot?.oom;
  // An unreadable kernel log is content too: `o` then says why no report can be shown, and how to fix it.
  return (
    session !== null &&
    session !== undefined &&
    (session.incidents.length > 0 ||
      (session.killsSeen ?? 0) > 0 ||
      session.log.unavailable !== null ||
      session.userspace.kills.length > 0 ||
      (session.counterKills?.length ?? 0) > 0 ||
      (session.userspace.log?.unavailable ?? null) !== null)
  );
}

/** True when the OOM panel is on screen: open, under the kill list or the cgroup view, with a kill to show. */
export function panelShown(ui: Pick<UiState, 'panelOpen' | 'mode'>, snapshot: Snapshot | null): boolean {
  return ui.panelOpen && (ui.mode === 'list' || ui.mode === 'cgroups') && panelHasContent(snapshot);
}

/** With the panel open the memory block keeps its first three lines (MEM, SWAP, PSI): the kill matters more. */
export const MEMORY_LINES_WITH_PANEL = 3;

export function panelPlan(ui: Pick<UiState, 'panelOpen' | 'mode' | 'panelIndex'>, snapshot: Snapshot | null, layout: Layout): PanelPlan {
  if (!panelShown(ui, snapshot) || snapshot?.oom == null) return { height: 0, listRows: layout.listRows };
  // The column header and at least one process row stay when the panel shares the screen.
  const area = layout.listRows + 1;
  const share = layout.height + 1 < TALL_ENOUGH_TO_SPLIT ? area : Math.floor(area / 2);
  // Its title, then its lines as they would be laid out in its share.
  const wanted = 1 + oomPanelLines(snapshot.oom, ui.panelIndex, layout.columns, share - 1).length;
  const height = Math.min(share, wanted);
  // The list needs its column header and a row; a panel that leaves less takes it all.
  if (area - height < 2) return { height: area, listRows: 0 };
  return { height, listRows: area - height - 1 };
}
