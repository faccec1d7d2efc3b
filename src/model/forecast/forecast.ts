// The forecast of one snapshot: for the box and for every memory cgroup with a limit on its path, how soon
// its wall is reached and whom the kernel kills then, under the OOM sysctls in force; and the soonest of
// them all, which the header names. Pure over the snapshot's parts and the cgroups' usage history.
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import type { KillerForecast } from '../../killers/index.js';
import type { OomPolicy } from '../../procfs/oom-policy.js';
import { nextVictim } from '../ranking/kill-order.js';
import { claimableGrowth } from '../ranking/own-process.js';
import type { MemoryState, ProcessRow } from '../snapshot.js';
import { headroomKb } from '../sampling/trend.js';
import { APPROACHING_SECONDS, type Domain } from './cgroup-plan.js';
import { ForecastMemo } from './forecast-memo.js';
import { footprintKb, type CgroupUsageHistory } from './scope-trend.js';
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

function memcgOutcome(policy: OomPolicy | null): Pick<NextKill, 'outcome' | 'reason'> {
  return policy?.panicOnOom === 2
    ? { outcome: 'panic', reason: 'vm.panic_on_oom=2: even a cgroup OOM panics the box' }
    : { outcome: 'kill', reason: null };
}

/** No cgroup hierarchy: one list, so that the memo's plan for it is kept too. */
const NO_CGROUPS: readonly MemoryCgroup[] = [];

/** `memo`: what the last call computed that is still valid (forecaster.ts keeps one); fresh by default. */
export function buildForecast(inputs: ForecastInputs, memo: ForecastMemo = new ForecastMemo()): Forecast {
  const swapTotalKb = inputs.memory?.swapTotalKb ?? 0;
  const plan = memo.planFor(inputs.cgroups ?? NO_CGROUPS, inputs.history, swapTotalKb);
  const { index } = plan;
  const rowsByPid = memo.rowsOf(inputs.processes);
  const global = globalForecast(inputs, (victim) => withOomGroup(victim, null, index, rowsByPid));
  const victimsOf = new Map<Domain, VictimRef[]>();
  const victims = (domain: Domain): VictimRef[] => {
    let found = victimsOf.get(domain);
    if (found === undefined) victimsOf.set(domain, (found = domainVictims(domain.cgroup, index, rowsByPid, swapTotalKb)));
    return found;
  };
  const outcome = memcgOutcome(inputs.policy);
  const perCgroup: CgroupForecast[] = [];
  const candidates: NextKill[] = [...(global.etaSeconds === null ? [] : [global]), ...(inputs.killerCandidates ?? [])];
  for (const { cgroup, key, own, binding, effectiveLimitKb } of plan.cgroups) {
    if (binding === null) {
      // Nothing above limits it: only a global OOM kills here; its growth still says who fills the box.
      perCgroup.push({ key, path: cgroup.path, effectiveLimitKb: null, growthKbPerMin: own.growthKbPerMin, provisional: own.provisional, etaSeconds: null, domainPath: null, nextVictims: [] });
      continue;
    }
    const eta = binding.trend.etaSeconds;
    perCgroup.push({
      key,
      path: cgroup.path,
      effectiveLimitKb,
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
  const approaching = (nextKill?.etaSeconds ?? Infinity) < APPROACHING_SECONDS || plan.growthApproaches;
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
