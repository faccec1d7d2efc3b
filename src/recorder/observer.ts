// The daemon modes' eyes (record, serve): the sampler, plus the kernel log followed for OOM reports and,
// once a userspace killer runs (or --killer-log names a file), its log for its kills, with no screen. The
// same parts as the TUI's live source (runtime/live-source.ts), without its incident files: the recorder
// writes bundles of its own.
import { createSampler, passwdPathFor } from '../runtime/sampling.js';
import { keepHeapSmall } from '../runtime/heap-flags.js';
import { LIVE_SCAN, type ScanPolicy } from '../model/sampling/scan-policy.js';
import type { Sampler } from '../model/sampling/sampler.js';
import type { Snapshot } from '../model/snapshot.js';
import type { LoggedKill } from '../killers/index.js';
import { FileTailSource } from '../oom/file-tail-source.js';
import { KillerLogWatch } from '../oom/killer-log.js';
import { OomLogWatcher, openLiveKernelLog } from '../oom/oom-watcher.js';
import type { OomReport } from '../oom/types.js';
import type { Roots } from '../procfs/roots.js';

/**
 * The recorder reads the details of the rows it records every tick, as the TUI does for the rows on screen
 * (Recorder focuses them: a victim's RSS must be fresh in every sample of its series), and the others in
 * the TUI's rotating slice: a process whose memory moves moves its oom_score, which is read every tick for
 * every process, and is then read at once (process-scan.ts). Reading every detail every tick cost 73 ms per
 * sample at 2,000 processes. The cgroups are walked every tick: their usage is in every sample.
 */
export const RECORD_SCAN: Readonly<ScanPolicy> = { ...LIVE_SCAN, cgroupsEvery: 1 };

export interface Observation {
  snapshot: Snapshot;
  /** OOM reports finished since the previous tick. */
  reports: OomReport[];
  /** Kills the userspace killers' logs reported since the previous tick. */
  userspace: LoggedKill[];
}

export interface ObserverOptions {
  roots: Roots;
  rootDir: string | null;
  kernelLog: string | null;
  /** --killer-log FILE: the userspace killers' log, instead of the journal. */
  killerLog?: string | null;
  /** The densest interval the daemon will tick at: it sizes the trend windows. */
  intervalMs: number;
}

export class Observer {
  /** Where reports come from, or why there are none (said once at start). */
  readonly logSource: string | null;
  readonly logUnavailable: string | null;
  lastLogError: string | null = null;
  private killerLogSaid = false;

  private constructor(
    private readonly sampler: Sampler,
    private readonly watcher: OomLogWatcher | null,
    unavailable: string | null,
    private readonly killerLog: KillerLogWatch,
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
    const killerLog = new KillerLogWatch({ file: options.killerLog ?? null });
    if ('kind' in opened) return new Observer(sampler, null, opened.message, killerLog);
    return new Observer(sampler, new OomLogWatcher(opened), null, killerLog);
  }

  async next(): Promise<Observation> {
    const snapshot = await this.sampler.sampleSliced();
    const userspace = this.killerLog.poll(snapshot.killers.length > 0);
    if (this.watcher === null) return { snapshot, reports: [], userspace };
    const tick = this.watcher.poll();
    this.lastLogError = tick.error;
    return { snapshot, reports: tick.reports, userspace };
  }

  /** The keys of the rows the last sample recorded: their details are read every tick. */
  focus(keys: Iterable<string>): void {
    this.sampler.focus(keys);
  }

  /** Once, when the userspace killers' log is open or found unreadable: what the daemon should say. */
  killerLogNotice(): string | null {
    const status = this.killerLog.status;
    if (this.killerLogSaid || status === null || (status.source === null && status.unavailable === null)) return null;
    this.killerLogSaid = true;
    return status.source !== null ? `userspace killers' log: ${status.source}` : `no userspace killers' log: ${status.unavailable}`;
  }

  close(): void {
    this.sampler.close();
    this.watcher?.close();
    this.killerLog.close();
  }
}
