// Collects outside React and hands over one immutable snapshot per tick. Pausing stops publishing, not
// sampling: the counter and (later) the trends keep their history while the screen holds still.
import { useEffect, useRef, useState } from 'react';
import { NO_COUNTER, type OomCounterState } from '../model/incidents/oom-counter.js';
import type { Snapshot, SnapshotSource } from '../model/snapshot.js';
import { startTicker } from '../runtime/ticker.js';

export interface Published {
  snapshot: Snapshot | null;
  oomCounter: OomCounterState;
  error: string | null;
}

export function useSnapshots(source: SnapshotSource, intervalMs: number, paused: boolean): Published {
  const [published, setPublished] = useState<Published>({ snapshot: null, oomCounter: NO_COUNTER, error: null });
  const pausedRef = useRef(paused);
  const latestRef = useRef<Published>(published);
  pausedRef.current = paused;

  useEffect(() => {
    const ticker = startTicker(intervalMs, async () => {
      try {
        const snapshot = await source.next();
        latestRef.current = { snapshot, oomCounter: snapshot.oomKillCounter, error: null };
      } catch (error) {
        latestRef.current = { ...latestRef.current, error: error instanceof Error ? error.message : String(error) };
      }
      if (!pausedRef.current) setPublished(latestRef.current);
    });
    return () => ticker.stop();
  }, [source, intervalMs]);

  // Resuming shows the newest sample at once rather than at the next tick.
  useEffect(() => {
    if (!paused) setPublished(latestRef.current);
  }, [paused]);

  return published;
}

/**
 * Tells the source which processes are on screen: it reads their memory figures every tick and the
 * others' in a rotating slice. Only a change of the set is passed on.
 */
export function useFocus(source: SnapshotSource, keys: readonly string[]): void {
  const joined = keys.join('\n');
  useEffect(() => {
    source.focus?.(joined === '' ? [] : joined.split('\n'));
  }, [source, joined]);
}
