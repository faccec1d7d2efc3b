// `oomlens explain` with a recording: each report's victim is looked up among the incident bundles, and
// its samples before the kill become the report's `history` and a "before" line. A bundle matches a
// report when it names the same victim pid and, where both carry the kernel's timestamp (seconds since
// boot), within a few seconds of it. A report without one (a paste of journalctl's or syslog's wall-clock
// lines, another boot's log) is matched by wall time: within a minute when its stamp is exact; when it is
// approximate (dmesg -T counts from the boot time, off by any suspend) the victim's name must match too,
// and the nearest bundle in time wins. Pure.
import type { OomReport } from '../../oom/types.js';
import { formatKbInline } from '../../text/units.js';
import { BUNDLE_KIND, type IncidentBundle, type VictimPoint } from './bundle.js';

const STAMP_TOLERANCE_SECONDS = 5;
/** The bundle's kill time is when the recorder saw it: a sample interval or two after the log's stamp. */
const WALL_TOLERANCE_SECONDS = 60;

export function asIncidentBundle(value: unknown): IncidentBundle | null {
  if (typeof value !== 'object' || value === null) return null;
  const bundle = value as Partial<IncidentBundle>;
  const kill = bundle.kill as Partial<IncidentBundle['kill']> | null | undefined;
  // typeof null is 'object': a bundle whose kill is null (or not a kill) is not one, and must not stop replay.
  const killOk = typeof kill === 'object' && kill !== null && !Array.isArray(kill) && typeof kill.wallTime === 'string';
  return bundle.kind === BUNDLE_KIND && Array.isArray(bundle.victims) && killOk ? (bundle as IncidentBundle) : null;
}

/**
 * Which bundle recorded this report's kill: the one holding its first victim's pid, nearest in time (by
 * the kernel stamp on the same boot, else by wall time, else by name); -1 when none did.
 */
export function bundleIndexForReport(report: OomReport, bundles: readonly IncidentBundle[]): number {
  const victim = report.victims[0];
  if (victim === undefined) return -1;
  let best: { index: number; distance: number } | null = null;
  for (const [index, bundle] of bundles.entries()) {
    // A userspace killer's kill is not the kernel's, whatever the pid.
    if (bundle.kill.witness === 'killer-log') continue;
    const recorded = bundle.victims.find((v) => v.pid === victim.pid);
    if (recorded === undefined) continue;
    const stamp = bundle.kill.uptimeSeconds;
    const wallApart = Math.abs(Date.parse(bundle.kill.wallTime) - Date.parse(report.wallTime ?? '')) / 1000;
    let distance: number;
    if (stamp !== null && report.uptimeSeconds !== null) {
      distance = Math.abs(stamp - report.uptimeSeconds);
      if (distance > STAMP_TOLERANCE_SECONDS) continue;
    } else if (Number.isFinite(wallApart) && !report.wallTimeApproximate) {
      distance = wallApart;
      if (distance > WALL_TOLERANCE_SECONDS) continue;
    } else {
      if (recorded.name !== victim.name) continue;
      distance = Number.isFinite(wallApart) ? wallApart : Infinity;
    }
    if (best === null || distance < best.distance) best = { index, distance };
  }
  return best?.index ?? -1;
}

/** The victim's recorded samples before the kill, oldest first; empty when nothing was recorded. */
export function historyForReport(report: OomReport, bundles: readonly IncidentBundle[]): VictimPoint[] {
  const bundle = bundles[bundleIndexForReport(report, bundles)];
  const victim = report.victims[0];
  return bundle?.victims.find((v) => v.pid === victim?.pid)?.series ?? [];
}

function change(first: number | null, last: number | null, format: (n: number) => string): string {
  if (first === null || last === null) return '?';
  return first === last ? format(first) : `${format(first)} → ${format(last)}`;
}

/** "before    12 samples over 6 s (oomlens record): RSS 3M → 31M, score 671 → 688, rank 101 → 3". */
export function beforeLine(history: readonly VictimPoint[]): string {
  const first = history[0];
  const last = history.at(-1);
  if (first === undefined || last === undefined) return '  Before   nothing recorded (oomlens record was not running, or not this far back)';
  const seconds = Math.round((Date.parse(last.wallTime) - Date.parse(first.wallTime)) / 1000);
  const rss = change(first.rssKb, last.rssKb, formatKbInline);
  const swap = (last.swapKb ?? 0) > 0 || (first.swapKb ?? 0) > 0 ? `, swap ${change(first.swapKb, last.swapKb, formatKbInline)}` : '';
  const score = change(first.oomScore, last.oomScore, String);
  const rank = change(first.rank, last.rank, (n) => `#${n}`);
  const samples = history.length === 1 ? '1 sample' : `${history.length} samples over ${seconds} s`;
  return `  Before   ${samples} (oomlens record, last ${last.wallTime}): RSS ${rss}${swap}, score ${score}, rank ${rank}`;
}
