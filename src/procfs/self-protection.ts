// oomlens's own oom_score_adj. A monitor of 50-70 MB on a box that is running out of memory should not
// be the one the kernel picks before the workload, so, where the kernel allows it, oomlens lowers its own
// oom_score_adj a little, from the default 0 to -100, as earlyoom's -p does (never -1000: it can still be
// killed). Lowering below the lowest value set by a privileged writer (0 by default) needs
// CAP_SYS_RESOURCE (root normally has it): elsewhere the write fails with EACCES and nothing changes.
//
// A child inherits its parent's oom_score_adj at fork, and lowering is what needs the privilege, not
// raising. So the programs oomlens starts (journalctl, dmesg: src/oom/command-lines.ts) are forked while
// oomlens's own value is back at 0 for the moment of the spawn() call, and it is lowered again right after:
// the child, and everything it forks, starts at 0, with no window in which it runs at -100.
import { readFileSync, writeFileSync } from 'node:fs';

/** What oomlens sets its own oom_score_adj to. */
export const SELF_OOM_SCORE_ADJ = -100;

export interface SelfProtection {
  pid: number;
  /** oomlens's oom_score_adj then; null when it cannot be read. */
  oomScoreAdj: number | null;
  /** Whether oomlens lowered it. */
  lowered: boolean;
  /** Why not, when it did not: "--no-self-protect", "already -500, ...", "not permitted (...)". */
  reason: string | null;
}

/** One process's own oom_score_adj file: /proc/self/oom_score_adj, or a stand-in in tests. */
export class OwnOomScoreAdj {
  /** The value it was lowered from while it holds SELF_OOM_SCORE_ADJ; null when it was not lowered. */
  private loweredFrom: number | null = null;

  constructor(
    private readonly file: string,
    private readonly pid: number,
  ) {}

  read(): number | null {
    try {
      const value = Number(readFileSync(this.file, 'utf8').trim());
      return Number.isInteger(value) ? value : null;
    } catch {
      return null;
    }
  }

  private write(value: number): boolean {
    try {
      writeFileSync(this.file, `${value}\n`);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Lowers it from 0 to -100 where the kernel permits it. A value other than 0 was chosen by whoever
   * started oomlens (a unit's OOMScoreAdjust=, a container runtime) and is left alone.
   */
  protect(): SelfProtection {
    const before = this.read();
    const result = (lowered: boolean, reason: string | null): SelfProtection => ({ pid: this.pid, oomScoreAdj: this.read(), lowered, reason });
    if (before === null) return result(false, `${this.file} is not readable`);
    if (this.loweredFrom !== null) return result(true, null);
    if (before !== 0) return result(false, `already ${before}, as oomlens was started`);
    if (!this.write(SELF_OOM_SCORE_ADJ)) return result(false, 'not permitted (lowering needs CAP_SYS_RESOURCE)');
    this.loweredFrom = before;
    return result(true, null);
  }

  /** Where it stands, untouched (--no-self-protect, --read-only). */
  asIs(reason: string): SelfProtection {
    return { pid: this.pid, oomScoreAdj: this.read(), lowered: false, reason };
  }

  /**
   * Runs `spawn` (which forks) with the value back at what it was before protect(), so the child
   * inherits that, then lowers it again. When it was not lowered, just runs `spawn`.
   */
  spawnWithDefault<T>(spawn: () => T): T {
    if (this.loweredFrom === null) return spawn();
    const restored = this.write(this.loweredFrom);
    try {
      return spawn();
    } finally {
      if (restored && !this.write(SELF_OOM_SCORE_ADJ)) this.loweredFrom = null;
    }
  }
}

/** This process. Always the live /proc/self, whatever --root says. */
export const OWN_OOM_SCORE_ADJ = new OwnOomScoreAdj('/proc/self/oom_score_adj', process.pid);

export const protectSelf = (): SelfProtection => OWN_OOM_SCORE_ADJ.protect();
export const selfAsIs = (reason: string): SelfProtection => OWN_OOM_SCORE_ADJ.asIs(reason);
export const readOwnOomScoreAdj = (): number | null => OWN_OOM_SCORE_ADJ.read();
export const spawnWithDefaultOomScoreAdj = <T>(spawn: () => T): T => OWN_OOM_SCORE_ADJ.spawnWithDefault(spawn);
