// /proc/PID/status: "Key:\tvalue" lines. RssAnon/RssFile/RssShmem exist since 4.5; VmSwap since 2.6.34.
// Kernel threads have no Vm*/Rss* lines at all. A value the kernel does not print is null, never 0.
// Parsed by status-fast.ts.

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
