// Builders for snapshots in UI and model tests.
import type { ProcessRow, Snapshot } from '../../src/model/snapshot.js';
import type { SnapshotSource } from '../../src/model/snapshot.js';

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
    cgroup: '/system.slice/x.service',
    cgroupLabel: 'x.service',
    memoryCgroup: null,
    kernelThread: false,
    ...extra,
  };
}

let seq = 0;
export function snapshotOf(processes: ProcessRow[], extra: Partial<Snapshot> = {}): Snapshot {
  seq++;
  return {
    seq,
    takenAtMs: 1_700_000_000_000 + seq * 1000,
    monotonicMs: seq * 1000,
    uptimeSeconds: 3600,
    memory: { totalKb: 8_000_000, freeKb: 100_000, availableKb: 300_000, swapTotalKb: 0, swapFreeKb: 0 },
    oomKills: 0,
    processes,
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
