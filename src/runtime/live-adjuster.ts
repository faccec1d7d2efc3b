// The steering writer over the real kernel and the adjustments log, for the interactive program.
import { homedir } from 'node:os';
import type { AdjusterDeps } from '../model/steering/adjuster.js';
import { adjustmentLogPath } from '../model/steering/adjustment-log.js';
import { AdjustmentSession } from '../model/steering/session.js';
import { appendAdjustmentLogLine, readHasCapSysResource } from '../procfs/pid/oom-score-adj-writer.js';
import { openProcessFiles } from '../procfs/pid/open-process-files.js';
import { LIVE_ROOTS, type Roots } from '../procfs/roots.js';

/** The real kernel and log file, for the interactive program. */
export function liveAdjusterDeps(options: { readOnly: boolean; logPath: string | null; roots?: Roots }): AdjusterDeps {
  const { logPath } = options;
  return {
    // A reader of its own, not the sampler's: its listings would move the sampler's new-pid watch (new-pids.ts).
    files: openProcessFiles(options.roots ?? LIVE_ROOTS),
    readOnly: options.readOnly,
    appendLog: logPath === null ? null : (line) => appendAdjustmentLogLine(logPath, line),
    now: () => new Date(),
    myUid: typeof process.getuid === 'function' ? process.getuid() : null,
    hasCapSysResource: readHasCapSysResource(),
  };
}

/** The steering keys' writer. A captured tree (--root) is never written to: it is read-only like --read-only. */
export function createLiveAdjuster(options: { readOnly: boolean; roots: Roots; captured: boolean }): AdjustmentSession {
  const readOnly = options.readOnly || options.captured;
  return new AdjustmentSession(liveAdjusterDeps({ readOnly, logPath: adjustmentLogPath(process.env, homedir()), roots: options.roots }));
}
