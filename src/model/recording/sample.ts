// What the flight recorder keeps of one snapshot: the box (memory, swap, PSI, the next predicted kill),
// the processes that matter for the next kill (the top of the ranking, every fast grower, the top of each
// limited cgroup) and the limited cgroups. Rows are tuples, not objects: at 200 rows a sample the keys
// would be most of the JSON (the deflated size is measured in the README). Plain data, versioned.
import type { NextKill } from '../forecast/types.js';
import type { MemoryState, ProcessRow, Snapshot } from '../snapshot.js';

export const SAMPLE_VERSION = 1;

/** [pid, starttime, name, rssKb, swapKb, oomScore, oomScoreAdj, killRank, memory cgroup, growthKbPerMin] */
export type ProcessTuple = [number, number, string, number | null, number | null, number | null, number | null, number | null, string | null, number | null];

/** [path, version, usageKb, own limitKb, effective limitKb, growthKbPerMin, etaSeconds, oomKills] */
export type CgroupTuple = [string, 1 | 2, number, number | null, number | null, number | null, number | null, number | null];

export interface RecordedNextKill {
  scope: NextKill['scope'];
  cgroup: string | null;
  killer: string;
  outcome: NextKill['outcome'];
  etaSeconds: number | null;
  victims: { pid: number; name: string }[];
  usageKb: number | null;
  limitKb: number | null;
  growthKbPerMin: number | null;
}

export interface RecordedSample {
  v: typeof SAMPLE_VERSION;
  /** Wall clock, ms since the epoch. */
  t: number;
  /** Seconds since boot when sampled: kernel log timestamps are on this clock. */
  up: number | null;
  mem: MemoryState | null;
  psi: { some10: number; some60: number; full10: number | null; full60: number | null } | null;
  /** Swap-in / swap-out, pages per second (null until two samples). */
  swap: { in: number | null; out: number | null };
  /** /proc/vmstat oom_kill. */
  kills: number | null;
  /** Seconds until MemAvailable + SwapFree run out at the current slope. */
  eta: number | null;
  next: RecordedNextKill | null;
  /** How many processes the global OOM killer could pick (the `of` of a rank). */
  ranked: number;
  p: ProcessTuple[];
  c: CgroupTuple[];
}

export interface SelectionRules {
  /** The first this many of the kill order. */
  top: number;
  /** Processes growing at least this fast (KiB/min) are kept, fastest first, up to `maxGrowers`. */
  minGrowthKbPerMin: number;
  maxGrowers: number;
  /** Limited cgroups kept, nearest their limit first. */
  maxCgroups: number;
  /** The first this many processes of each kept cgroup (its own OOM's next victims). */
  perCgroup: number;
}

export const DEFAULT_SELECTION: Readonly<SelectionRules> = { top: 25, minGrowthKbPerMin: 512, maxGrowers: 50, maxCgroups: 50, perCgroup: 3 };

function inCgroup(row: ProcessRow, path: string): boolean {
  const own = row.memoryCgroup ?? row.cgroup;
  if (own === null) return false;
  return path === '/' || own === path || own.startsWith(`${path}/`);
}

function processTuple(row: ProcessRow): ProcessTuple {
  return [row.pid, row.starttime, row.name, row.rssKb, row.swapKb, row.oomScore, row.oomScoreAdj, row.killRank, row.memoryCgroup ?? row.cgroup, row.growthKbPerMin];
}

function nextKill(next: NextKill | null): RecordedNextKill | null {
  if (next === null) return null;
  const { scope, cgroup, killer, outcome, etaSeconds, victims, usageKb, limitKb, growthKbPerMin } = next;
  return { scope, cgroup, killer, outcome, etaSeconds, victims: victims.map(({ pid, name }) => ({ pid, name })), usageKb, limitKb, growthKbPerMin };
}

/** The limited cgroups, nearest their limit first, with their forecast. */
function limitedCgroups(snapshot: Snapshot, max: number): CgroupTuple[] {
  const forecasts = new Map(snapshot.forecast.cgroups.map((f) => [f.key, f]));
  const rows: { tuple: CgroupTuple; fill: number }[] = [];
  for (const cgroup of snapshot.cgroups?.list ?? []) {
    const forecast = forecasts.get(`v${cgroup.version}:${cgroup.path}`);
    const limit = forecast?.effectiveLimitKb ?? cgroup.limitKb;
    if (limit === null || limit <= 0) continue;
    rows.push({
      tuple: [cgroup.path, cgroup.version, cgroup.usageKb, cgroup.limitKb, limit, forecast?.growthKbPerMin ?? null, forecast?.etaSeconds ?? null, cgroup.oomKills],
      fill: cgroup.usageKb / limit,
    });
  }
  return rows.sort((a, b) => b.fill - a.fill).slice(0, max).map((r) => r.tuple);
}

export function selectProcesses(snapshot: Snapshot, cgroups: readonly CgroupTuple[], rules: Readonly<SelectionRules>): ProcessRow[] {
  const chosen = new Map<string, ProcessRow>();
  const processes = snapshot.processes.filter((row) => !row.kernelThread);
  for (const row of processes.slice(0, rules.top)) chosen.set(row.key, row);
  const growers = processes
    .filter((row) => (row.growthKbPerMin ?? 0) >= rules.minGrowthKbPerMin)
    .sort((a, b) => (b.growthKbPerMin ?? 0) - (a.growthKbPerMin ?? 0))
    .slice(0, rules.maxGrowers);
  for (const row of growers) chosen.set(row.key, row);
  for (const [path] of cgroups) {
    if (path === '/') continue;
    let taken = 0;
    for (const row of processes) {
      if (taken >= rules.perCgroup) break;
      if (!inCgroup(row, path)) continue;
      chosen.set(row.key, row);
      taken += 1;
    }
  }
  for (const victim of snapshot.forecast.nextKill?.victims ?? []) {
    const row = processes.find((p) => p.pid === victim.pid);
    if (row !== undefined) chosen.set(row.key, row);
  }
  // In the kill order, as the snapshot has them.
  return processes.filter((row) => chosen.has(row.key));
}

export function toRecordedSample(snapshot: Snapshot, rules: Readonly<SelectionRules> = DEFAULT_SELECTION): RecordedSample {
  const psi = snapshot.pressure.psi;
  const cgroups = limitedCgroups(snapshot, rules.maxCgroups);
  return {
    v: SAMPLE_VERSION,
    t: snapshot.takenAtMs,
    up: snapshot.uptimeSeconds,
    mem: snapshot.memory,
    psi: psi && { some10: psi.some.avg10, some60: psi.some.avg60, full10: psi.full?.avg10 ?? null, full60: psi.full?.avg60 ?? null },
    swap: { in: snapshot.pressure.swapRates.inPagesPerSec, out: snapshot.pressure.swapRates.outPagesPerSec },
    kills: snapshot.oomKills,
    eta: snapshot.pressure.etaSeconds,
    next: nextKill(snapshot.forecast.nextKill),
    ranked: snapshot.processes.reduce((n, row) => (row.killRank === null ? n : Math.max(n, row.killRank)), 0),
    p: selectProcesses(snapshot, cgroups, rules).map(processTuple),
    c: cgroups,
  };
}

/** A decoded record that is a sample this version understands, or null (a reader skips the rest). */
export function asRecordedSample(value: unknown): RecordedSample | null {
  if (typeof value !== 'object' || value === null) return null;
  const sample = value as Partial<RecordedSample>;
  if (sample.v !== SAMPLE_VERSION || typeof sample.t !== 'number' || !Array.isArray(sample.p) || !Array.isArray(sample.c)) return null;
  return sample as RecordedSample;
}
