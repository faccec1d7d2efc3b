// /proc/PID/status: "Key:\tvalue" lines. RssAnon/RssFile/RssShmem exist since 4.5; VmSwap since 2.6.34.
// Kernel threads have no Vm*/Rss* lines at all. A value the kernel does not print is null, never 0.

export interface PidStatus {
  /** The kernel escapes "\n" and "\\" in Name; still sanitise before display. */
  name: string | null;
  tgid: number | null;
  /** Effective uid, as ps shows it. */
  uid: number | null;
  vmRssKb: number | null;
  rssAnonKb: number | null;
  rssFileKb: number | null;
  rssShmemKb: number | null;
  vmSwapKb: number | null;
  /** VmPTE: page tables, which oom_badness counts. */
  vmPteKb: number | null;
}

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
