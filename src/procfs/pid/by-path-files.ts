// Per-process reads by path: each file opened, read whole into one reused Buffer, and closed, every
// time. This suits any tree (a capture, a fixture); a reused pid is told by stat's starttime. The live
// /proc binds its hot reads to processes on top of these (kept-open-files.ts).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseCgroupFile } from './cgroup.js';
import { parseCmdline } from './cmdline.js';
import { parseIntBytes } from './oom.js';
import { openAdjForWrite } from './oom-score-adj-writer.js';
import { GONE, listPids, type Gone, type ProcessFiles, type StatAndScore } from './process-files.js';
import { parseStat, type PidStat } from './stat.js';
import type { PidStatus } from './status.js';
import { parseStatusBytes } from './status-fast.js';
import { WholeFileReader } from './whole-file-reader.js';
import { isDenied, isGone } from '../read.js';
import type { Roots } from '../roots.js';

/** The path of a per-process file: a plain concatenation (path.join's normalising was a tenth of what a tick allocated). */
export function pidFilePath(procRoot: string): (pid: number, name: string) => string {
  const procDir = procRoot.endsWith('/') ? procRoot : `${procRoot}/`;
  return (pid, name) => `${procDir}${pid}/${name}`;
}

/** scoreOf for reads that are not bound to a process: stat's starttime tells a reused pid. */
function scoreByStat(files: Pick<ProcessFiles, 'stat' | 'oomScore'>, pid: number, starttime: number): number | null | Gone {
  const stat = files.stat(pid);
  if (stat === null || stat.starttime !== starttime) return GONE;
  return files.oomScore(pid);
}

/** statAndScore as two reads: stat, then the score of the process with that starttime. */
export function statThenScore(files: Pick<ProcessFiles, 'stat' | 'scoreOf'>, pid: number): StatAndScore | null {
  const stat = files.stat(pid);
  if (stat === null) return null;
  const score = files.scoreOf(pid, stat.starttime);
  return score === GONE ? null : { stat, score };
}

/** `reader`: shared with the caller's own reads (one Buffer for all). */
export function byPathProcessFiles(roots: Roots, reader: WholeFileReader = new WholeFileReader()): ProcessFiles {
  const path = pidFilePath(roots.proc);
  const intFile = (file: string): number | null => {
    const length = reader.read(file);
    return length === null ? null : parseIntBytes(reader.buffer, length);
  };
  const stat = (pid: number): PidStat | null => {
    const content = reader.text(path(pid, 'stat'));
    return content === null ? null : parseStat(content);
  };
  const files: ProcessFiles = {
    listPids: () => listPids(roots.proc),
    pidsCreatedSinceListing: () => null,
    stat,
    status: (pid): PidStatus | null => {
      const length = reader.read(path(pid, 'status'));
      return length === null ? null : parseStatusBytes(reader.buffer, length);
    },
    oomScore: (pid) => intFile(path(pid, 'oom_score')),
    oomScoreAdj: (pid) => intFile(path(pid, 'oom_score_adj')),
    cgroup: (pid) => {
      const content = reader.text(path(pid, 'cgroup'));
      return content === null ? null : parseCgroupFile(content);
    },
    cmdline: (pid) => {
      const length = reader.read(path(pid, 'cmdline'));
      return length === null ? null : parseCmdline(reader.buffer.subarray(0, length));
    },
    scoreOf: (pid, starttime) => scoreByStat(files, pid, starttime),
    statAndScore: (pid) => statThenScore(files, pid),
    ownerUid: (pid) => {
      try {
        return statSync(join(roots.proc, String(pid))).uid;
      } catch (error) {
        if (isGone(error) || isDenied(error)) return null;
        throw error;
      }
    },
    openAdj: (pid) => openAdjForWrite(path(pid, 'oom_score_adj')),
    release: () => {},
    close: () => {},
  };
  return files;
}
