// What the OOM panel and the incident files hold: kills seen this session, each joined with what oomlens
// saw of the victim before. Types only, so the snapshot can carry them without importing the tracker.
import type { LoggedKill } from '../../killers/index.js';
import type { KillerLogStatus } from '../../oom/killer-log.js';
import type { Finding, OomReport } from '../../oom/types.js';
import type { VictimPoint } from '../recording/victim-point.js';

export interface VictimBefore {
  pid: number;
  name: string;
  /** 1-based kill-order rank in oomlens's last sample of it, and out of how many. */
  lastRank: number | null;
  rankedOf: number;
  /** RSS + swap at the start and end of the samples oomlens holds, and over how many seconds. */
  footprintFirstKb: number | null;
  footprintLastKb: number | null;
  windowSeconds: number;
  growthKbPerMin: number | null;
}

export interface Culprit {
  pid: number;
  name: string;
  growthKbPerMin: number;
  rssKb: number | null;
}

/**
 * How oomlens knows of a kill: it watched it happen ('live'), found it in this boot's kernel log at start
 * ('before-start'), or in an incident file an earlier run saved ('saved'). Only a live kill has oomlens's
 * own samples of its victim before it, unless the earlier run that saved it had them.
 */
export type IncidentOrigin = 'live' | 'before-start' | 'saved';

export interface Incident {
  /** 1-based, in time order (the session renumbers when an older one is found). */
  id: number;
  report: OomReport;
  /** Monotonic ms when oomlens read the report. */
  seenAtMs: number;
  origin: IncidentOrigin;
  /** The boot it happened in (/proc/sys/kernel/random/boot_id), when known. */
  bootId: string | null;
  victimsBefore: VictimBefore[];
  /** A process in the same OOM domain that grew faster than the victim and is still alive. */
  culprit: Culprit | null;
  /** The kernel's findings plus oomlens's own (culprit-not-victim). */
  findings: Array<Finding | { id: 'culprit-not-victim'; text: string }>;
  savedPath: string | null;
  saveError: string | null;
  /** `oomlens replay`: the run-up that `oomlens record` kept of this kill (its incident bundle). */
  recorded?: RecordedRunUp;
}

/**
 * What `oomlens record` kept of a kill's run-up in its incident bundle, as replay's OOM panel shows it:
 * the victims' samples before the kill and the top of the ranking at the last of them.
 */
export interface RecordedRunUp {
  /** `guessed`: no report or log named it; it vanished from the cgroup whose counter rose. */
  victims: { pid: number; name: string; guessed: boolean; series: VictimPoint[] }[];
  /** The first of the kill order at the last sample before the kill. */
  top: { pid: number; name: string; rssKb: number | null; rank: number | null }[];
  /** The bundle file, sanitised. */
  path: string;
}

/** A kill known only from the oom_kill counter's rise (no report was read): replay's, from its bundle. */
export interface CounterKill {
  wallMs: number;
  scope: 'global' | 'memcg' | null;
  /** The cgroup whose own counter rose, when one did. */
  cgroup: string | null;
  counterDelta: number;
  recorded: RecordedRunUp;
}

/** A userspace killer's kill; in replay with what `oomlens record` kept of it. */
export type SessionUserspaceKill = LoggedKill & { recorded?: RecordedRunUp };

/** When oomlens started: the kernel's clock (for this boot's own log) and the wall clock. */
export interface SessionStart {
  /** CLOCK_MONOTONIC seconds, which the kernel's printk stamps follow. */
  monotonicSeconds: number;
  wallMs: number;
}

export interface KernelLogStatus {
  /** Where reports come from (/dev/kmsg, journalctl …, a file); null when none is readable. */
  source: string | null;
  /** Why no report can be read, and how to fix it; null when a source works. */
  unavailable: string | null;
  lostRecords: number;
  error: string | null;
}

export interface OomSession {
  /** Every kill known, oldest first: this session's, this boot's before it, and saved ones. */
  incidents: Incident[];
  /** oom_kill counter rise since oomlens started; null on kernels without the counter. */
  killsSeen: number | null;
  reportsSeen: number;
  /** "3 kills, 1 report: the kernel rate-limited the rest", or null before any kill. */
  killsVsReports: string | null;
  log: KernelLogStatus;
  /** Kills by userspace killers (earlyoom, systemd-oomd, nohang, the kubelet) seen while oomlens ran. */
  userspace: UserspaceKills;
  /** `oomlens replay`: recorded kills that no report explains (the live screen counts those in killsSeen). */
  counterKills?: CounterKill[];
  /** Live: kills the counter saw that no report explains (yet); null when every rise has its report. */
  unreportedKill?: UnreportedKill | null;
}

/**
 * oom_kill rose and no report of this session explains the rise: the kernel counts a kill
 * (mm/oom_kill.c, __oom_kill_process(): count_vm_event(OOM_KILL)) just before it prints the "Killed
 * process" line that ends the report, so a tick can read the counter risen while the report is not whole
 * yet; a report that never comes (the ring buffer overwrote it, the log is not readable) leaves the rise
 * unexplained until a newer kill's report. Matched as the recorder matches them (kill-watch.ts).
 */
export interface UnreportedKill {
  /** Wall-clock ms of the sample that saw the (newest such) rise. */
  wallMs: number;
  /** Kills counted that no report explains. */
  kills: number;
  /** False while the report may still come (REPORT_WAIT_MS); true once it is overdue. */
  overdue: boolean;
}

export interface UserspaceKills {
  /** Oldest first. */
  kills: SessionUserspaceKill[];
  /** Their log; null when it is not followed (no userspace killer seen running, no --killer-log). */
  log: KillerLogStatus | null;
}
