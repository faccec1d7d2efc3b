// The live screen: hooks for input, size and snapshots around the pure Screen.
import { useApp, useInput, useStdout } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { HostFacts } from '../model/snapshot.js';
import { keymap } from './keymap.js';
import { computeLayout } from './layout.js';
import { cgroupKey } from '../model/cgroup-oom-ticks.js';
import { memoryLineBudget, memoryLines } from './memory-lines.js';
import { screenLists } from './screen-lists.js';
import { Screen } from './Screen.js';
import { INITIAL_STATE, reduce, type UiState } from './state.js';
import type { SnapshotSource } from '../model/snapshot.js';
import { useSnapshots } from './use-snapshots.js';
import { useTerminalSize } from './use-terminal-size.js';
import { scrollTop, selectedIndex, visibleRows } from './view.js';

export interface AppProps {
  source: SnapshotSource;
  host: Promise<HostFacts> | HostFacts;
  intervalMs: number;
  color: boolean;
  initialState?: Partial<UiState>;
}

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
  const published = useSnapshots(props.source, props.intervalMs, ui.paused);
  const snapshot = published.snapshot;
  const lists = screenLists(snapshot, ui);
  const memory = [...lists.headerLines, ...memoryLines(snapshot, size.columns, memoryLineBudget(size.rows))];
  const layout = computeLayout(size.columns, size.rows, 1 + memory.length);
  // Key handlers read the lists and page size of the frame on screen now, not of the render that made them.
  const contextRef = useRef({ rows: lists.rows, cgroups: lists.cgroups, pageSize: layout.listRows });
  contextRef.current = { rows: lists.rows, cgroups: lists.cgroups, pageSize: layout.listRows };

  useInput((input, key) => {
    setUi((state) => {
      const action = keymap(input, key, state.mode, state.scope !== null);
      return action === null ? state : reduce(state, action, contextRef.current);
    });
  });

  useEffect(() => {
    if (ui.quitting) exit();
  }, [ui.quitting, exit]);

  // The list windows move as little as possible: remember where they were.
  const topRef = useRef(0);
  const rows = visibleRows(lists.rows, ui);
  const selected = selectedIndex(rows, ui.selectedKey, ui.selectedIndexHint);
  topRef.current = scrollTop(topRef.current, Math.max(0, selected), layout.listRows, rows.length);
  const cgroupTopRef = useRef(0);
  const cgroupSelected = Math.max(0, lists.cgroups.findIndex((c) => cgroupKey(c) === ui.cgroupKey));
  cgroupTopRef.current = scrollTop(cgroupTopRef.current, cgroupSelected, layout.listRows, lists.cgroups.length);

  return (
    <Screen
      snapshot={snapshot}
      rows={lists.rows}
      cgroups={lists.cgroups}
      cgroupTop={cgroupTopRef.current}
      memory={memory}
      host={host}
      ui={ui}
      layout={layout}
      intervalMs={props.intervalMs}
      oomCounter={published.oomCounter}
      nowMs={published.snapshot?.monotonicMs ?? 0}
      color={props.color}
      top={topRef.current}
      message={published.error === null ? null : `error: ${published.error}`}
    />
  );
}
