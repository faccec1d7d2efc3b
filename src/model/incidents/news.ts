// Pausing holds the list still, not the news: while the screen is paused it keeps the snapshot it held,
// but a kill that happens meanwhile must show at once (the header's counter, a cgroup's kill line, the
// OOM panel opening). This is the one place that says which parts of a snapshot are news.
import type { Snapshot } from '../snapshot.js';

/** `held` (the processes, memory, cgroups and forecasts on screen) with `latest`'s OOM news and clock. */
export function withNews(held: Snapshot, latest: Snapshot): Snapshot {
  const cgroups = held.cgroups === null || latest.cgroups === null ? held.cgroups : { ...held.cgroups, recentOomKills: latest.cgroups.recentOomKills };
  return {
    ...held,
    // The clock of the news, so that "12s ago" keeps counting.
    takenAtMs: latest.takenAtMs,
    monotonicMs: latest.monotonicMs,
    oomKills: latest.oomKills,
    oomKillCounter: latest.oomKillCounter,
    oom: latest.oom,
    cgroups,
  };
}
