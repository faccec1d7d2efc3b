// The UI's side of the snapshot feed: it reads what the runtime's store publishes (collection happens
// outside React, in runtime/snapshot-store.ts) and tells it what the screen needs.
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { Published, Snapshot, SnapshotFeed } from '../model/snapshot.js';

/**
 * The newest published snapshot; `paused` (the space key) is passed on, so the store holds the list still
 * (it goes on publishing the OOM news).
 * `onArrival` hears each publication before React re-reads the store, so that a state change it makes
 * (the OOM panel opening on a kill) shows in the same frame as the snapshot that caused it.
 */
export function useSnapshots(feed: SnapshotFeed, paused: boolean, onArrival: (snapshot: Snapshot) => void): Published {
  useEffect(() => feed.setPaused(paused), [feed, paused]);
  const subscribe = useCallback(
    (changed: () => void) =>
      feed.subscribe(() => {
        const { snapshot } = feed.current();
        if (snapshot !== null) onArrival(snapshot);
        changed();
      }),
    [feed, onArrival],
  );
  // A snapshot published before the App mounted (the first frame waits for the first sample) arrives too.
  useEffect(() => {
    const { snapshot } = feed.current();
    if (snapshot !== null) onArrival(snapshot);
  }, [feed, onArrival]);
  return useSyncExternalStore(subscribe, feed.current);
}

/**
 * Tells the source which processes are on screen: it reads their memory figures every tick and the
 * others' in a rotating slice. Only a change of the set is passed on.
 */
export function useFocus(feed: SnapshotFeed, keys: readonly string[]): void {
  const joined = keys.join('\n');
  useEffect(() => {
    feed.focus(joined === '' ? [] : joined.split('\n'));
  }, [feed, joined]);
}
