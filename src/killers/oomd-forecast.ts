// When systemd-oomd acts, and which cgroup it kills (SIGKILL to every process in it, recursively), as
// src/oom/oomd-manager.c and oomd-util.c decide (systemd 252 to master 00a99cb):
//
// Swap (monitor_swap_contexts_handler, every 0.15 s): when MemAvailable < (100 − SwapUsedLimit)% of
// MemTotal AND SwapFree < (100 − SwapUsedLimit)% of SwapTotal (oomd_mem_available_below(),
// oomd_swap_free_below(); the memory half since 251, PR #22965). No swap: never. It kills, among the
// eligible cgroups under the units with ManagedOOMSwap=kill, the one with the most swap, skipping those
// with 5% of SwapTotal or less (THRESHOLD_SWAP_USED_PERCENT; oomd_select_by_swap_usage()).
//
// Pressure (monitor_memory_pressure_contexts_handler, every 1 s): when a ManagedOOMMemoryPressure=kill
// cgroup's memory.pressure "full avg10" has stayed above its limit for its duration (oomd_pressure_above())
// and it saw reclaim in the last 30 s (RECLAIM_DURATION_USEC), it kills the eligible cgroup under it with
// the highest pgscan rate, then the highest memory.current, skipping those with neither
// (oomd_select_by_pgscan_rate()); then it kills no more for 15 s (POST_ACTION_DELAY_USEC). How long the
// pressure has been above, and the pgscan rates, come from the walks (model/forecast/oomd-pressure-watch.ts).
//
// Eligible (recursively_get_cgroup_context()): leaves, or a cgroup with memory.oom.group=1 (taken whole,
// not descended into); a monitored cgroup with no children is its own candidate. ManagedOOMPreference=
// avoid sorts a cgroup after all others, omit drops it (oomd_sort_cgroup_contexts()).
import { secondsUntilAtOrBelow, whenBoth, percentText } from './eta.js';
import type { OomdConfig, OomPreference } from './oomd-config.js';
import type { BoxMemory, CandidateProcess, KillerForecast, MemorySlopes, Victim } from './types.js';

export interface OomdCgroup {
  /** Cgroup v2 path as systemd writes it: /user.slice/user-1000.slice/user@1000.service/app.slice/x.scope */
  path: string;
  /** What the unit at this path set to kill: ManagedOOMSwap= ('swap'), ManagedOOMMemoryPressure= ('pressure'). */
  managed: ReadonlyArray<'pressure' | 'swap'>;
  /** The unit's ManagedOOMMemoryPressureLimit=; null: DefaultMemoryPressureLimit=. */
  pressureLimitPercent?: number | null;
  /** The unit's ManagedOOMMemoryPressureDurationSec= (257+); null: DefaultMemoryPressureDurationSec=. */
  pressureDurationSec?: number | null;
  /** memory.pressure "full avg10", percent; null when unread. */
  pressureFullAvg10: number | null;
  /** How long full avg10 has stayed above the limit, counted over the walks; null: unknown. */
  pressureAboveForSec?: number | null;
  /** Already above at the first walk that saw it: it has been above for longer than counted. */
  pressureAboveBeforeFirstLook?: boolean;
  /** memory.stat pgscan rose within oomd's last 30 s (RECLAIM_DURATION_USEC); null: not known yet. */
  reclaimRecent?: boolean | null;
  /** memory.swap.current, KiB. */
  swapKb: number | null;
  /** memory.current, KiB. */
  usageKb: number | null;
  /** memory.stat pgscan, pages scanned per second between the last two walks; null: unread (v1, no file). */
  pgscanRate?: number | null;
  preference?: OomPreference | null;
  /** memory.oom.group = 1. */
  oomGroup?: boolean;
}

const THRESHOLD_SWAP_USED_PERCENT = 5;
const PREFERENCE_ORDER: Record<OomPreference, number> = { none: 0, avoid: 1, omit: 2 };

function isUnder(path: string, ancestor: string): boolean {
  if (ancestor === '/' || ancestor === '') return path.startsWith('/');
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/** The cgroups systemd-oomd may pick under `monitored` (recursively_get_cgroup_context()). */
export function oomdCandidates(monitored: string, cgroups: readonly OomdCgroup[]): OomdCgroup[] {
  const below = cgroups.filter((cgroup) => isUnder(cgroup.path, monitored));
  const strictlyBetween = (cgroup: OomdCgroup, other: OomdCgroup) =>
    other.path !== cgroup.path && other.path !== monitored && isUnder(cgroup.path, other.path);
  return below.filter((cgroup) => {
    if (below.some((other) => other.oomGroup === true && strictlyBetween(cgroup, other))) return false;
    const isLeaf = !below.some((other) => other.path !== cgroup.path && isUnder(other.path, cgroup.path));
    return isLeaf || (cgroup.oomGroup === true && cgroup.path !== monitored);
  });
}

function byPreference(a: OomdCgroup, b: OomdCgroup): number {
  return PREFERENCE_ORDER[a.preference ?? 'none'] - PREFERENCE_ORDER[b.preference ?? 'none'];
}

/** The cgroup the swap rule kills: most swap first, above 5% of SwapTotal (oomd_select_by_swap_usage()). */
export function chooseBySwap(candidates: readonly OomdCgroup[], swapTotalKb: number): OomdCgroup | null {
  const floorKb = (swapTotalKb * THRESHOLD_SWAP_USED_PERCENT) / 100;
  const sorted = candidates
    .filter((cgroup) => cgroup.preference !== 'omit')
    .sort((a, b) => byPreference(a, b) || (b.swapKb ?? 0) - (a.swapKb ?? 0));
  return sorted.find((cgroup) => (cgroup.swapKb ?? 0) > floorKb) ?? null;
}

/** The cgroup the pressure rule kills: highest pgscan rate, then memory.current (oomd_select_by_pgscan_rate()). */
export function chooseByPgscan(candidates: readonly OomdCgroup[]): OomdCgroup | null {
  const sorted = candidates
    .filter((cgroup) => cgroup.preference !== 'omit')
    .sort((a, b) => byPreference(a, b) || (b.pgscanRate ?? 0) - (a.pgscanRate ?? 0) || (b.usageKb ?? 0) - (a.usageKb ?? 0));
  return sorted.find((cgroup) => (cgroup.pgscanRate ?? 0) !== 0 || (cgroup.usageKb ?? 0) !== 0) ?? null;
}

function victimsIn(path: string | null, processes: readonly CandidateProcess[]): Victim[] {
  if (path === null) return [];
  return processes
    .filter((process) => process.cgroup !== undefined && process.cgroup !== null && isUnder(process.cgroup, path))
    .map((process) => ({ pid: process.pid, name: process.name }));
}

export interface OomdInputs {
  config: OomdConfig;
  dryRun: boolean;
  memory: BoxMemory;
  slopes: MemorySlopes;
  cgroups: readonly OomdCgroup[];
  processes: readonly CandidateProcess[];
}

function swapForecast(inputs: OomdInputs): KillerForecast | null {
  const monitored = inputs.cgroups.filter((cgroup) => cgroup.managed.includes('swap'));
  const { memory, slopes, config } = inputs;
  if (monitored.length === 0 || memory.swapTotalKb <= 0) return null;
  const freeShare = (100 - config.swapUsedLimitPercent) / 100;
  const eta = whenBoth(
    secondsUntilAtOrBelow(memory.availableKb, memory.totalKb * freeShare, slopes.availableKbPerSec),
    secondsUntilAtOrBelow(memory.swapFreeKb, memory.swapTotalKb * freeShare, slopes.swapFreeKbPerSec),
  );
  const candidates = [...new Map(monitored.flatMap((m) => oomdCandidates(m.path, inputs.cgroups)).map((c) => [c.path, c])).values()];
  const chosen = chooseBySwap(candidates, memory.swapTotalKb);
  return {
    killer: 'systemd-oomd',
    thresholdText: `memory used and swap used both > ${percentText(config.swapUsedLimitPercent)} (SwapUsedLimit=); kills the ManagedOOMSwap=kill cgroup with the most swap`,
    etaSeconds: eta,
    signal: 'SIGKILL',
    victims: victimsIn(chosen?.path ?? null, inputs.processes),
    cgroup: chosen?.path ?? null,
    outcome: inputs.dryRun ? 'dry-run' : 'kill',
    caveats: candidates.some((c) => c.swapKb === null) ? ['memory.swap.current unread for some cgroups (swapaccount=0?)'] : [],
  };
}

function pressureForecast(target: OomdCgroup, inputs: OomdInputs): KillerForecast {
  const limit = target.pressureLimitPercent ?? inputs.config.defaultMemoryPressureLimitPercent;
  const duration = target.pressureDurationSec ?? inputs.config.defaultMemoryPressureDurationSec;
  const caveats: string[] = ['pressure is not extrapolated: an ETA only once full avg10 is above the limit'];
  let eta: number | null = null;
  if (target.pressureFullAvg10 !== null && target.pressureFullAvg10 > limit) {
    const aboveFor = target.pressureAboveForSec ?? null;
    if (aboveFor === null) caveats.push('time above the limit unknown: counted from now');
    else if (target.pressureAboveBeforeFirstLook === true) caveats.push('already above the limit when first seen: counted from then');
    eta = Math.max(0, duration - (aboveFor ?? 0));
    // oomd-manager.c: after a kill, POST_ACTION_DELAY_USEC (15 s) without another; hit_start is kept.
    if (eta === 0) caveats.push('due now; after a kill oomd waits 15 s before the next');
  }
  if (target.pressureFullAvg10 === null) caveats.push('memory.pressure unread');
  // No reclaim in the last 30 s: oomd does not act ("it won't help anyways").
  if (target.reclaimRecent === false) eta = null;
  else if (target.reclaimRecent !== true) caveats.push('reclaim in the last 30 s not known (memory.stat pgscan): assumed');
  const candidates = oomdCandidates(target.path, inputs.cgroups);
  if (candidates.some((c) => c.pgscanRate === undefined || c.pgscanRate === null)) caveats.push('pgscan rate unknown for some candidates: ranked by memory.current');
  const chosen = chooseByPgscan(candidates);
  return {
    killer: 'systemd-oomd',
    thresholdText: `full avg10 of ${target.path} > ${percentText(limit)} for ${duration}s with reclaim activity`,
    etaSeconds: eta,
    signal: 'SIGKILL',
    victims: victimsIn(chosen?.path ?? null, inputs.processes),
    cgroup: chosen?.path ?? null,
    outcome: inputs.dryRun ? 'dry-run' : 'kill',
    caveats,
  };
}

/** One forecast for the swap rule (when a unit asks for it) and one per pressure-managed cgroup. */
export function forecastOomd(inputs: OomdInputs): KillerForecast[] {
  const forecasts: KillerForecast[] = [];
  const swap = swapForecast(inputs);
  if (swap !== null) forecasts.push(swap);
  for (const target of inputs.cgroups) {
    if (target.managed.includes('pressure')) forecasts.push(pressureForecast(target, inputs));
  }
  return forecasts;
}
