// The forecast of one snapshot: for the box and for every memory cgroup with a limit on its path, how soon
// its wall is reached and whom the kernel kills then, under the OOM sysctls in force; and the soonest of
// them all, which the header names. Pure over the snapshot's parts and the cgroups' usage history.
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import { cgroupKey } from '../../cgroupfs/memory-cgroup.js';
import type { KillerForecast } from '../../killers/index.js';
import type { OomPolicy } from '../../procfs/oom-policy.js';
import { nextVictim } from '../ranking/kill-order.js';
import { claimableGrowth } from '../ranking/own-process.js';
import { cgroupOomTotalKb } from '../ranking/cgroup-ranking.js';
import type { MemoryState, ProcessRow } from '../snapshot.js';
import { headroomKb } from '../sampling/trend.js';
import { CgroupIndex } from './cgroup-index.js';
import { footprintKb, scopeTrend, type CgroupUsageHistory } from './scope-trend.js';
import { domainVictims, withOomGroup } from './scope-victims.js';
import type { CgroupForecast, Forecast, NextKill, VictimRef } from './types.js';

export interface ForecastInputs {
  /** Every process, in kill order (the snapshot's order). */
  processes: readonly ProcessRow[];
  cgroups: readonly MemoryCgroup[] | null;
  memory: MemoryState | null;
  /** The box's ETA (MemAvailable + SwapFree to zero) and its rate, from the pressure tracker. */
  boxEtaSeconds: number | null;
  boxHeadroomKbPerMin: number | null;
  policy: OomPolicy | null;
  history: CgroupUsageHistory;
  /** The userspace killers' own forecasts, as they are (for --json), and as next-kill candidates. */
  killers?: readonly KillerForecast[];
  killerCandidates?: readonly NextKill[];
}

interface Domain {
  cgroup: MemoryCgroup;
  totalKb: number;
  trend: ReturnType<typeof scopeTrend>;
}

/** The fastest-growing process: the likeliest to be allocating when the box runs out. */
function fastestGrower(processes: readonly ProcessRow[]): ProcessRow | null {
  let best: ProcessRow | null = null;
  for (const row of processes) {
    const growth = claimableGrowth(row);
    if (row.kernelThread || growth === null || growth <= 0) continue;
    if (best === null || growth > best.growthKbPerMin!) best = row;
  }
  return best;
}

/** Who dies with the box's victim: its memory.oom.group counts in a global OOM too. */
type GroupOf = (victim: ProcessRow) => VictimRef[];

function globalForecast(inputs: ForecastInputs, groupOf: GroupOf): NextKill {
  const { policy } = inputs;
  const base = {
    scope: 'global' as const,
    cgroup: null,
    killer: 'kernel' as const,
    etaSeconds: inputs.boxEtaSeconds,
    usageKb: inputs.memory === null ? null : inputs.memory.totalKb + inputs.memory.swapTotalKb - headroomKb(inputs.memory),
    limitKb: inputs.memory === null ? null : inputs.memory.totalKb + inputs.memory.swapTotalKb,
    growthKbPerMin: inputs.boxHeadroomKbPerMin === null ? null : -inputs.boxHeadroomKbPerMin,
    provisional: false,
  };
  if (policy?.panicOnOom === 1 || policy?.panicOnOom === 2) {
    return { ...base, outcome: 'panic', victims: [], reason: `vm.panic_on_oom=${policy.panicOnOom}: a global OOM panics the box` };
  }
  if (policy?.oomKillAllocatingTask === true) {
    const allocator = fastestGrower(inputs.processes);
    return {
      ...base,
      outcome: 'kill',
      victims: allocator === null ? [] : groupOf(allocator),
      reason: 'vm.oom_kill_allocating_task=1: the task that allocates dies (likeliest: the fastest grower)',
    };
  }
  const victim = nextVictim(inputs.processes);
  return { ...base, outcome: 'kill', victims: victim === null ? [] : groupOf(victim), reason: null };
}

function limitedDomains(cgroups: readonly MemoryCgroup[], history: CgroupUsageHistory, swapTotalKb: number): Map<string, Domain> {
  const domains = new Map<string, Domain>();
  for (const cgroup of cgroups) {
    const totalKb = cgroupOomTotalKb(cgroup, swapTotalKb);
    if (totalKb === null) continue;
    domains.set(cgroupKey(cgroup), { cgroup, totalKb, trend: scopeTrend(history.points(cgroupKey(cgroup)), totalKb) });
  }
  return domains;
}

/** The limited cgroup on the path that is reached first; without any ETA, the nearest limited one. */
function bindingDomain(path: readonly MemoryCgroup[], domains: ReadonlyMap<string, Domain>): Domain | null {
  let soonest: Domain | null = null;
  let nearest: Domain | null = null;
  for (const cgroup of path) {
    const domain = domains.get(cgroupKey(cgroup));
    if (domain === undefined) continue;
    nearest ??= domain;
    const eta = domain.trend.etaSeconds;
    if (eta !== null && (soonest === null || eta < soonest.trend.etaSeconds!)) soonest = domain;
  }
  return soonest ?? nearest;
}

function memcgOutcome(policy: OomPolicy | null): Pick<NextKill, 'outcome' | 'reason'> {
  return policy?.panicOnOom === 2
    ? { outcome: 'panic', reason: 'vm.panic_on_oom=2: even a cgroup OOM panics the box' }
    : { outcome: 'kill', reason: null };
}

/** How near a wall must be (seconds, at the current growth) for the sampler to look at it every tick. */
export const APPROACHING_SECONDS = 600;

/** The wall is near at the current growth, however few samples it comes from. */
function approaches(domain: Domain, cgroup: MemoryCgroup): boolean {
  const growth = domain.trend.growthKbPerMin;
  if (growth === null || !(growth > 0)) return false;
  return ((domain.totalKb - footprintKb(cgroup)) / growth) * 60 < APPROACHING_SECONDS;
}

export function buildForecast(inputs: ForecastInputs): Forecast {
  const cgroups = inputs.cgroups ?? [];
  const swapTotalKb = inputs.memory?.swapTotalKb ?? 0;
  const domains = limitedDomains(cgroups, inputs.history, swapTotalKb);
  const index = new CgroupIndex(cgroups);
  const rowsByPid = new Map(inputs.processes.map((row) => [row.pid, row]));
  const global = globalForecast(inputs, (victim) => withOomGroup(victim, null, index, rowsByPid));
  const victimsOf = new Map<string, VictimRef[]>();
  const victims = (domain: Domain): VictimRef[] => {
    const key = cgroupKey(domain.cgroup);
    let found = victimsOf.get(key);
    if (found === undefined) victimsOf.set(key, (found = domainVictims(domain.cgroup, index, rowsByPid, swapTotalKb)));
    return found;
  };
  const outcome = memcgOutcome(inputs.policy);
  const perCgroup: CgroupForecast[] = [];
  const candidates: NextKill[] = [...(global.etaSeconds === null ? [] : [global]), ...(inputs.killerCandidates ?? [])];
  for (const cgroup of cgroups) {
    const path = index.ancestorsOrSelf(cgroup);
    const binding = bindingDomain(path, domains);
    const own = domains.get(cgroupKey(cgroup))?.trend ?? scopeTrend(inputs.history.points(cgroupKey(cgroup)), null);
    if (binding === null) {
      // Nothing above limits it: only a global OOM kills here; its growth still says who fills the box.
      perCgroup.push({ key: cgroupKey(cgroup), path: cgroup.path, effectiveLimitKb: null, growthKbPerMin: own.growthKbPerMin, provisional: own.provisional, etaSeconds: null, domainPath: null, nextVictims: [] });
      continue;
    }
    const eta = binding.trend.etaSeconds;
    perCgroup.push({
      key: cgroupKey(cgroup),
      path: cgroup.path,
      effectiveLimitKb: Math.min(...path.flatMap((c) => (c.limitKb === null ? [] : [c.limitKb]))),
      growthKbPerMin: own.growthKbPerMin,
      provisional: own.provisional,
      etaSeconds: eta,
      domainPath: eta === null ? null : binding.cgroup.path,
      nextVictims: outcome.outcome === 'panic' ? [] : victims(binding),
    });
    if (binding.cgroup === cgroup && eta !== null) {
      candidates.push({
        scope: 'memcg',
        cgroup: cgroup.path,
        killer: 'kernel',
        ...outcome,
        etaSeconds: eta,
        victims: outcome.outcome === 'panic' ? [] : victims(binding),
        usageKb: footprintKb(cgroup),
        limitKb: binding.totalKb,
        growthKbPerMin: binding.trend.growthKbPerMin,
        provisional: binding.trend.provisional,
      });
    }
  }
  const nextKill = soonest(candidates);
  const approaching =
    (nextKill?.etaSeconds ?? Infinity) < APPROACHING_SECONDS || [...domains.values()].some((domain) => approaches(domain, domain.cgroup));
  return { nextKill, global, cgroups: perCgroup, approaching, killers: [...(inputs.killers ?? [])] };
}

export function soonest(candidates: readonly NextKill[]): NextKill | null {
  let best: NextKill | null = null;
  for (const candidate of candidates) {
    if (candidate.etaSeconds === null) continue;
    if (best === null || candidate.etaSeconds < best.etaSeconds!) best = candidate;
  }
  return best;
}
