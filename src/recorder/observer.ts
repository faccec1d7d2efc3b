// The daemon modes' eyes (record, serve): the sampler, plus the kernel log followed for OOM reports, with
// no screen. The same parts as the TUI's live source (runtime/live-source.ts), without its incident files:
// the recorder writes bundles of its own.
import { createSampler, passwdPathFor } from '../runtime/sampling.js';
import { keepHeapSmall } from '../runtime/heap-flags.js';
import { LIVE_SCAN, type ScanPolicy } from '../model/sampling/scan-policy.js';
import type { Sampler } from '../model/sampling/sampler.js';
import type { Snapshot } from '../model/snapshot.js';
import { FileTailSource } from '../oom/file-tail-source.js';
import { OomLogWatcher, openLiveKernelLog } from '../oom/oom-watcher.js';
import type { OomReport } from '../oom/types.js';
import type { Roots } from '../procfs/roots.js';

/**
 * The recorder reads every process's details every tick (the TUI reads off-screen ones in a rotating slice
 * of ten): a victim's RSS must be fresh in every sample, and at the recorder's few seconds per tick that
 * costs little (README, "Recording"). The cgroups are walked every tick for the same reason.
 */
export const RECORD_SCAN: Readonly<ScanPolicy> = { ...LIVE_SCAN, detailEvery: 1, cgroupsEvery: 1 };

export interface Observation {
  snapshot: Snapshot;
  /** OOM reports finished since the previous tick. */
  reports: OomReport[];
}

export interface ObserverOptions {
  roots: Roots;
  rootDir: string | null;
  kernelLog: string | null;
  /** The densest interval the daemon will tick at: it sizes the trend windows. */
  intervalMs: number;
}

export class Observer {
  /** Where reports come from, or why there are none (said once at start). */
  readonly logSource: string | null;
  readonly logUnavailable: string | null;
  lastLogError: string | null = null;

  private constructor(
    private readonly sampler: Sampler,
    private readonly watcher: OomLogWatcher | null,
    unavailable: string | null,
  ) {
    this.logSource = watcher?.description ?? null;
    this.logUnavailable = unavailable;
  }

  static async open(options: ObserverOptions): Promise<Observer> {
    keepHeapSmall();
    const sampler = createSampler({
      roots: options.roots,
      passwdPath: passwdPathFor(options.rootDir),
      intervalMs: options.intervalMs,
      livePolicy: RECORD_SCAN,
    });
    const opened = options.kernelLog !== null ? new FileTailSource(options.kernelLog, true) : await openLiveKernelLog();
    if ('kind' in opened) return new Observer(sampler, null, opened.message);
    return new Observer(sampler, new OomLogWatcher(opened), null);
  }

  async next(): Promise<Observation> {
    const snapshot = await this.sampler.sampleSliced();
    if (this.watcher === null) return { snapshot, reports: [] };
    const tick = this.watcher.poll();
    this.lastLogError = tick.error;
    return { snapshot, reports: tick.reports };
  }

  close(): void {
    this.sampler.close();
    this.watcher?.close();
  }
}
