// The shapes the kernel-log side of oomlens hands to the rest of the program. A report is what the kernel
// printed for one OOM kill (or one rate-limited "Killed process" line); everything it did not print is null.
// Every string here that came from the log (comm, cgroup path) has already been through sanitize().
import type { WallTimeSource } from './time/wall-time.js';

export type { WallTimeSource };

/** One line of kernel text with its transport prefix removed, plus what the prefix told us. */
export interface LogLine {
  /** The kernel's message text, without prefix, unescaped (\xNN, #012 already applied). */
  text: string;
  /** Seconds since boot, from a kmsg header or a `[ 123.456]` stamp; null when the transport has none. */
  uptimeSeconds: number | null;
  /** Wall-clock time as the transport printed it (`Jan 28 19:58:45`, `Sat Nov 21 10:00:00 2025`). */
  wallClock: string | null;
  /** /dev/kmsg sequence number, when the line came from a raw record. */
  seq: number | null;
  /** True for lines that are certainly not kernel text (another program's syslog line, journal banner). */
  foreign: boolean;
  /**
   * True for the second and later lines of one multi-line record (kmsg `\x0a`, journal MESSAGE newlines,
   * rsyslog `#012`, dmesg's unstamped indented lines). A report's trigger and verdict always start a record,
   * so such a line can never be one: a process cannot forge a kill by putting a newline in its name.
   */
  continued: boolean;
}

export type OomScope = 'global' | 'memcg';

/** What the kernel did in the end: killed a process, found none to kill, or panicked the machine. */
export type OomOutcome = 'kill' | 'no-kill' | 'panic';

/**
 * Why it panicked (mm/oom_kill.c): check_panic_on_oom() with vm.panic_on_oom=1 (`system-wide`, global OOMs
 * only), =2 (`compulsory`, every OOM), or a 2.6.2x kernel that did not say which; or out_of_memory() found
 * no killable process in a global OOM (`System is deadlocked on memory`).
 */
export type OomPanicCause = 'panic_on_oom=1' | 'panic_on_oom=2' | 'panic_on_oom' | 'no-killable-process';

export interface OomTrigger {
  name: string | null;
  pid: number | null;
  /** Hex exactly as printed (`0x140dca`); the symbolic flags differ between releases, so keep the number. */
  gfpMask: string | null;
  order: number | null;
  /** The allocating task's oom_score_adj (not the victim's). Null on kernels that printed only oomkilladj. */
  oomScoreAdj: number | null;
}

export interface OomVictim {
  pid: number;
  name: string;
  totalVmKb: number | null;
  anonRssKb: number | null;
  fileRssKb: number | null;
  shmemRssKb: number | null;
  uid: number | null;
  oomScoreAdj: number | null;
  /** True once an `oom_reaper: reaped process N` line for this pid was seen. */
  reaped: boolean;
}

/** One row of the kernel's task dump. Units as printed: pages, except pgtables in bytes. */
export interface OomTask {
  pid: number;
  uid: number | null;
  tgid: number | null;
  totalVmPages: number | null;
  rssPages: number | null;
  swapEntries: number | null;
  oomScoreAdj: number | null;
  name: string;
  rssAnonPages: number | null;
  rssFilePages: number | null;
  rssShmemPages: number | null;
  /** pgtables_bytes (4.15+), or nr_ptes(+nr_pmds) converted to bytes at 4 KiB per page table page. */
  pgtablesBytes: number | null;
}

/** Free memory of one zone against its watermarks, from a Mem-Info zone line (kB). */
export interface ZoneState {
  node: number | null;
  zone: string;
  freeKb: number;
  minKb: number;
  lowKb: number;
  highKb: number;
  boostKb: number | null;
}

/** A `memory:` / `memory+swap:` / `swap:` / `kmem:` line of a memcg report. limitKb null = unlimited. */
export interface CounterState {
  usageKb: number;
  limitKb: number | null;
  failcnt: number;
}

/** What the report said about memory when the kill happened; kept for the TUI panel and the findings. */
export interface OomMemoryState {
  zones: ZoneState[];
  swapFreeKb: number | null;
  swapTotalKb: number | null;
  totalRamPages: number | null;
  memcgMemory: CounterState | null;
  /** cgroup v1 `memory+swap:` line. */
  memcgMemsw: CounterState | null;
  /** cgroup v2 `swap:` line. */
  memcgSwap: CounterState | null;
  memcgKmem: CounterState | null;
}

export interface Finding {
  id: FindingId;
  text: string;
}

export type FindingId =
  | 'global-oom'
  | 'cgroup-oom'
  | 'manual-oom'
  | 'high-order'
  | 'trigger-not-victim'
  | 'expendable-victim'
  | 'protected-bigger-task'
  | 'repeat-victim'
  | 'group-kill'
  | 'no-swap'
  | 'swap-exhausted'
  | 'below-min-watermark'
  | 'no-task-table'
  | 'cpuset-oom'
  | 'mempolicy-oom'
  | 'panic-on-oom'
  | 'no-killable-process';

/** One parsed OOM report. The JSON output (report-json.ts) is a projection of this. */
export interface OomReport {
  scope: OomScope;
  manual: boolean;
  memcg: string | null;
  taskMemcg: string | null;
  constraint: string | null;
  /** From the 5.0+ `oom-kill:` line: the allocating task's cpuset name and nodes, the mempolicy nodemask. */
  cpuset: string | null;
  memsAllowed: string | null;
  nodemask: string | null;
  /** Wall clock if the transport printed one, else seconds since boot (`455.498827`), else null. */
  timestamp: string | null;
  uptimeSeconds: number | null;
  /**
   * When it happened, on the wall clock: ISO 8601 with the local offset (`2026-11-28T07:15:58.389+01:00`),
   * from the log's own stamp, else from the kernel's seconds on this boot's clock (time/wall-time.ts); null
   * when neither is known (a dmesg file from another boot or machine).
   */
  wallTime: string | null;
  /** The wall time is a guess in part: a stamp without year or zone, dmesg -T's, or a suspend since boot. */
  wallTimeApproximate: boolean;
  wallTimeSource: WallTimeSource | null;
  kmsgSeq: number | null;
  kernelRelease: string | null;
  trigger: OomTrigger;
  victims: OomVictim[];
  tasks: OomTask[];
  /** True when a task-table header was seen (a table may legitimately be empty). */
  taskTableSeen: boolean;
  /** Rows dropped because the report exceeded the per-report cap (bounded memory on huge tables). */
  tasksOmitted: number;
  memory: OomMemoryState;
  /** memory.oom.group was set: several victims were killed together. */
  groupKill: boolean;
  /** No trigger header: the kernel rate-limited the report and printed only the verdict. */
  headerMissing: boolean;
  /** `Out of memory and no killable processes` / panic: the kernel dumped a header but killed nobody. */
  noKillableProcess: boolean;
  outcome: OomOutcome;
  /** Set when outcome is 'panic'. */
  panicCause: OomPanicCause | null;
  /** The report's own lines, re-stamped dmesg-style (`[  455.498827] text`), capped; what the incident store saves. */
  rawLines: string[];
  findings: Finding[];
}
