// /proc/PID/status the plain way: every "Key:\tvalue" line into a Map, then the few keys wanted. The
// readers use parseStatusBytes (src/procfs/pid/status-fast.ts), which finds those keys in the bytes
// without the Map; this is kept as the oracle its property tests hold it equal to.
import type { PidStatus } from '../../src/procfs/pid/status.js';

function kb(fields: Map<string, string>, key: string): number | null {
  const value = fields.get(key);
  if (value === undefined) return null;
  const match = /^(\d+)\s*kB$/.exec(value);
  return match ? Number(match[1]) : null;
}

function int(value: string | undefined): number | null {
  if (value === undefined || !/^-?\d+$/.test(value)) return null;
  return Number(value);
}

export function parseStatus(text: string): PidStatus {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  const uids = fields.get('Uid')?.split(/\s+/);
  return {
    name: fields.get('Name') ?? null,
    tgid: int(fields.get('Tgid')),
    uid: int(uids?.[1] ?? uids?.[0]),
    vmRssKb: kb(fields, 'VmRSS'),
    rssAnonKb: kb(fields, 'RssAnon'),
    rssFileKb: kb(fields, 'RssFile'),
    rssShmemKb: kb(fields, 'RssShmem'),
    vmSwapKb: kb(fields, 'VmSwap'),
    vmPteKb: kb(fields, 'VmPTE'),
  };
}
