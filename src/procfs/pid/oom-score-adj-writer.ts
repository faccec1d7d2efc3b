// The thin I/O under the oom_score_adj write path (model/adjuster.ts holds the logic): the reads that
// guard a write, the write itself, and the append to the adjustments log.
//
// The write is split into open → (caller re-checks the process) → write. A /proc/PID file, once open,
// stays bound to the process it was opened for: if that process exits, the write fails with ESRCH, and a
// new process that reuses the pid is never reached through the old descriptor. So a starttime check made
// AFTER the open and BEFORE the write closes the pid-reuse race completely.
import { appendFileSync, closeSync, constants, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { listPids } from './process-files.js';
import { parseIntFile } from './oom.js';
import { parseStat, type PidStat } from './stat.js';
import { isDenied, isGone, readTextIfAllowed } from '../read.js';
import type { Roots } from '../roots.js';

/** An open /proc/PID/oom_score_adj, ready for one write. */
export interface AdjWriteHandle {
  /** Writes the decimal value in one write(2). Throws the kernel's error (ESRCH, EACCES, EINVAL, …). */
  write(value: number): void;
  close(): void;
}

/** What the write path needs from the kernel. Injected so the logic is tested without root. */
export interface OomAdjFiles {
  /** Thread-group ids in the proc root (threads are not listed, as in `ls /proc`). */
  listPids(): number[];
  stat(pid: number): PidStat | null;
  oomScoreAdj(pid: number): number | null;
  oomScore(pid: number): number | null;
  /** Owner uid of /proc/PID: who may open its files for writing (root if the process is not dumpable). */
  ownerUid(pid: number): number | null;
  /** Opens /proc/PID/oom_score_adj for writing. Throws the kernel's error (ENOENT, EACCES, EROFS, …). */
  openAdj(pid: number): AdjWriteHandle;
}

function openForWrite(path: string): AdjWriteHandle {
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

export function procfsOomAdjFiles(roots: Roots): OomAdjFiles {
  const file = (pid: number, name: string) => join(roots.proc, String(pid), name);
  const number = (pid: number, name: string) => {
    const text = readTextIfAllowed(file(pid, name));
    return text === null ? null : parseIntFile(text);
  };
  return {
    listPids: () => listPids(roots.proc),
    stat: (pid) => {
      const text = readTextIfAllowed(file(pid, 'stat'));
      return text === null ? null : parseStat(text);
    },
    oomScoreAdj: (pid) => number(pid, 'oom_score_adj'),
    oomScore: (pid) => number(pid, 'oom_score'),
    ownerUid: (pid) => {
      try {
        return statSync(join(roots.proc, String(pid))).uid;
      } catch (error) {
        if (isGone(error) || isDenied(error)) return null;
        throw error;
      }
    },
    openAdj: (pid) => openForWrite(file(pid, 'oom_score_adj')),
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
