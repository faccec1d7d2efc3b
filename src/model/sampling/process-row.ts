// The rows a scan hands over: what a tracked process's identity and this tick's reads make of it.
// Every figure not read is absent (null), never zero.
import type { PidStatus } from '../../procfs/pid/status.js';
import type { ProcessRow } from '../snapshot.js';
import type { Tracked } from './process-identity.js';

/** What a tick read or worked out beside `status`: the score, the ADJ, the slope, the rank. */
export type TickFields = Pick<
  ProcessRow,
  'user' | 'oomScore' | 'oomScoreAdj' | 'growthKbPerMin' | 'growthProvisional' | 'killRank' | 'detailAtMs' | 'self'
>;

/** A complete row: identity from `tracked`, memory from `status`, the rest from this tick. */
export function detailedRow(tracked: Tracked, status: PidStatus, tick: TickFields): ProcessRow {
  return {
    key: tracked.key,
    pid: tracked.pid,
    starttime: tracked.starttime,
    name: tracked.name,
    cmdline: tracked.cmdline,
    uid: status.uid,
    rssKb: status.vmRssKb,
    rssAnonKb: status.rssAnonKb,
    rssFileKb: status.rssFileKb,
    rssShmemKb: status.rssShmemKb,
    swapKb: status.vmSwapKb,
    pgtablesKb: status.vmPteKb,
    cgroup: tracked.cgroup,
    cgroupLabel: tracked.cgroupLabel,
    memoryCgroup: tracked.memoryCgroup,
    kernelThread: tracked.kernelThread,
    // Spelled out, not spread: every row gets the same shape in the same order (one V8 hidden class).
    user: tick.user,
    oomScore: tick.oomScore,
    oomScoreAdj: tick.oomScoreAdj,
    growthKbPerMin: tick.growthKbPerMin,
    growthProvisional: tick.growthProvisional,
    killRank: tick.killRank,
    detailAtMs: tick.detailAtMs,
    self: tick.self,
  };
}

/** A process known by name and score only: every figure not read yet is absent (null), not zero. */
export function skeletonRow(tracked: Tracked, score: number | null, selfPid: number | null | undefined): ProcessRow {
  return {
    key: tracked.key,
    pid: tracked.pid,
    starttime: tracked.starttime,
    name: tracked.name,
    cmdline: tracked.cmdline,
    uid: null,
    user: '-',
    oomScore: score,
    oomScoreAdj: null,
    rssKb: null,
    rssAnonKb: null,
    rssFileKb: null,
    rssShmemKb: null,
    swapKb: null,
    pgtablesKb: null,
    cgroup: tracked.cgroup,
    cgroupLabel: tracked.cgroupLabel,
    memoryCgroup: tracked.memoryCgroup,
    kernelThread: tracked.kernelThread,
    growthKbPerMin: null,
    growthProvisional: false,
    killRank: null,
    partial: true,
    // oomlens itself may be among the thousands met at start: its row says so from the first frame.
    self: tracked.pid === selfPid,
  };
}
