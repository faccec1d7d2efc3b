// The UI's side of the snapshot feed: it reads what the runtime's store publishes (collection happens
// outside React, in runtime/snapshot-store.ts) and tells it what the screen needs.
import { useEffect, useSyncExternalStore } from 'react';
import type { Published, SnapshotFeed } from '../model/snapshot.js';

/** The newest published snapshot; `paused` (the space key) is passed on, so the store stops publishing. */
export function useSnapshots(feed: SnapshotFeed, paused: boolean): Published {
  useEffect(() => feed.setPaused(paused), [feed, paused]);
  return useSyncExternalStore(feed.subscribe, feed.current);
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
