// The whole frame as a function of (snapshot, UI state, terminal size). No hooks: the live App and the
// one-shot --once printer render the same component.
import { Box, Text } from 'ink';
import { oomEntries } from '../model/incidents/entries.js';
import { NO_COUNTER } from '../model/incidents/oom-counter.js';
import type { HostFacts, ProcessRow, Snapshot } from '../model/snapshot.js';
import type { MemoryCgroup } from '../cgroupfs/memory-cgroup.js';
import type { CgroupSortKey } from '../model/ranking/cgroup-order.js';
import { CgroupList } from './CgroupList.js';
import { OomPanel } from './OomPanel.js';
import type { PanelPlan } from './state/panel-plan.js';
import { cgroupFooterText, Footer, type PanelPosition } from './Footer.js';
import { HeaderBar } from './HeaderBar.js';
import { HelpScreen } from './HelpScreen.js';
import { KillList } from './KillList.js';
import { markedVictimPids } from './lines/forecast-lines.js';
import { fit } from './lines/format.js';
import type { Layout } from './state/layout.js';
import { MIN_COLUMNS, MIN_ROWS } from './state/layout.js';
import type { ToneLine } from './tone.js';
import { ToneText } from './ToneText.js';

import type { UiState } from './state/state.js';
import type { ListWindow } from './state/view.js';

const CGROUP_SORT_LABEL: Record<CgroupSortKey, string> = { use: 'USE%', eta: 'ETA', grow: 'GROW' };

export interface ScreenProps {
  snapshot: Snapshot | null;
  /** The processes the kill list shows before filtering: all, or the scoped cgroup's. */
  rows: readonly ProcessRow[];
  /** The kill list on screen (filtered, sorted, its selection and first row), computed once per frame. */
  list: ListWindow;
  /** The cgroup view's rows. */
  cgroups: readonly MemoryCgroup[];
  cgroupTop: number;
  /** Lines above the footer: a preview, a prompt, a question or a result. */
  status?: readonly ToneLine[];
  readOnly?: boolean;
  /** Where oom_score_adj changes are logged (the help says it). */
  logPath?: string | null;
  /** The OOM panel's share of the list area (App computes it; --once has none). */
  panel?: PanelPlan;
  memory: readonly ToneLine[];
  host: HostFacts | null;
  ui: UiState;
  layout: Layout;
  intervalMs: number;
  /** Monotonic ms now, for "12s ago". */
  nowMs: number;
  color: boolean;
  message: string | null;
  /** False for --once: no selection, no key hints (no key can be pressed). */
  interactive?: boolean;
}

/** Which report the open OOM panel shows, for the footer's keys; null when the panel is not on screen. */
function panelPosition(panel: PanelPlan, snapshot: Snapshot | null, ui: UiState): PanelPosition | null {
  if (panel.height === 0 || !snapshot?.oom) return null;
  const count = oomEntries(snapshot.oom).length;
  return { index: ui.panelIndex ?? count - 1, count };
}

export function Screen(props: ScreenProps) {
  const { layout, ui, snapshot } = props;
  if (layout.tooSmall) {
    return <Text wrap="truncate">{fit(`terminal too small: need ${MIN_COLUMNS}x${MIN_ROWS}`, layout.columns)}</Text>;
  }
  const all = props.rows;
  const rows = props.list.rows;
  const interactive = props.interactive !== false;
  const panel = props.panel ?? { height: 0, listRows: layout.listRows };
  const selected = interactive ? props.list.selected : -1;
  const panelAt = panelPosition(panel, snapshot, ui);
  return (
    <Box flexDirection="column" width={layout.columns}>
      <HeaderBar
        snapshot={snapshot}
        memory={ui.mode === 'help' ? [] : props.memory}
        host={props.host}
        intervalMs={props.intervalMs}
        paused={ui.paused}
        oomCounter={snapshot?.oomKillCounter ?? NO_COUNTER}
        nowMs={props.nowMs}
        columns={layout.columns}
      />
      {ui.mode === 'help' ? (
        <HelpScreen
          columns={layout.columns}
          height={layout.height - 1}
          top={ui.helpTop}
          readOnly={props.readOnly ?? false}
          logPath={props.logPath ?? null}
          policy={snapshot?.policy ?? null}
          replay={snapshot?.replay !== undefined}
        />
      ) : ui.mode === 'cgroups' ? (
        <>
          {panel.height > 0 && panel.listRows === 0 ? null : (
          <CgroupList
            cgroups={props.cgroups}
            forecasts={snapshot?.forecast.cgroups ?? []}
            selectedKey={ui.cgroupKey}
            selectedHint={ui.cgroupIndexHint}
            top={props.cgroupTop}
            height={panel.listRows}
            columns={layout.columns}
            color={props.color}
            emptyText={snapshot?.cgroups ? 'no memory cgroup with a limit or processes' : 'no memory cgroup hierarchy is mounted'}
          />
          )}
          {panel.height > 0 && snapshot?.oom ? (
            <OomPanel session={snapshot.oom} index={ui.panelIndex} width={layout.columns} height={panel.height} nowMs={props.nowMs} nowWallMs={snapshot.takenAtMs} />
          ) : null}
          <Text dimColor wrap="truncate">{fit(cgroupFooterText(panelAt, CGROUP_SORT_LABEL[ui.cgroupSort], layout.columns, snapshot?.replay !== undefined), layout.columns)}</Text>
        </>
      ) : (
        <>
          {panel.height > 0 && panel.listRows === 0 ? null : (
          <KillList
            rows={rows}
            selected={selected}
            top={props.list.top}
            height={panel.listRows}
            columns={layout.columns}
            color={props.color || !interactive}
            victimPids={markedVictimPids(snapshot, ui.scope?.key ?? null, all)}
            sort={interactive ? ui.sort : null}
            emptyText={snapshot === null ? 'reading /proc…' : 'no process matches'}
          />
          )}
          {panel.height > 0 && snapshot?.oom ? (
            <OomPanel session={snapshot.oom} index={ui.panelIndex} width={layout.columns} height={panel.height} nowMs={props.nowMs} nowWallMs={snapshot.takenAtMs} />
          ) : null}
          {(props.status ?? []).map((line, index) => (
            <ToneText key={`status-${index}`} line={line} />
          ))}
          {!interactive ? null : (
            <Footer
              ui={ui}
              shown={rows.length}
              total={all.length}
              columns={layout.columns}
              message={props.message}
              readOnly={props.readOnly ?? false}
              panel={panelAt}
              replay={snapshot?.replay ?? null}
            />
          )}
        </>
      )}
    </Box>
  );
}
