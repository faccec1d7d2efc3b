// Per-process readers for the live /proc, built for the every-tick cost:
//  - oom_score, the one file every process is read for on every tick, is opened once and re-read with
//    pread(fd, buf, 0) into one reused Buffer: about a third of the cost of open+read+close. Such a
//    descriptor stays bound to the process it was opened for (the inode holds its struct pid): once that
//    process has exited the read fails with ESRCH, even when the pid already names another process, so
//    a reused pid can never inherit a score and stat need not be re-read every tick;
//  - oom_score_adj is kept open too while the budget allows (it pins no kernel buffer); everything else
//    is read by path (by-path-files.ts), whole, into the same Buffer: no allocation (whole-file-reader.ts);
//  - the kept-open descriptors stay within the open-file limit with room to spare; past it (or on
//    EMFILE) a process is read by path and checked by stat's starttime instead (bound-descriptors.ts);
//  - the pids created since the last readdir are known from /proc/loadavg (see new-pids.ts): probing them
//    replaces the readdir, and exits show up in the bound reads.
import { readSync } from 'node:fs';
import { BoundDescriptors, keepOpenBudget, openDescriptorCount, SHED_ON_EMFILE } from './bound-descriptors.js';
import { byPathProcessFiles, pidFilePath, statThenScore } from './by-path-files.js';
import { NewPidWatch } from './new-pids.js';
import { parseIntBytes } from './oom.js';
import { GONE, type Gone, type ProcessFiles, type StatAndScore } from './process-files.js';
import { WholeFileReader } from './whole-file-reader.js';
import { isGone } from '../read.js';
import type { Roots } from '../roots.js';

export interface KeptOpenProcessFiles extends ProcessFiles {
  /** Descriptors held open right now. */
  readonly keptOpen: number;
}

export function keptOpenProcessFiles(roots: Roots, budget: number = keepOpenBudget()): KeptOpenProcessFiles {
  const bound = new BoundDescriptors(budget - openDescriptorCount());
  // Out of descriptors (other code opened many since): give back a share of the kept ones, then retry.
  const reader = new WholeFileReader(() => bound.shed(SHED_ON_EMFILE));
  const byPath = byPathProcessFiles(roots, reader);
  const { stat } = byPath;
  const path = pidFilePath(roots.proc);
  /** One pread of a bound descriptor: the integer, or GONE when its process has exited. */
  const readBound = (pid: number, fd: number): number | null | Gone => {
    try {
      return parseIntBytes(reader.buffer, readSync(fd, reader.buffer, 0, 32, 0));
    } catch (error) {
      if (!isGone(error)) throw error;
      bound.drop(pid);
      return GONE;
    }
  };

  const scoreOf = (pid: number, starttime: number): number | null | Gone => {
    let fd = bound.score(pid);
    if (fd === undefined) {
      const opened = bound.open(pid, 'score', path(pid, 'oom_score'));
      if (opened === GONE) return GONE;
      if (opened === undefined) return byPath.scoreOf(pid, starttime); // checked by starttime
      // Opened after the caller's stat: make sure it is that process we are bound to.
      if (stat(pid)?.starttime !== starttime) {
        bound.drop(pid);
        return GONE;
      }
      fd = opened;
    }
    return readBound(pid, fd);
  };

  // A pid not tracked yet: oom_score is bound first and stat read after it, so while the bound read
  // succeeds the stat is that same process's (a live process's pid names no other). One stat read
  // where stat + scoreOf take two: at 10,000 new processes (start-up) that is ~190 ms.
  const statAndScore = (pid: number): StatAndScore | null => {
    if (bound.score(pid) !== undefined) return statThenScore({ stat, scoreOf }, pid);
    const opened = bound.open(pid, 'score', path(pid, 'oom_score'));
    if (opened === GONE) return null;
    if (opened === undefined) return byPath.statAndScore(pid); // checked by starttime
    const read = stat(pid);
    const score = read === null ? GONE : readBound(pid, opened);
    if (read === null || score === GONE) {
      bound.drop(pid);
      return null;
    }
    return { stat: read, score };
  };

  const oomScoreAdj = (pid: number): number | null => {
    let fd = bound.adj(pid);
    const scoreFd = bound.score(pid);
    if (fd === undefined && scoreFd !== undefined) {
      const opened = bound.open(pid, 'adj', path(pid, 'oom_score_adj'));
      if (opened === GONE) return null;
      // Bound to the score's process if that process was still there after the open.
      if (opened !== undefined && readBound(pid, scoreFd) === GONE) return null;
      fd = opened;
    }
    if (fd === undefined) return byPath.oomScoreAdj(pid);
    const value = readBound(pid, fd);
    return value === GONE ? null : value;
  };

  const newPids = new NewPidWatch(roots);
  return {
    ...byPath,
    listPids: () => {
      newPids.listed();
      return byPath.listPids();
    },
    pidsCreatedSinceListing: (maxProbes) => newPids.candidates(maxProbes),
    oomScoreAdj,
    scoreOf,
    statAndScore,
    release: (pid) => bound.drop(pid),
    get keptOpen() {
      return bound.count;
    },
    close: () => bound.dropAll(),
  };
}
