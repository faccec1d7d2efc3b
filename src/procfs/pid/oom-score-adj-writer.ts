// The thin I/O under the oom_score_adj write path (model/steering/adjuster.ts holds the logic): the write
// itself, behind ProcessFiles.openAdj (the reads that guard it are ProcessFiles' too), whether this program
// may lower a value, and the append to the adjustments log.
//
// The write is split into open → (caller re-checks the process) → write. A /proc/PID file, once open,
// stays bound to the process it was opened for: if that process exits, the write fails with ESRCH, and a
// new process that reuses the pid is never reached through the old descriptor. So a starttime check made
// AFTER the open and BEFORE the write closes the pid-reuse race completely.
import { appendFileSync, closeSync, constants, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AdjWriteHandle } from './process-files.js';
import { readTextIfAllowed } from '../read.js';

/** Opens an oom_score_adj file for writing (ProcessFiles.openAdj). Throws the kernel's error. */
export function openAdjForWrite(path: string): AdjWriteHandle {
  // O_WRONLY alone: no O_CREAT (a captured tree never grows files), no O_TRUNC (procfs ignores it anyway).
  const fd = openSync(path, constants.O_WRONLY);
  return {
    write: (value) => {
      const bytes = Buffer.from(`${value}\n`, 'ascii');
      writeSync(fd, bytes, 0, bytes.length, null);
    },
    close: () => closeSync(fd),
  };
}

/** CAP_SYS_RESOURCE in include/uapi/linux/capability.h. */
const CAP_SYS_RESOURCE = 24n;

/**
 * Whether a CapEff line ("CapEff:\t000001fffeffffff") grants CAP_SYS_RESOURCE; null if there is none. Root in
 * a container often lacks it, and then root too is refused a value below a process's floor.
 */
export function parseHasCapSysResource(statusText: string): boolean | null {
  const match = /^CapEff:\s*([0-9a-fA-F]+)\s*$/m.exec(statusText);
  if (!match) return null;
  return ((BigInt(`0x${match[1]}`) >> CAP_SYS_RESOURCE) & 1n) === 1n;
}

/** For this program itself, so always the live /proc/self, whatever --root says. */
export function readHasCapSysResource(): boolean | null {
  const text = readTextIfAllowed('/proc/self/status');
  return text === null ? null : parseHasCapSysResource(text);
}

/**
 * Appends one line to the adjustments log, creating its directory (0700: the log says what an admin did)
 * and the file (0600) as needed. Throws on failure; the caller reports it.
 */
export function appendAdjustmentLogLine(path: string, line: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  appendFileSync(path, `${line}\n`, { encoding: 'utf8', mode: 0o600 });
}
