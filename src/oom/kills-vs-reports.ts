// The one sentence about a whole log (or a session) that counts kills against the reports that explain
// them: "3 kills, 1 report: the kernel rate-limited the rest". Findings on one report are in findings.ts.
import { plural } from '../text/units.js';

/**
 * Kills against reports: the oom_kill counter (or the victims found) against the reports that carry a full
 * header. "3 kills, 1 report: the kernel rate-limited the rest".
 */
export function describeKillsVsReports(kills: number, reports: number, killsInReports = reports, killsInCutReports = 0): string {
  const counts = `${plural(kills, 'kill')}, ${plural(reports, 'report')}`;
  if (kills <= killsInReports) return `${counts}.`;
  // A log that begins in the middle of a report (the ring buffer wrapped, a paste cut short): its kill
  // is there, its start is not. That is not rate limiting.
  if (killsInCutReports > 0) {
    const cut = `${plural(killsInCutReports, 'kill')} in a report whose start the log no longer holds (it begins in the middle of one)`;
    return kills <= killsInReports + killsInCutReports ? `${counts}, and ${cut}.` : `${counts}, and ${cut}: the kernel rate-limited the rest.`;
  }
  if (reports === 0) return `${counts}: the kernel log holds no report for them (rate-limited, rotated or unreadable).`;
  return `${counts}: the kernel rate-limited the rest.`;
}
