// nohang logs a corrective action over several lines (src/nohang, hakavlad/nohang 1d49838; the journal
// gets one entry per line, a --separate-log file one per message with continuation lines):
//   "Memory status that requires corrective actions:"             check_mem_swap_ex() and the PSI/zram checks
//   "  MemAvailable [383 MiB, 5.0 %] <= soft_threshold_min_mem [384 MiB, 5.0 %]"
//   "  SwapFree [104 MiB, 5.1 %] <= soft_threshold_min_swap [205 MiB, 10.0 %]"
//   "  PID: 903309, name: mysqld, badness: 849"                   fast_find_victim() ("Name:" in find_victim())
//   "  PID:       1234, name: foo, state: R, EUID: 0, ..."          find_victim_info(), "Victim status"
//   "Implementing a corrective action:"
//   "  Sending SIGTERM to the victim"                              implement_corrective_action()
// Older nohang (2019, issue #20) wrote "Implement a corrective action:" / "  Send SIGTERM to the victim;
// total response time: 13246 ms". With @SOFT_ACTION_RE_* it runs a command instead: "  Executing the
// command: kill -USR1 1234" (older "  Run the command: ..."). The statistics block repeats
// "[ OK ] Sending SIGTERM to mysqld: 1" after every action: a count, not a new kill.
import { sanitize } from '../../text/sanitize.js';
import type { KillerKill, KillSignal } from '../types.js';

export type NohangLine =
  | { kind: 'victim'; pid: number; name: string }
  | { kind: 'reason'; text: string }
  | { kind: 'signal'; signal: KillSignal | null; text: string }
  | { kind: 'command'; command: string };

// Not anchored: a journal or syslog line puts "… nohang[530]: " before the message.
const VICTIM = /PID:\s+(\d+), [Nn]ame: (.*?), (?:badness|state): /;
const THRESHOLD = /((?:MemAvailable|SwapFree|MemUsedZram) \[.*\] (?:<=|>=) \w+_threshold_\w+ \[.*\])\s*$/;
const PSI = /(Current PSI metric value \(.*\) >= \w+_threshold_max_psi \(.*\))\s*$/;
const SIGNAL = /(?:Sending|Send) (SIG[A-Z]+) to the victim/;
const COMMAND = /(?:Executing the command|Run the command): (.*)$/;

/** One line of nohang's log → what it says; null for the rest. */
export function classifyNohangLine(line: string): NohangLine | null {
  const victim = VICTIM.exec(line);
  if (victim !== null) return { kind: 'victim', pid: Number(victim[1]), name: sanitize(victim[2]!) };
  const threshold = THRESHOLD.exec(line) ?? PSI.exec(line);
  if (threshold !== null) return { kind: 'reason', text: sanitize(threshold[1]!) };
  const signal = SIGNAL.exec(line);
  if (signal !== null) {
    const name = signal[1]!;
    return { kind: 'signal', signal: name === 'SIGTERM' || name === 'SIGKILL' ? name : null, text: name };
  }
  const command = COMMAND.exec(line);
  return command === null ? null : { kind: 'command', command: sanitize(command[1]!) };
}

/** A nohang kill from one line alone: the signal line, without the victim and reason lines before it. */
export function nohangKillFromLine(line: string): KillerKill | null {
  const classified = classifyNohangLine(line);
  if (classified?.kind !== 'signal') return null;
  return { killer: 'nohang', pid: null, name: null, cgroup: null, signal: classified.signal, reason: NOHANG_REASON };
}

/** The reason when the "Memory status that requires corrective actions" lines were not seen. */
export const NOHANG_REASON = "MemAvailable and SwapFree at or below nohang's thresholds";
