// The adjustments log: where it lives and what one line says. Pure; the append is
// procfs/oom-score-adj-writer.ts appendAdjustmentLogLine.
//
// A /proc write leaves no trace once the process is gone, and on a shared box the next admin wants to know
// why sshd sits at -1000. One line per change, greppable in any locale (ASCII "->", key=value):
//   2025-06-01T12:00:00.000Z set pid=1234 starttime=98765 name="mysqld" adj=0->-500
//   2025-06-01T12:00:07.000Z undo pid=1234 starttime=98765 name="mysqld" adj=-500->0 shared=1240,1241
import { join } from 'node:path';
import { sanitize } from '../../text/sanitize.js';
import { oomlensStateDir } from '../state-dir.js';

export interface LogEntry {
  at: Date;
  pid: number;
  starttime: number;
  name: string;
  oldValue: number | null;
  newValue: number;
  undo: boolean;
  /** Other processes whose value changed with it (they share the memory). */
  sharedPids?: readonly number[];
}

/** $XDG_STATE_HOME/oomlens/adjustments.log, else ~/.local/state/oomlens/adjustments.log. */
export function adjustmentLogPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  return join(oomlensStateDir(env, home), 'adjustments.log');
}

/**
 * One log line. The name is sanitised (no control character can split or forge a line) and then quoted as
 * JSON, so a name with spaces, quotes or "adj=" in it cannot be mistaken for another field.
 */
export function formatLogLine(entry: LogEntry): string {
  const fields = [
    entry.at.toISOString(),
    entry.undo ? 'undo' : 'set',
    `pid=${entry.pid}`,
    `starttime=${entry.starttime}`,
    `name=${JSON.stringify(sanitize(entry.name))}`,
    `adj=${entry.oldValue ?? '?'}->${entry.newValue}`,
  ];
  if (entry.sharedPids && entry.sharedPids.length > 0) fields.push(`shared=${entry.sharedPids.join(',')}`);
  return fields.join(' ');
}
