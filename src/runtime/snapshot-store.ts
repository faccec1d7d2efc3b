// Collects outside React: the tick loop (ticker.ts) samples the source and publishes one immutable
// snapshot per tick to its subscribers; the UI reads it through useSyncExternalStore. Pausing holds the
// list still, not the news: sampling goes on (the counter and the trends keep their history), and each
// tick publishes the snapshot held at the pause with the newest OOM news (model/incidents/news.ts).
import { withNews } from '../model/incidents/news.js';
import type { Published, Snapshot, SnapshotFeed, SnapshotSource } from '../model/snapshot.js';
import { trimHeapAfterTick } from './heap-trim.js';
import { startTicker } from './ticker.js';

export interface SnapshotStore extends SnapshotFeed {
  /** Ends the tick loop; a tick still in flight is not published. */
  stop: () => void;
  /** Resolves true at the first publication, or false when `timeoutMs` passes before it. */
  firstPublication: (timeoutMs: number) => Promise<boolean>;
}

const NOTHING_YET: Published = { snapshot: null, error: null };

/** Starts sampling `source` every `intervalMs` now; `ticker` is there for tests to drive the ticks. */
export function startSnapshotStore(source: SnapshotSource, intervalMs: number, ticker = startTicker): SnapshotStore {
  const listeners = new Set<() => void>();
  /** The newest sample (or failure), published or not. */
  let latest = NOTHING_YET;
  /** What `published` was made from. */
  let publishedFrom = NOTHING_YET;
  let published = NOTHING_YET;
  /** While paused: the snapshot on screen when the pause began (null: paused before the first). */
  let held: Snapshot | null = null;
  let paused = false;
  let stopped = false;
  let firstPublished: () => void = () => {};
  const first = new Promise<void>((resolve) => (firstPublished = resolve));
  const shown = (): Published => {
    if (!paused) return latest;
    held ??= latest.snapshot;
    if (held === null || latest.snapshot === null || held === latest.snapshot) return latest;
    return { snapshot: withNews(held, latest.snapshot), error: latest.error };
  };
  const publish = () => {
    if (stopped || publishedFrom === latest) return;
    publishedFrom = latest;
    published = shown();
    firstPublished();
    for (const listener of [...listeners]) listener();
  };
  const ticks = ticker(intervalMs, async () => {
    try {
      latest = { snapshot: await source.next(), error: null };
    } catch (error) {
      // The last good snapshot stays on screen, with the reason it is not refreshed.
      latest = { ...latest, error: error instanceof Error ? error.message : String(error) };
    }
    publish();
    trimHeapAfterTick();
  });
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    current: () => published,
    setPaused: (value) => {
      if (value === paused) return;
      paused = value;
      held = value ? published.snapshot : null;
      // Resuming shows the newest sample at once rather than at the next tick.
      if (!value && published !== latest) {
        publishedFrom = NOTHING_YET;
        publish();
      }
    },
    focus: (keys) => source.focus?.(keys),
    firstPublication: (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      return Promise.race([first.then(() => true), late]).finally(() => clearTimeout(timer));
    },
    stop: () => {
      stopped = true;
      ticks.stop();
      listeners.clear();
    },
  };
}
