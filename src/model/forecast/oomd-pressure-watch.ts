// What systemd-oomd remembers from one poll to the next, remembered by oomlens from one cgroup walk to the
// next, so that its pressure rule counts down instead of restarting at every tick (src/oom/oomd-util.c):
//  - oomd_pressure_above(): mem_pressure_limit_hit_start is set at the first poll where a monitored
//    cgroup's memory.pressure "full avg10" is above its limit, and cleared at the first poll where it is
//    not (or when the cgroup's context is lost: memory.pressure unreadable); the kill is due once
//    now − hit_start ≥ ManagedOOMMemoryPressureDurationSec=. A kill does not clear it.
//  - oomd_insert_cgroup_context() and oomd_pgscan_rate(): a cgroup's pgscan rate is its memory.stat pgscan
//    minus the last poll's (the last taken as 0 when it went down: the cgroup was recreated);
//    last_had_mem_reclaim is the last poll with a rate above 0, and oomd-manager.c
//    monitor_memory_pressure_contexts_handler() acts on a monitored cgroup only if that was within
//    RECLAIM_DURATION_USEC (30 s).
// oomd polls every second; oomlens sees the cgroups once per walk, so the start it records is the first
// walk that saw the pressure above the limit: oomd's may be up to one walk earlier. Rates are per second
// here (oomd's are per 1 s poll), which ranks the candidates alike.
import { oomdCandidates, type OomdCgroup } from '../../killers/index.js';

/** oomd-manager.h RECLAIM_DURATION_USEC. */
export const OOMD_RECLAIM_WINDOW_MS = 30_000;

interface Watched {
  /** The first walk of this run above the limit; null: not above at the last walk. */
  aboveSinceMs: number | null;
  /** It was already above at the first walk that saw it: the true start is earlier. */
  aboveBeforeFirstLook: boolean;
  pgscan: number | null;
  pgscanAtMs: number | null;
  firstPgscanAtMs: number | null;
  /** Pages scanned per second between the last two walks that read pgscan. */
  pgscanRate: number | null;
  /** The last walk whose pgscan had risen. */
  reclaimAtMs: number | null;
}

export interface PgscanReader {
  (path: string): number | null;
}

/** The pressure-managed cgroups and every cgroup oomd could pick under them: whose pgscan it reads. */
function pgscanWanted(cgroups: readonly OomdCgroup[]): Set<string> {
  const wanted = new Set<string>();
  for (const monitored of cgroups) {
    if (!monitored.managed.includes('pressure')) continue;
    wanted.add(monitored.path);
    for (const candidate of oomdCandidates(monitored.path, cgroups)) wanted.add(candidate.path);
  }
  return wanted;
}

export class OomdPressureWatch {
  private watched = new Map<string, Watched>();

  /** Forgets everything: a new systemd-oomd process starts with no hit_start and no last pgscan. */
  reset(): void {
    this.watched.clear();
  }

  /** One walk's figures, at `atMs`; `defaultLimitPercent` is oomd.conf's DefaultMemoryPressureLimit=. */
  observe(cgroups: readonly OomdCgroup[], atMs: number, defaultLimitPercent: number, readPgscan: PgscanReader | undefined): void {
    const wanted = pgscanWanted(cgroups);
    const next = new Map<string, Watched>();
    for (const cgroup of cgroups) {
      if (!wanted.has(cgroup.path)) continue;
      const before = this.watched.get(cgroup.path);
      const watched: Watched = before ?? {
        aboveSinceMs: null, aboveBeforeFirstLook: false, pgscan: null, pgscanAtMs: null, firstPgscanAtMs: null, pgscanRate: null, reclaimAtMs: null,
      };
      if (cgroup.managed.includes('pressure')) {
        const limit = cgroup.pressureLimitPercent ?? defaultLimitPercent;
        const above = cgroup.pressureFullAvg10 !== null && cgroup.pressureFullAvg10 > limit;
        if (!above) watched.aboveSinceMs = null;
        else if (watched.aboveSinceMs === null) {
          watched.aboveSinceMs = atMs;
          watched.aboveBeforeFirstLook = before === undefined;
        }
      }
      this.readPgscan(watched, readPgscan?.(cgroup.path) ?? null, atMs);
      next.set(cgroup.path, watched);
    }
    this.watched = next;
  }

  private readPgscan(watched: Watched, pgscan: number | null, atMs: number): void {
    if (pgscan === null) {
      Object.assign(watched, { pgscan: null, pgscanAtMs: null, firstPgscanAtMs: null, pgscanRate: null });
      return;
    }
    if (watched.pgscan !== null && watched.pgscanAtMs !== null && atMs > watched.pgscanAtMs) {
      const scanned = pgscan < watched.pgscan ? pgscan : pgscan - watched.pgscan;
      watched.pgscanRate = scanned / ((atMs - watched.pgscanAtMs) / 1000);
      if (scanned > 0) watched.reclaimAtMs = atMs;
    }
    watched.firstPgscanAtMs ??= atMs;
    watched.pgscan = pgscan;
    watched.pgscanAtMs = atMs;
  }

  /** The cgroups with what the walks told: time above the limit, pgscan rate, recent reclaim, at `atMs`. */
  annotate(cgroups: readonly OomdCgroup[], atMs: number): OomdCgroup[] {
    return cgroups.map((cgroup) => {
      const watched = this.watched.get(cgroup.path);
      if (watched === undefined) return cgroup;
      const annotated: OomdCgroup = { ...cgroup, pgscanRate: watched.pgscanRate, reclaimRecent: this.reclaimRecent(watched, atMs) };
      if (!cgroup.managed.includes('pressure')) return annotated;
      return {
        ...annotated,
        pressureAboveForSec: watched.aboveSinceMs === null ? null : (atMs - watched.aboveSinceMs) / 1000,
        pressureAboveBeforeFirstLook: watched.aboveSinceMs !== null && watched.aboveBeforeFirstLook,
      };
    });
  }

  /** Reclaim within oomd's 30 s: seen (true), pgscan flat for all of it (false), or not known yet (null). */
  private reclaimRecent(watched: Watched, atMs: number): boolean | null {
    if (watched.reclaimAtMs !== null && atMs - watched.reclaimAtMs <= OOMD_RECLAIM_WINDOW_MS) return true;
    if (watched.firstPgscanAtMs !== null && watched.pgscanRate !== null && atMs - watched.firstPgscanAtMs >= OOMD_RECLAIM_WINDOW_MS) return false;
    return null;
  }
}
