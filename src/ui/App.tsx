// The live screen: hooks for input, size and snapshots around the pure Screen.
import { useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HostFacts, Snapshot } from '../model/snapshot.js';
import { runAdjustEffect, type Adjuster } from './state/adjust-effects.js';
import { MEMORY_LINES_WITH_PANEL, panelPlan, panelShown } from './state/panel-plan.js';
import { statusLines } from './lines/status-lines.js';
import { keymap, splitKeys } from './state/keymap.js';
import { computeLayout } from './state/layout.js';
import { cgroupKey } from '../cgroupfs/memory-cgroups.js';
import { memoryLineBudget, memoryLines } from './lines/memory-lines.js';
import { hostNotices, screenLists } from './state/screen-lists.js';
import { Screen } from './Screen.js';
import { INITIAL_STATE, reduce, type UiState, type ViewContext } from './state/state.js';
import type { SnapshotFeed } from '../model/snapshot.js';
import { useFocus, useSnapshots } from './use-snapshots.js';
import { useTerminalSize } from './use-terminal-size.js';
import { scrollTop, selectedIndex, visibleRows } from './state/view.js';

export interface AppProps {
  /** Snapshots, collected outside React (runtime/snapshot-store.ts). */
  feed: SnapshotFeed;
  host: Promise<HostFacts> | HostFacts;
  intervalMs: number;
  color: boolean;
  initialState?: Partial<UiState>;
  /** Writes oom_score_adj for the steering keys; absent means read-only. */
  adjuster?: Adjuster;
}

const READ_ONLY_ADJUSTER: Adjuster = { readOnly: true, apply: () => { throw new Error('read-only'); }, undo: () => null, nextUndo: () => null };

function useHostFacts(host: AppProps['host']): HostFacts | null {
  const [facts, setFacts] = useState<HostFacts | null>(() => (host instanceof Promise ? null : host));
  useEffect(() => {
    if (!(host instanceof Promise)) return;
    let live = true;
    host.then((value) => live && setFacts(value), () => undefined);
    return () => {
      live = false;
    };
  }, [host]);
  return facts;
}

export function App(props: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const size = useTerminalSize(stdout);
  const host = useHostFacts(props.host);
  const [ui, setUi] = useState<UiState>(() => ({ ...INITIAL_STATE, ...props.initialState }));
  // Keys and snapshots act on the newest state even when several arrive between renders.
  const uiRef = useRef(ui);
  uiRef.current = ui;
  const contextRef = useRef<ViewContext>({ rows: [], cgroups: [], pageSize: 1 });
  // Each snapshot is an action: the reducer opens the OOM panel when it brings a kill.
  const onArrival = useCallback((arrived: Snapshot) => {
    const next = reduce(uiRef.current, { type: 'snapshotArrived', snapshot: arrived }, contextRef.current);
    if (next === uiRef.current) return;
    uiRef.current = next;
    setUi(next);
  }, []);
  const published = useSnapshots(props.feed, ui.paused, onArrival);
  const snapshot = published.snapshot;
  const lists = screenLists(snapshot, ui);
  const budget = memoryLineBudget(size.rows);
  const memoryBudget = panelShown(ui, snapshot) ? Math.min(budget, MEMORY_LINES_WITH_PANEL) : budget;
  const memory = [...hostNotices(host), ...lists.headerLines, ...memoryLines(snapshot, size.columns, memoryBudget)];
  const status = statusLines(ui, snapshot, host, size.columns);
  const layout = computeLayout(size.columns, size.rows, 1 + memory.length, 1 + status.length);
  // Key handlers read the lists and page size of the frame on screen now, not of the render that made them.
  const incidents = snapshot?.oom?.incidents.length ?? 0;
  const panel = panelPlan(ui, snapshot, layout);
  const context = { rows: lists.rows, cgroups: lists.cgroups, pageSize: panel.listRows, incidents };
  contextRef.current = context;
  const adjuster = props.adjuster ?? READ_ONLY_ADJUSTER;
  useInput((chunk, chunkKey) => {
    for (const [input, key] of splitKeys(chunk, chunkKey)) {
      const current = uiRef.current;
      const action = keymap(input, key, current.mode);
      if (action === null) continue;
      // A result message lasts until the next key.
      const base = current.status.length > 0 ? { ...current, status: [] } : current;
      uiRef.current = runAdjustEffect(base, action, adjuster) ?? reduce(base, action, contextRef.current);
    }
    setUi(uiRef.current);
  });

  useEffect(() => {
    if (ui.quitting) exit();
  }, [ui.quitting, exit]);

  // The list windows move as little as possible: remember where they were.
  const topRef = useRef(0);
  const rows = visibleRows(lists.rows, ui);
  const selected = selectedIndex(rows, ui.selectedKey, ui.selectedIndexHint);
  topRef.current = scrollTop(topRef.current, Math.max(0, selected), panel.listRows, rows.length);
  useFocus(props.feed, rows.slice(topRef.current, topRef.current + panel.listRows).map((row) => row.key));
  const cgroupTopRef = useRef(0);
  const cgroupSelected = Math.max(0, lists.cgroups.findIndex((c) => cgroupKey(c) === ui.cgroupKey));
  cgroupTopRef.current = scrollTop(cgroupTopRef.current, cgroupSelected, layout.listRows, lists.cgroups.length);

  return (
    <Screen
      snapshot={snapshot}
      rows={lists.rows}
      cgroups={lists.cgroups}
      cgroupTop={cgroupTopRef.current}
      panel={panel}
      status={status}
      readOnly={adjuster.readOnly}
      memory={memory}
      host={host}
      ui={ui}
      layout={layout}
      intervalMs={props.intervalMs}
      nowMs={published.snapshot?.monotonicMs ?? 0}
      color={props.color}
      top={topRef.current}
      message={published.error === null ? null : `error: ${published.error}`}
    />
  );
}
