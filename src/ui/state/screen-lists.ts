// What the lists on screen hold for a snapshot and UI state: the processes (all, or one cgroup's ranked
// as its OOM would), the cgroup view's rows, and the header lines they bring (a recent cgroup OOM kill,
// the scoped cgroup's title). Pure, shared by the App and the tests.
import { describeCgroupOomTick } from '../../model/incidents/cgroup-oom-ticks.js';
import { sortCgroups } from '../../model/ranking/cgroup-order.js';
import { cgroupsToList } from '../../model/ranking/cgroup-ranking.js';
import { scopedList } from '../../model/ranking/cgroup-scope.js';
import type { HostFacts, ProcessRow, Snapshot } from '../../model/snapshot.js';
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import type { ToneLine } from '../tone.js';
import { formatCount } from '../../text/units.js';
import type { UiState } from './state.js';

export interface ScreenLists {
  rows: readonly ProcessRow[];
  cgroups: readonly MemoryCgroup[];
  headerLines: ToneLine[];
}

/** How long a cgroup's OOM kill stays named in the header. */
const RECENT_CGROUP_KILL_MS = 10 * 60_000;

function cgroupKillLine(snapshot: Snapshot): ToneLine[] {
  const recent = (snapshot.cgroups?.recentOomKills ?? []).filter((t) => snapshot.monotonicMs - t.atMs < RECENT_CGROUP_KILL_MS);
  const newest = recent[0];
  if (newest === undefined) return [];
  const more = recent.length > 1 ? ` (+${recent.length - 1} more cgroups)` : '';
  const age = snapshot.monotonicMs - newest.atMs;
  return [{ text: describeCgroupOomTick(newest, snapshot.monotonicMs) + more, tone: age < 60_000 ? 'bad' : 'warn' }];
}

/** While skeleton rows are being completed (the first seconds on a big box), say what their "-" means. */
function partialRowsLine(rows: readonly ProcessRow[]): ToneLine[] {
  let partial = 0;
  for (const row of rows) if (row.partial) partial++;
  if (partial === 0) return [];
  const reading = `reading ${formatCount(partial)} more processes: "-" is not read yet`;
  return [{ text: `${reading}; the ranking by score is complete`, shorter: [reading], tone: 'normal' }];
}

export function screenLists(snapshot: Snapshot | null, ui: Pick<UiState, 'scope' | 'cgroupSort'>): ScreenLists {
  if (snapshot === null) return { rows: [], cgroups: [], headerLines: [] };
  const forecasts = new Map(snapshot.forecast.cgroups.map((forecast) => [forecast.key, forecast]));
  const cgroups = snapshot.cgroups ? sortCgroups(cgroupsToList(snapshot.cgroups.list), forecasts, ui.cgroupSort) : [];
  const headerLines = [...partialRowsLine(snapshot.processes), ...cgroupKillLine(snapshot)];
  if (ui.scope === null) return { rows: snapshot.processes, cgroups, headerLines };
  const scoped = scopedList(snapshot, ui.scope);
  if (scoped === null) {
    return { rows: [], cgroups, headerLines: [...headerLines, { text: 'that cgroup is gone: Esc goes back', tone: 'warn' }] };
  }
  return { rows: scoped.rows, cgroups, headerLines: [...headerLines, { text: scoped.title, tone: 'normal' }] };
}

/** Lines about the host that change what the screen means (a partial process table). */
export function hostNotices(host: HostFacts | null): ToneLine[] {
  return host?.limitedView ? [{ text: host.limitedView, tone: 'warn' }] : [];
}
