// systemd-oomd's kill lines (log_notice in src/oom/oomd-manager.c):
//   "Killed %s due to swap used (%lu) / total (%lu) being more than %i.%02i%%"
//        up to 250 (PR #22965, in 251, added the memory half below);
//   "Killed %s due to memory used (%lu) / total (%lu) and swap used (%lu) / total (%lu) being more than %i.%02i%%"
//   "Killed %s due to memory pressure for %s being %lu.%02lu%% > %lu.%02lu%% for > %s with reclaim activity"
//        both in Debian bookworm's systemd-oomd 252.39 binary (`strings`), the latter also in PR #20690's
//        2021 log;
//   "Marked %s for killing due to ..." the same two reasons in current master (00a99cb), where the kill
//        follows the prekill hooks; seen in PR #42321's 2026 CI log.
// Not kills: "oomd dry-run: Would have tried to kill %s ..." and the "Memory pressure for %s is ..." debug
// line. The service manager (PID 1, or the user's for user units) adds its own line per unit,
// "<unit>: systemd-oomd killed 3 process(es) in this unit." ("some" when it has no count), before or
// after systemd-oomd's; it names the unit when systemd-oomd's own line is filtered out.
import { sanitize } from '../../text/sanitize.js';
import type { KillerKill } from '../types.js';

export type OomdLine = { kind: 'kill'; kill: KillerKill } | { kind: 'unit'; unit: string; processes: number | null };

const SUBJECT = /(?:Killed (\S+)|Marked (\S+) for killing) due to /;
const PRESSURE = /memory pressure for (\S+) being ([\d.]+)% > ([\d.]+)% for > (.+?) with reclaim activity/;
const MEMORY_AND_SWAP = /memory used \((\d+)\) \/ total \((\d+)\) and swap used \((\d+)\) \/ total \((\d+)\) being more than ([\d.]+)%/;
const SWAP_ONLY = /swap used \((\d+)\) \/ total \((\d+)\) being more than ([\d.]+)%/;
const UNIT_KILLED = /(\S+): systemd-oomd killed (\d+|some) process\(es\) in this unit/;

function share(used: string, total: string): string {
  const totalBytes = Number(total);
  return totalBytes > 0 ? `${((Number(used) / totalBytes) * 100).toFixed(2)}%` : 'n/a';
}

function reasonOf(rest: string): string | null {
  const pressure = PRESSURE.exec(rest);
  if (pressure !== null) {
    return `memory pressure (full avg10) of ${sanitize(pressure[1]!)} ${pressure[2]}% > ${pressure[3]}% for > ${pressure[4]} with reclaim activity`;
  }
  const both = MEMORY_AND_SWAP.exec(rest);
  if (both !== null) {
    return `memory used ${share(both[1]!, both[2]!)} and swap used ${share(both[3]!, both[4]!)} both more than ${both[5]}% (SwapUsedLimit)`;
  }
  const swap = SWAP_ONLY.exec(rest);
  if (swap !== null) return `swap used ${share(swap[1]!, swap[2]!)} more than ${swap[3]}% (SwapUsedLimit)`;
  return null;
}

/** One systemd-oomd (or PID 1) log line → what it says; null for anything else. */
export function classifyOomdLine(line: string): OomdLine | null {
  const subject = SUBJECT.exec(line);
  if (subject !== null) {
    // journalctl cuts long lines at the terminal width ("... be>"): the kill stands, its reason is lost.
    const reason = reasonOf(line.slice(subject.index + subject[0].length)) ?? 'systemd-oomd kill (its reason is cut off in this line)';
    const cgroup = sanitize(subject[1] ?? subject[2]!);
    return { kind: 'kill', kill: { killer: 'systemd-oomd', pid: null, name: cgroup.slice(cgroup.lastIndexOf('/') + 1), cgroup, signal: 'SIGKILL', reason } };
  }
  const unit = UNIT_KILLED.exec(line);
  if (unit !== null) return { kind: 'unit', unit: sanitize(unit[1]!), processes: unit[2] === 'some' ? null : Number(unit[2]) };
  return null;
}

/**
 * Whose rule fired: a memory-pressure kill is a cgroup's own (ManagedOOMMemoryPressure= on its slice),
 * like a memcg OOM; every other userspace kill acts on the box's memory or swap. For metrics and bundles.
 */
export function userspaceKillScope(kill: KillerKill): 'global' | 'memcg' {
  return kill.killer === 'systemd-oomd' && kill.reason.startsWith('memory pressure (full avg10)') ? 'memcg' : 'global';
}

/** The kill a service manager's per-unit line reports (name: the unit; its cgroup path is not in it). */
export function unitLineKill(unit: string, processes: number | null): KillerKill {
  const count = processes === null ? 'some' : String(processes);
  return { killer: 'systemd-oomd', pid: null, name: unit, cgroup: null, signal: 'SIGKILL', reason: `systemd-oomd killed ${count} process(es) in this unit` };
}

/** A systemd-oomd kill from one line; the service manager's per-unit line counts too. */
export function oomdKillFromLine(line: string): KillerKill | null {
  const classified = classifyOomdLine(line);
  if (classified === null) return null;
  return classified.kind === 'kill' ? classified.kill : unitLineKill(classified.unit, classified.processes);
}
