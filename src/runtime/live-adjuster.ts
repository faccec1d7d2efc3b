// The steering writer over the real kernel and the adjustments log, for the interactive program.
import { homedir, userInfo } from 'node:os';
import type { AdjusterDeps } from '../model/steering/adjuster.js';
import { adjustmentLogPath, type Actor } from '../model/steering/adjustment-log.js';
import { AdjustmentSession } from '../model/steering/session.js';
import { appendAdjustmentLogLine, readHasCapSysResource } from '../procfs/pid/oom-score-adj-writer.js';
import { openProcessFiles } from '../procfs/pid/open-process-files.js';
import { LIVE_ROOTS, type Roots } from '../procfs/roots.js';

/** Who writes, for the log: this process's user, and SUDO_USER when sudo started it. */
export function currentActor(env: Readonly<Record<string, string | undefined>>): Actor {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    // A uid without a passwd entry (a container): the number is all there is.
    user = typeof process.getuid === 'function' ? `uid ${process.getuid()}` : '?';
  }
  return { user, sudoUser: env.SUDO_USER ? env.SUDO_USER : null };
}

/** The real kernel and log file, for the interactive program. */
export function liveAdjusterDeps(options: { readOnly: boolean; logPath: string | null; roots?: Roots }): AdjusterDeps {
  const { logPath } = options;
  return {
    // A reader of its own, not the sampler's: its listings would move the sampler's new-pid watch (new-pids.ts).
    files: openProcessFiles(options.roots ?? LIVE_ROOTS),
    readOnly: options.readOnly,
    appendLog: logPath === null ? null : (line) => appendAdjustmentLogLine(logPath, line),
    logPath,
    actor: currentActor(process.env),
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
