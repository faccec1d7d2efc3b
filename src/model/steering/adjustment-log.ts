// The adjustments log: where it lives and what one line says. Pure; the append is
// procfs/oom-score-adj-writer.ts appendAdjustmentLogLine.
//
// A /proc write leaves no trace once the process is gone, and on a shared box the next admin wants to know
// why sshd sits at -1000, and who tried what. One line per change or refused attempt, greppable in any
// locale (ASCII "->", key=value), with who made it (the user, and the one sudo ran for):
//   2025-06-01T12:00:00.000Z set pid=1234 starttime=98765 name="mysqld" adj=0->-500 by="root" sudo_user="ann"
//   2025-06-01T12:00:07.000Z undo pid=1234 starttime=98765 name="mysqld" adj=-500->0 shared=1240,1241 by="root"
//   2025-06-01T12:00:09.000Z refused-set pid=1 starttime=2 name="sshd" adj=0->-1000 by="bob" reason="cannot lower …"
import { join } from 'node:path';
import { sanitize } from '../../text/sanitize.js';
import { oomlensStateDir } from '../state-dir.js';

/** Who writes: the user oomlens runs as, and SUDO_USER when sudo started it. */
export interface Actor {
  user: string;
  sudoUser: string | null;
}

export interface LogEntry {
  at: Date;
  pid: number;
  starttime: number;
  name: string;
  oldValue: number | null;
  /** The value written, or asked for when `refused`. */
  newValue: number;
  undo: boolean;
  /** Other processes whose value changed with it (they share the memory). */
  sharedPids?: readonly number[];
  by?: Actor | null;
  /** Why the write did not happen: the line records an attempt. */
  refused?: string | null;
}

function quoted(text: string): string {
  return JSON.stringify(sanitize(text));
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
  const verb = entry.undo ? 'undo' : 'set';
  const fields = [
    entry.at.toISOString(),
    entry.refused ? `refused-${verb}` : verb,
    `pid=${entry.pid}`,
    `starttime=${entry.starttime}`,
    `name=${quoted(entry.name)}`,
    `adj=${entry.oldValue ?? '?'}->${entry.newValue}`,
  ];
  if (entry.sharedPids && entry.sharedPids.length > 0) fields.push(`shared=${entry.sharedPids.join(',')}`);
  if (entry.by) fields.push(`by=${quoted(entry.by.user)}`);
  if (entry.by?.sudoUser) fields.push(`sudo_user=${quoted(entry.by.sudoUser)}`);
  if (entry.refused) fields.push(`reason=${quoted(entry.refused)}`);
  return fields.join(' ');
}
