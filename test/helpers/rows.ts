// Builders for snapshots in UI and model tests.
import type { OomCounterState } from '../../src/model/incidents/oom-counter.js';
import type { MemoryPressure, ProcessRow, Snapshot } from '../../src/model/snapshot.js';
import type { SnapshotSource } from '../../src/model/snapshot.js';
import { withKillRanks } from '../../src/model/ranking/killable.js';
import type { ScoreScale } from '../../src/model/snapshot.js';
import type { Forecast } from '../../src/model/forecast/types.js';
import type { OomPolicy } from '../../src/procfs/oom-policy.js';

export function row(pid: number, name: string, oomScore: number, rssKb: number, extra: Partial<ProcessRow> = {}): ProcessRow {
  return {
    key: `${pid}:${pid * 10}`,
    pid,
    starttime: pid * 10,
    name,
    cmdline: name,
    uid: 0,
    user: 'root',
    oomScore,
    oomScoreAdj: 0,
    rssKb,
    rssAnonKb: rssKb,
    rssFileKb: 0,
    rssShmemKb: 0,
    swapKb: 0,
    pgtablesKb: 100,
    cgroup: '/system.slice/x.service',
    cgroupLabel: 'x.service',
    memoryCgroup: null,
    kernelThread: false,
    growthKbPerMin: null,
    killRank: null,
    ...extra,
  };
}

/** A quiet box: no swap activity yet, one zone well above high, PSI at zero. */
export function quietPressure(extra: Partial<MemoryPressure> = {}): MemoryPressure {
  return {
    swapRates: {
      inPagesPerSec: null, outPagesPerSec: null, inBytesPerSec: null, outBytesPerSec: null,
      zswapInPagesPerSec: null, zswapOutPagesPerSec: null, zswapUsed: false,
    },
    swapInHistory: [null],
    swapOutHistory: [null],
    zones: [{
      node: 0, zone: 'Normal', freePages: 500_000, minPages: 10_000, lowPages: 12_500, highPages: 15_000,
      freeKb: 2_000_000, minKb: 40_000, lowKb: 50_000, highKb: 60_000, managedKb: 8_000_000,
    }],
    psi: { some: { avg10: 0, avg60: 0, avg300: 0, totalUs: 0 }, full: { avg10: 0, avg60: 0, avg300: 0, totalUs: 0 } },
    stallPercent: { some: null, full: null },
    commit: { committedKb: 4_000_000, limitKb: 4_000_000, overcommitMemory: 0 },
    etaSeconds: null,
    ...extra,
  };
}

/** Rows given in kill order, with the kill ranks the sampler would give them. */
export function ranked(rows: readonly ProcessRow[], scale: ScoreScale = '5.9+'): ProcessRow[] {
  return withKillRanks(rows, scale).rows;
}

/** The sampler's oom_kill counter at `value`, having started at `baseline` (and risen last at `lastIncreaseMs`). */
export function killCounter(value: number, baseline = value, lastIncreaseMs: number | null = null): OomCounterState {
  return { value, baseline, lastIncreaseMs, lastIncrease: value > baseline && lastIncreaseMs !== null ? value - baseline : 0 };
}

/** A forecast with nothing approaching: the box's own answer names `victim`, with no ETA. */
export function quietForecast(victim: ProcessRow | null = null): Forecast {
  return {
    nextKill: null,
    global: {
      scope: 'global', cgroup: null, killer: 'kernel', outcome: 'kill', etaSeconds: null,
      victims: victim === null ? [] : [{ pid: victim.pid, name: victim.name }],
      usageKb: null, limitKb: null, growthKbPerMin: null, provisional: false, reason: null,
    },
    cgroups: [],
    approaching: false,
    killers: [],
  };
}

export const DEFAULT_POLICY: OomPolicy = { panicOnOom: 0, oomKillAllocatingTask: false, overcommitMemory: 0 };

let seq = 0;
/** A snapshot of `processes` (in kill order, ranked here as the sampler ranks them); its oom_kill counter is `oomKillCounter`, else `oomKills` with no kill this session. */
export function snapshotOf(processes: ProcessRow[], extra: Partial<Snapshot> = {}): Snapshot {
  seq++;
  const scoreScale = extra.scoreScale ?? '5.9+';
  const oomKills = extra.oomKills === undefined ? 0 : extra.oomKills;
  return {
    seq,
    takenAtMs: 1_700_000_000_000 + seq * 1000,
    monotonicMs: seq * 1000,
    uptimeSeconds: 3600,
    memory: { totalKb: 8_000_000, freeKb: 100_000, availableKb: 300_000, swapTotalKb: 0, swapFreeKb: 0 },
    oomKills,
    oomKillCounter: oomKills === null ? { value: null, baseline: null, lastIncreaseMs: null, lastIncrease: 0 } : killCounter(oomKills),
    pressure: quietPressure(),
    cgroups: null,
    departed: [],
    oom: null,
    processes: ranked(processes, scoreScale),
    scoreScale,
    forecast: quietForecast(),
    policy: DEFAULT_POLICY,
    killers: [],
    ...extra,
  };
}

/** A source whose next snapshot the test sets. */
export function scriptedSource(first: Snapshot): SnapshotSource & { current: Snapshot; calls: number } {
  const source = {
    current: first,
    calls: 0,
    next: async () => {
      source.calls++;
      return source.current;
    },
  };
  return source;
}
