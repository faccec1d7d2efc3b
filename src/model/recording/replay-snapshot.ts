// A recorded sample as the screen's Snapshot, for `oomlens replay`: what the recorder kept is filled in,
// what it did not keep is absent (null, empty), never invented. The process list holds only the recorded
// rows (the top of the ranking, growers, each limited cgroup's top), in their recorded kill order. Pure.
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import { APPROACHING_SECONDS } from '../forecast/cgroup-plan.js';
import type { CgroupForecast, NextKill } from '../forecast/types.js';
import type { ProcessRow, Snapshot } from '../snapshot.js';
import type { CgroupTuple, ProcessTuple, RecordedNextKill, RecordedSample } from './sample.js';
import type { KillerName } from '../forecast/types.js';
import type { ReplayView } from './timeline.js';

function label(cgroup: string | null): string {
  if (cgroup === null) return '-';
  return cgroup === '/' ? '/' : (cgroup.split('/').pop() ?? cgroup);
}

function processRow([pid, starttime, name, rssKb, swapKb, oomScore, oomScoreAdj, killRank, cgroup, growthKbPerMin]: ProcessTuple): ProcessRow {
  return {
    key: `${pid}:${starttime}`,
    pid,
    starttime,
    name,
    cmdline: '',
    uid: null,
    user: '-',
    oomScore,
    oomScoreAdj,
    rssKb,
    rssAnonKb: null,
    rssFileKb: null,
    rssShmemKb: null,
    swapKb,
    pgtablesKb: null,
    cgroup,
    cgroupLabel: label(cgroup),
    memoryCgroup: cgroup,
    kernelThread: false,
    growthKbPerMin,
    killRank,
  };
}

function cgroup([path, version, usageKb, limitKb]: CgroupTuple): MemoryCgroup {
  return {
    path, version, usageKb, limitKb, highKb: null, highEvents: null, maxEvents: null, failcnt: null, oomGroup: null, swapKb: null,
    swapLimitKb: null, oomKills: null, oomKillsLocal: null, oomEvents: null, oomGroupKills: null, underOom: null, oomKillDisabled: null,
    pressure: null, processCount: 0, pids: [],
  };
}

function cgroupForecast([path, version, , , effectiveLimitKb, growthKbPerMin, etaSeconds]: CgroupTuple): CgroupForecast {
  return { key: `v${version}:${path}`, path, effectiveLimitKb, growthKbPerMin, provisional: false, etaSeconds, domainPath: etaSeconds === null ? null : path, nextVictims: [] };
}

function nextKill(next: RecordedNextKill): NextKill {
  return { ...next, killer: next.killer as KillerName, provisional: false, reason: null };
}

function globalKill(sample: RecordedSample): NextKill {
  if (sample.next?.scope === 'global') return nextKill(sample.next);
  const mem = sample.mem;
  return {
    scope: 'global', cgroup: null, killer: 'kernel', outcome: 'kill', etaSeconds: sample.eta, victims: [],
    usageKb: mem && mem.totalKb + mem.swapTotalKb - mem.availableKb - mem.swapFreeKb, limitKb: mem && mem.totalKb + mem.swapTotalKb,
    growthKbPerMin: null, provisional: false, reason: null,
  };
}

/**
 * `index`: the sample's place in the recording (the snapshot's seq); `firstKills`: the counter at the start;
 * `view`: where the sample is in the recording, for the timeline.
 */
export function replaySnapshot(sample: RecordedSample, index: number, firstKills: number | null, lastKillMs: number | null, view?: ReplayView): Snapshot {
  const psi = sample.psi;
  const line = (avg10: number, avg60: number) => ({ avg10, avg60, avg300: avg60, totalUs: 0 });
  return {
    seq: index + 1,
    takenAtMs: sample.t,
    monotonicMs: sample.t,
    uptimeSeconds: sample.up,
    memory: sample.mem,
    oomKills: sample.kills,
    oomKillCounter: { value: sample.kills, baseline: firstKills, lastIncreaseMs: lastKillMs, lastIncrease: lastKillMs === null ? 0 : 1 },
    pressure: {
      swapRates: { inPagesPerSec: sample.swap.in, outPagesPerSec: sample.swap.out, inBytesPerSec: null, outBytesPerSec: null, zswapInPagesPerSec: null, zswapOutPagesPerSec: null, zswapUsed: false },
      swapInHistory: [],
      swapOutHistory: [],
      zones: null,
      psi: psi && { some: line(psi.some10, psi.some60), full: psi.full10 === null ? null : line(psi.full10, psi.full60 ?? psi.full10) },
      stallPercent: { some: null, full: null },
      commit: null,
      etaSeconds: sample.eta,
    },
    cgroups: { list: sample.c.map(cgroup), truncated: false, recentOomKills: [] },
    oom: null,
    departed: [],
    processes: sample.p.map(processRow),
    scoreScale: '5.9+',
    forecast: {
      nextKill: sample.next && nextKill(sample.next),
      global: globalKill(sample),
      cgroups: sample.c.map(cgroupForecast),
      approaching: (sample.next?.etaSeconds ?? Infinity) < APPROACHING_SECONDS,
      killers: [],
    },
    policy: { panicOnOom: null, oomKillAllocatingTask: null, overcommitMemory: null },
    killers: [],
    ...(view === undefined ? {} : { replay: view }),
  };
}
