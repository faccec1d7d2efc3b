// What the OOM panel and the incident files hold: kills seen this session, each joined with what oomlens
// saw of the victim before. Types only, so the snapshot can carry them without importing the tracker.
import type { Finding, OomReport } from '../../oom/types.js';

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

export interface Incident {
  /** 1-based, in the order seen. */
  id: number;
  report: OomReport;
  /** Monotonic ms when oomlens read the report. */
  seenAtMs: number;
  victimsBefore: VictimBefore[];
  /** A process in the same OOM domain that grew faster than the victim and is still alive. */
  culprit: Culprit | null;
  /** The kernel's findings plus oomlens's own (culprit-not-victim). */
  findings: Array<Finding | { id: 'culprit-not-victim'; text: string }>;
  savedPath: string | null;
  saveError: string | null;
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
  incidents: Incident[];
  /** oom_kill counter rise since oomlens started; null on kernels without the counter. */
  killsSeen: number | null;
  reportsSeen: number;
  /** "3 kills, 1 report: the kernel rate-limited the rest", or null before any kill. */
  killsVsReports: string | null;
  log: KernelLogStatus;
}
