// One frame of the live screen, computed once per render from (snapshot, UI state, host, terminal size):
// the lists, the memory block, the layout, the OOM panel's share and the windows of both lists. The
// reducer's keys act on the same rows (`context`), so a key acts on what is on screen. Pure.
import type { HostFacts, Snapshot } from '../../model/snapshot.js';
import { oomEntries } from '../../model/incidents/entries.js';
import { memoryLineBudget, memoryLines } from '../lines/memory-lines.js';
import { statusLines, type Foresee } from '../lines/status-lines.js';
import type { ToneLine } from '../tone.js';
import { computeLayout, type Layout } from './layout.js';
import { nothingToShowText } from '../lines/past-kills.js';
import { helpLength } from '../lines/help-lines.js';
import { MEMORY_LINES_WITH_PANEL, panelHasContent, panelPlan, panelShown, type PanelPlan } from './panel-plan.js';
import { hostNotices, screenLists, type ScreenLists } from './screen-lists.js';
import type { UiState, ViewContext } from './state.js';
import { cgroupWindowTop, listWindow, type ListWindow } from './view.js';

export interface Frame {
  snapshot: Snapshot | null;
  lists: ScreenLists;
  memory: ToneLine[];
  status: ToneLine[];
  layout: Layout;
  panel: PanelPlan;
  /** The kill list on screen: its rows after filter and sort, the selection, the first row drawn. */
  list: ListWindow;
  cgroupTop: number;
  /** What the reducer needs of this frame to resolve a key. */
  context: ViewContext;
}

/** `foresee`: the steering writer's knowledge of refusals, for the preview (null: none, as in --once). */
export function computeFrame(
  snapshot: Snapshot | null,
  ui: UiState,
  host: HostFacts | null,
  columns: number,
  rows: number,
  foresee: Foresee | null = null,
): Frame {
  const lists = screenLists(snapshot, ui);
  const budget = memoryLineBudget(rows);
  const memoryBudget = panelShown(ui, snapshot) ? Math.min(budget, MEMORY_LINES_WITH_PANEL) : budget;
  const memory = memoryLines(snapshot, columns, memoryBudget, [...hostNotices(host), ...lists.headerLines]);
  const status = statusLines(ui, snapshot, columns, foresee);
  const layout = computeLayout(columns, rows, 1 + memory.length, 1 + status.length);
  const panel = panelPlan(ui, snapshot, layout);
  const list = listWindow(lists.rows, ui, panel.listRows);
  const cgroupTop = cgroupWindowTop(lists.cgroups, ui, panel.listRows);
  const context: ViewContext = {
    rows: list.rows,
    cgroups: lists.cgroups,
    pageSize: panel.listRows,
    incidents: snapshot?.oom ? oomEntries(snapshot.oom).length : 0,
    panelEmpty: panelHasContent(snapshot) ? null : snapshot === null ? 'The kernel log is still being read.' : nothingToShowText(snapshot.oom, snapshot.replay),
    listTop: list.top,
    cgroupTop,
    // The help screen: the title above it, its footer below.
    helpRows: layout.height - 2,
    helpLength: helpLength(columns, snapshot?.policy ?? null, snapshot?.replay !== undefined),
  };
  return { snapshot, lists, memory, status, layout, panel, list, cgroupTop, context };
}
