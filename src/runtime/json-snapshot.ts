// The --json contract (issue #2, extended by later issues). Field names are an API: other tools and tests
// rely on them. A value the kernel does not provide is null, never 0.
import { cgroupKey } from '../cgroupfs/memory-cgroup.js';
import type { NextKill } from '../model/forecast/types.js';
import type { HostFacts, Snapshot } from '../model/snapshot.js';
import { readOwnOomScoreAdj, type SelfProtection } from '../procfs/self-protection.js';
import { VERSION } from '../version.js';

function nextKillJson(next: NextKill | null): Record<string, unknown> | null {
  if (next === null) return null;
  const { scope, cgroup, killer, outcome, etaSeconds, victims, usageKb, limitKb, growthKbPerMin, provisional, reason } = next;
  return { scope, cgroup, killer, outcome, etaSeconds, victims, usageKb, limitKb, growthKbPerMin, provisional, reason };
}

/**
 * oomlens itself: its pid, its oom_score_adj as it is now, whether oomlens lowered it, and why not when it
 * did not ("not permitted (lowering needs CAP_SYS_RESOURCE)", "--no-self-protect", …); null when it did.
 */
function selfJson(self: SelfProtection): Record<string, unknown> {
  return { pid: self.pid, oomScoreAdj: readOwnOomScoreAdj(), lowered: self.lowered, reason: self.reason };
}

export function snapshotToJson(snapshot: Snapshot, host: HostFacts, self?: SelfProtection): Record<string, unknown> {
  const memory = snapshot.memory;
  const pressure = snapshot.pressure;
  const psi = pressure.psi;
  const forecasts = new Map(snapshot.forecast.cgroups.map((f) => [f.key, f]));
  return {
    version: VERSION,
    takenAt: new Date(snapshot.takenAtMs).toISOString(),
    host: { hostname: host.hostname, kernel: host.kernel, distro: host.distro, uptimeSeconds: snapshot.uptimeSeconds },
    memory: memory && { totalKb: memory.totalKb, freeKb: memory.freeKb, availableKb: memory.availableKb },
    swap: memory && {
      totalKb: memory.swapTotalKb,
      freeKb: memory.swapFreeKb,
      inPagesPerSec: pressure.swapRates.inPagesPerSec,
      outPagesPerSec: pressure.swapRates.outPagesPerSec,
    },
    zones: pressure.zones?.map((z) => ({
      node: z.node, zone: z.zone, freeKb: z.freeKb, minKb: z.minKb, lowKb: z.lowKb, highKb: z.highKb, managedKb: z.managedKb,
    })) ?? null,
    pressure: psi && {
      someAvg10: psi.some.avg10,
      someAvg60: psi.some.avg60,
      fullAvg10: psi.full?.avg10 ?? null,
      fullAvg60: psi.full?.avg60 ?? null,
    },
    commit: pressure.commit,
    etaSeconds: pressure.etaSeconds,
    oomKills: snapshot.oomKills,
    forecast: {
      nextKill: nextKillJson(snapshot.forecast.nextKill),
      global: nextKillJson(snapshot.forecast.global),
      approaching: snapshot.forecast.approaching,
      killers: snapshot.forecast.killers,
    },
    policy: snapshot.policy,
    killers: snapshot.killers,
    self: self === undefined ? null : selfJson(self),
    cgroups:
      snapshot.cgroups?.list.map((c) => {
        const forecast = forecasts.get(cgroupKey(c));
        return {
          path: c.path,
          version: c.version,
          usageKb: c.usageKb,
          limitKb: c.limitKb,
          swapKb: c.swapKb,
          oomKills: c.oomKills,
          processCount: c.processCount,
          effectiveLimitKb: forecast?.effectiveLimitKb ?? null,
          growthKbPerMin: forecast?.growthKbPerMin ?? null,
          growthProvisional: forecast?.provisional ?? null,
          etaSeconds: forecast?.etaSeconds ?? null,
          highKb: c.highKb,
          oomGroup: c.oomGroup,
          nextVictims: forecast?.nextVictims ?? [],
          events: { high: c.highEvents, max: c.maxEvents, oom: c.oomEvents, oomKill: c.oomKills, failcnt: c.failcnt, underOom: c.underOom },
        };
      }) ?? null,
    processes: snapshot.processes.map((p) => ({
      pid: p.pid,
      name: p.name,
      user: p.user,
      uid: p.uid,
      oomScore: p.oomScore,
      oomScoreAdj: p.oomScoreAdj,
      rssKb: p.rssKb,
      rssAnonKb: p.rssAnonKb,
      rssFileKb: p.rssFileKb,
      rssShmemKb: p.rssShmemKb,
      swapKb: p.swapKb,
      cgroup: p.cgroup,
      kernelThread: p.kernelThread,
      growthKbPerMin: p.growthKbPerMin,
      growthProvisional: p.growthProvisional ?? false,
    })),
  };
}

export function renderJson(snapshot: Snapshot, host: HostFacts, self?: SelfProtection): string {
  return JSON.stringify(snapshotToJson(snapshot, host, self), null, 2);
}
