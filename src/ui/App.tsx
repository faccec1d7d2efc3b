// The live screen: hooks for input, size and snapshots around the pure Screen.
import { useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { HostFacts, Snapshot, SnapshotFeed } from '../model/snapshot.js';
import { READ_ONLY_ADJUSTER, type Adjuster } from './state/adjust-effects.js';
import type { Foresee } from './lines/status-lines.js';
import { computeFrame, type Frame } from './state/frame.js';
import { reduceKeys, type ModeKeys } from './state/key-chunk.js';
import { isRedrawKey, splitKeys } from './state/keymap.js';
import { Screen } from './Screen.js';
import { INITIAL_STATE, reduce, type UiState } from './state/state.js';
import { useFocus, useSnapshots } from './use-snapshots.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface AppProps {
  /** Snapshots, collected outside React (runtime/snapshot-store.ts). */
  feed: SnapshotFeed;
  host: Promise<HostFacts> | HostFacts;
  intervalMs: number;
  color: boolean;
  initialState?: Partial<UiState>;
  /** Writes oom_score_adj for the steering keys; absent means read-only. */
  adjuster?: Adjuster;
  /** Ctrl-L: clear the terminal and draw the frame again, whole (runtime/frame-writer.ts repaint()). */
  onRedraw?: () => void;
  /** Keys the mode adds to the kill list's (replay's cursor), heard before the screen's own. */
  modeKeys?: ModeKeys;
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

type Change = (state: UiState, frame: Frame) => UiState;

/**
 * The UI state, changed only through `update`, which reduces the newest state against the frame on
 * screen. Ink hands over the keys of one read of stdin one after another, and the handler that gets the
 * second may still be the closure of the render before the first: neither the state nor the frame it
 * closed over is current then, so both are kept in refs, written outside render.
 */
function useUiState(initial: Partial<UiState> | undefined) {
  const [ui, setUi] = useState<UiState>(() => ({ ...INITIAL_STATE, ...initial }));
  const newestRef = useRef(ui);
  const frameRef = useRef<Frame | null>(null);
  const update = useCallback((change: Change) => {
    if (frameRef.current === null) return;
    const next = change(newestRef.current, frameRef.current);
    if (next === newestRef.current) return;
    newestRef.current = next;
    setUi(next);
  }, []);
  return { ui, update, frameRef };
}

export function App(props: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const size = useTerminalSize(stdout);
  const host = useHostFacts(props.host);
  const adjuster = props.adjuster ?? READ_ONLY_ADJUSTER;
  const { ui, update, frameRef } = useUiState(props.initialState);
  // Each snapshot is an action: the reducer opens the OOM panel when it brings a kill.
  const onArrival = useCallback(
    (snapshot: Snapshot) => update((state, frame) => reduce(state, { type: 'snapshotArrived', snapshot }, frame.context)),
    [update],
  );
  const published = useSnapshots(props.feed, ui.paused, onArrival);
  const foresee: Foresee = (target, value) => adjuster.foresee(target, value);
  const frame = computeFrame(published.snapshot, ui, host, size.columns, size.rows, foresee);
  // Committed frames only: the keys act on what is on screen.
  useLayoutEffect(() => {
    frameRef.current = frame;
  });
  useInput((chunk, chunkKey) => {
    if (isRedrawKey(chunk, chunkKey)) props.onRedraw?.();
    else update((state, onScreen) => reduceKeys(state, splitKeys(chunk, chunkKey), onScreen, adjuster, props.modeKeys));
  });
  const { list, panel } = frame;
  useFocus(props.feed, list.rows.slice(list.top, list.top + panel.listRows).map((row) => row.key));

  useEffect(() => {
    if (ui.quitting) exit();
  }, [ui.quitting, exit]);

  return (
    <Screen
      snapshot={published.snapshot}
      rows={frame.lists.rows}
      list={list}
      cgroups={frame.lists.cgroups}
      cgroupTop={frame.cgroupTop}
      panel={panel}
      status={frame.status}
      readOnly={adjuster.readOnly}
      logPath={adjuster.logPath}
      memory={frame.memory}
      host={host}
      ui={ui}
      layout={frame.layout}
      intervalMs={props.intervalMs}
      nowMs={published.snapshot?.monotonicMs ?? 0}
      color={props.color}
      message={published.error === null ? null : `error: ${published.error}`}
    />
  );
}
