// The forecast over time: the series the forecast needs (each cgroup's usage, the box's MemAvailable and
// SwapFree), the OOM sysctls re-read every few seconds, and the userspace killers, whose settings are read
// once per process that runs them. Fed by the sampler once per tick.
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import {
  detectKillers, forecastKiller, runningKiller, type BoxMemory, type DetectedKiller, type KillerForecast, type KillerSettings,
  type MemorySlopes, type OomdCgroup, type RunningKiller, type UnitManagedOom,
} from '../../killers/index.js';
import type { Meminfo } from '../../procfs/meminfo.js';
import type { OomPolicy } from '../../procfs/oom-policy.js';
import { RingBuffer, trendCapacity } from '../sampling/history.js';
import { fitWindow, isGoodFit, TREND_WINDOW_MS, type TimedValue } from '../sampling/trend.js';
import type { MemoryState, ProcessRow } from '../snapshot.js';
import { buildForecast } from './forecast.js';
import { ForecastMemo } from './forecast-memo.js';
import { oomdCgroups } from './oomd-cgroups.js';
import { OomdPressureWatch } from './oomd-pressure-watch.js';
import { CgroupUsageHistory, SCOPE_ETA_RULES } from './scope-trend.js';
import type { Forecast, NextKill } from './types.js';

export interface ForecasterDeps {
  intervalMs: number;
  /** The OOM sysctls now. */
  readPolicy(): OomPolicy;
  /** A userspace killer's settings (its exact argv, its config files). */
  readKillerSettings(killer: DetectedKiller): KillerSettings;
  /** A systemd unit's ManagedOOM*= settings (its unit file and drop-ins); null where it has none. */
  readUnitManagedOom?(unit: string): UnitManagedOom | null;
  /** A v2 cgroup's memory.stat pgscan (cumulative pages); absent or null: unread. */
  readCgroupPgscan?(path: string): number | null;
}

export interface ForecastTick {
  atMs: number;
  processes: readonly ProcessRow[];
  meminfo: Meminfo | null;
  memory: MemoryState | null;
  /** The cgroups, and whether they were walked this tick (a walk is a new sample of their usage). */
  cgroups: readonly MemoryCgroup[] | null;
  cgroupsWalked: boolean;
  boxEtaSeconds: number | null;
}

export interface ForecastState {
  forecast: Forecast;
  policy: OomPolicy;
  killers: RunningKiller[];
}

/** The sysctls are re-read this often: an operator may flip them mid-incident. */
const POLICY_EVERY_MS = 5_000;
/** How long a unit's ManagedOOM*= settings are trusted before they are read again. */
const UNITS_REREAD_MS = 5 * 60_000;

/** KiB per second of a series' fitted line, when the fit is good by the scope rules. */
function slopePerSec(series: readonly TimedValue[]): number | null {
  const fit = fitWindow(series, TREND_WINDOW_MS);
  return isGoodFit(fit, SCOPE_ETA_RULES) ? fit.slopePerSec : null;
}

function boxMemory(meminfo: Meminfo): BoxMemory {
  const { totalKb, availableKb, swapTotalKb, swapFreeKb } = meminfo;
  return { totalKb, availableKb, swapTotalKb, swapFreeKb, anonPagesKb: meminfo.raw.get('AnonPages') ?? null };
}

/** A userspace killer's forecast as a candidate for the next kill; a dry run kills nobody. */
function killerCandidate(forecast: KillerForecast): NextKill | null {
  if (forecast.outcome === 'dry-run') return null;
  return {
    scope: forecast.cgroup === null || forecast.killer !== 'systemd-oomd' ? 'global' : 'memcg',
    cgroup: forecast.cgroup,
    killer: forecast.killer,
    outcome: 'kill',
    etaSeconds: forecast.etaSeconds,
    victims: forecast.victims,
    usageKb: null,
    limitKb: null,
    growthKbPerMin: null,
    provisional: false,
    reason: forecast.thresholdText,
  };
}

export class Forecaster {
  private readonly usage: CgroupUsageHistory;
  /** What one tick's forecast can hand the next (the cgroup plan between walks, unchanged domains' victims). */
  private readonly memo = new ForecastMemo();
  private readonly available: RingBuffer<TimedValue>;
  private readonly swapFree: RingBuffer<TimedValue>;
  private policy: OomPolicy | null = null;
  private policyReadAtMs = -Infinity;
  private settings = new Map<string, KillerSettings>();
  /** Units' ManagedOOM*= settings by unit name, for the units of the last walk's cgroups. */
  private units = new Map<string, UnitManagedOom | null>();
  private unitsReadAtMs = -Infinity;
  /** Since when each pressure-managed cgroup is above its limit, and the pgscan rates, across walks. */
  private readonly oomdPressure = new OomdPressureWatch();

  constructor(private readonly deps: ForecasterDeps) {
    this.usage = new CgroupUsageHistory(deps.intervalMs);
    const capacity = trendCapacity(deps.intervalMs, TREND_WINDOW_MS);
    this.available = new RingBuffer<TimedValue>(capacity);
    this.swapFree = new RingBuffer<TimedValue>(capacity);
  }

  update(tick: ForecastTick): ForecastState {
    if (tick.atMs - this.policyReadAtMs >= POLICY_EVERY_MS || this.policy === null) {
      this.policy = this.deps.readPolicy();
      this.policyReadAtMs = tick.atMs;
    }
    if (tick.cgroups !== null && tick.cgroupsWalked) this.usage.update(tick.cgroups, tick.atMs);
    if (tick.meminfo !== null) {
      this.available.push({ t: tick.atMs, value: tick.meminfo.availableKb });
      this.swapFree.push({ t: tick.atMs, value: tick.meminfo.swapFreeKb });
    }
    const slopes: MemorySlopes = { availableKbPerSec: slopePerSec(this.available.toArray()), swapFreeKbPerSec: slopePerSec(this.swapFree.toArray()) };
    const settings = this.killerSettings(tick.processes);
    const memory = tick.meminfo === null ? null : boxMemory(tick.meminfo);
    const oomd = this.oomdCgroups(settings, tick);
    const killerForecasts = memory === null ? [] : settings.flatMap((s) => forecastKiller(s, { memory, slopes, processes: tick.processes, oomdCgroups: oomd }));
    const headroomPerSec = slopes.availableKbPerSec === null ? null : slopes.availableKbPerSec + (slopes.swapFreeKbPerSec ?? 0);
    const forecast = buildForecast({
      processes: tick.processes,
      cgroups: tick.cgroups,
      memory: tick.memory,
      boxEtaSeconds: tick.boxEtaSeconds,
      boxHeadroomKbPerMin: headroomPerSec === null ? null : headroomPerSec * 60,
      policy: this.policy,
      history: this.usage,
      killers: killerForecasts,
      killerCandidates: killerForecasts.flatMap((f) => killerCandidate(f) ?? []),
    }, this.memo);
    return { forecast, policy: this.policy, killers: settings.map((s) => runningKiller(s, memory)) };
  }

  /** The walk's v2 cgroups as systemd-oomd sees them, when it runs; [] otherwise (no unit is read). */
  private oomdCgroups(settings: readonly KillerSettings[], tick: ForecastTick): OomdCgroup[] {
    const read = this.deps.readUnitManagedOom;
    const oomd = settings.find((s) => s.name === 'systemd-oomd');
    if (tick.cgroups === null || read === undefined || oomd === undefined) return [];
    // Units are read once and kept while their cgroups exist: a walk keeps only the units it met, so
    // transient scopes (run-*.scope, session-N.scope, a user's delegated subtree) do not pile up, and all
    // are read again every UNITS_REREAD_MS, as systemd hands oomd a unit's changed settings on reload.
    if (tick.atMs - this.unitsReadAtMs >= UNITS_REREAD_MS) {
      this.units.clear();
      this.unitsReadAtMs = tick.atMs;
    }
    const kept = tick.cgroupsWalked ? new Map<string, UnitManagedOom | null>() : this.units;
    const cgroups = oomdCgroups(tick.cgroups, (unit) => {
      if (!kept.has(unit)) kept.set(unit, this.units.has(unit) ? this.units.get(unit)! : read(unit));
      return kept.get(unit)!;
    });
    this.units = kept;
    if (tick.cgroupsWalked) this.oomdPressure.observe(cgroups, tick.atMs, oomd.config.defaultMemoryPressureLimitPercent, this.deps.readCgroupPgscan);
    return this.oomdPressure.annotate(cgroups, tick.atMs);
  }

  /** Settings of the killers running now, read once per killer process (keyed by name and pid). */
  private killerSettings(processes: readonly ProcessRow[]): KillerSettings[] {
    const found = detectKillers(processes);
    const next = new Map<string, KillerSettings>();
    for (const killer of found) {
      const key = `${killer.name}:${killer.pid}`;
      next.set(key, this.settings.get(key) ?? this.deps.readKillerSettings(killer));
    }
    const oomdBefore = [...this.settings.keys()].find((key) => key.startsWith('systemd-oomd:'));
    const oomdNow = [...next.keys()].find((key) => key.startsWith('systemd-oomd:'));
    if (oomdBefore !== oomdNow) {
      this.units.clear();
      this.oomdPressure.reset();
    }
    this.settings = next;
    return [...next.values()];
  }
}
