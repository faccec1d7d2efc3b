// earlyoom's log lines (stderr, so the journal; or syslog with --syslog), every kill format since v1.2
// (v1.0's "Killing process %d %s" is too generic to tell from other programs' lines, and is from 2017)
// (rfjakob/earlyoom kill.c kill_process() and main.c poll_loop(), by tag):
//   v1.2      "Killing process '%s' with signal %d, pid: %d, badness: %d, VmRSS: %lu MiB"
//   (2019 master, between v1.2 and v1.3) "killing process %d \"%s\" with signal %d: badness %d, VmRSS %lu MiB"
//   v1.3      "sending %s to process %d \"%s\": badness %d, VmRSS %lu MiB"
//   v1.4–1.7  "sending %s to process %d uid %d \"%s\": badness %d, VmRSS %lld MiB"
//   v1.8      "sending %s to process %d uid %d \"%s\": oom_score %d, VmRSS %lld MiB, cmdline \"%s\""
//   v1.9+     "sending %s to process %d uid %d \"%s\": oom_score %d, oom_score_adj %d, VmRSS %lld MiB, cmdline \"%s\""
// "sending 0 (no-op signal) ..." is the start-up self-test (printed with -d), not a kill. The line before a
// kill says why: "low memory! at or below SIGTERM limits: mem %5.2lf%%, swap %5.2lf%%" (main.c; "mem 10 %"
// before v1.6, "Low Memory! At or below sigterm limits (mem: 10 %, swap: 10 %)" in v1.2); in
// --dryrun the kill line is followed by "dryrun, not actually sending any signal" (kill_wait()).
import { sanitize } from '../../text/sanitize.js';
import type { KillerKill, KillSignal } from '../types.js';

export type EarlyoomLine =
  | { kind: 'kill'; kill: KillerKill }
  | { kind: 'limits'; signal: KillSignal; memPercent: number; swapPercent: number }
  | { kind: 'dryrun' };

// The comm is quoted as is, and may hold a '"': the name runs to the last `": ` before the figures.
const SENDING = /sending (SIGTERM|SIGKILL|0 \(no-op signal\)) to process (\d+)(?: uid -?\d+)? "(.*)": (?:badness|oom_score) -?\d+/;
const KILLING_V12 = /Killing process '(.*)' with signal (\d+), pid: (\d+), badness: -?\d+/;
const KILLING_2019 = /killing process (\d+) "(.*)" with signal (\d+): badness -?\d+/;
const LIMITS = /low memory! at or below (SIGTERM|SIGKILL) limits: mem\s+([\d.]+)\s*%, swap\s+([\d.]+)\s*%/;
const LIMITS_V12 = /Low Memory! At or below (sigterm|sigkill) limits \(mem: ([\d.]+) %, swap: ([\d.]+) %\)/;
const DRYRUN = /dryrun, not actually sending any signal/;

/** The reason earlyoom acts, in words; with the limits when the "low memory!" line gave them. */
export function earlyoomReason(signal: KillSignal | null, limits: { memPercent: number; swapPercent: number } | null): string {
  const which = signal === null ? 'limits' : `${signal} limits`;
  if (limits === null) return `mem avail and swap free at or below earlyoom's ${which}`;
  return `mem avail ≤ ${limits.memPercent.toFixed(2)}% and swap free ≤ ${limits.swapPercent.toFixed(2)}% (earlyoom's ${which})`;
}

function signalNamed(number: string): KillSignal | null {
  return number === '9' ? 'SIGKILL' : number === '15' ? 'SIGTERM' : null;
}

function kill(pid: number, name: string, signal: KillSignal | null): KillerKill {
  return { killer: 'earlyoom', pid, name: sanitize(name), cgroup: null, signal, reason: earlyoomReason(signal, null) };
}

/** One earlyoom log line (a journal or syslog message) → what it says; null for anything else. */
export function classifyEarlyoomLine(line: string): EarlyoomLine | null {
  const sending = SENDING.exec(line);
  if (sending !== null) {
    if (sending[1]!.startsWith('0')) return null;
    return { kind: 'kill', kill: kill(Number(sending[2]), sending[3]!, sending[1] as KillSignal) };
  }
  const limits = LIMITS.exec(line) ?? LIMITS_V12.exec(line);
  if (limits !== null) return { kind: 'limits', signal: limits[1]!.toUpperCase() as KillSignal, memPercent: Number(limits[2]), swapPercent: Number(limits[3]) };
  if (DRYRUN.test(line)) return { kind: 'dryrun' };
  const v12 = KILLING_V12.exec(line);
  if (v12 !== null) return { kind: 'kill', kill: kill(Number(v12[3]), v12[1]!, signalNamed(v12[2]!)) };
  const v2019 = KILLING_2019.exec(line);
  if (v2019 !== null) return { kind: 'kill', kill: kill(Number(v2019[1]), v2019[2]!, signalNamed(v2019[3]!)) };
  return null;
}

/** An earlyoom kill from one line, without the context of the lines around it; null if it is not one. */
export function earlyoomKillFromLine(line: string): KillerKill | null {
  const classified = classifyEarlyoomLine(line);
  return classified?.kind === 'kill' ? classified.kill : null;
}
