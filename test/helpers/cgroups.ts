// A MemoryCgroup for pure tests: every field the reader fills, with the values of an idle v2 cgroup, so a
// test names only what it is about and a field added to the reader needs no edit here and there.
import type { MemoryCgroup } from '../../src/cgroupfs/memory-cgroup.js';

export function memoryCgroup(fields: Partial<MemoryCgroup> & Pick<MemoryCgroup, 'path'>): MemoryCgroup {
  const pids = fields.pids ?? [];
  return {
    version: 2,
    usageKb: 0,
    limitKb: null,
    highKb: null,
    highEvents: 0,
    maxEvents: 0,
    failcnt: null,
    oomGroup: false,
    swapKb: null,
    swapLimitKb: null,
    oomKills: 0,
    oomKillsLocal: 0,
    oomEvents: 0,
    oomGroupKills: 0,
    underOom: null,
    oomKillDisabled: null,
    pressure: null,
    processCount: pids.length,
    pids,
    ...fields,
  };
}
