// The live TUI's snapshot source: the sampler, plus the kernel log followed for OOM reports. Each tick
// samples /proc, polls the log (non-blocking), joins new reports with the samples that preceded them and
// saves each as an incident file so the explanation outlives log rotation.
import { IncidentTracker } from '../model/incidents/incidents.js';
import type { Incident, KernelLogStatus } from '../model/incidents/types.js';
import type { Sampler } from '../model/sampling/sampler.js';
import type { Snapshot, SnapshotSource } from '../model/snapshot.js';
import { FileTailSource } from '../oom/file-tail-source.js';
import { saveIncident } from '../model/incidents/store.js';
import { OomLogWatcher, openLiveKernelLog } from '../oom/oom-watcher.js';

export interface LiveSourceOptions {
  /** --kernel-log FILE: follow this file instead of the machine's log. */
  kernelLog: string | null;
  /** Where incident files go ($XDG_STATE_HOME/oomlens/incidents by default). */
  incidentDir: string;
}

/** What is saved beside the report: oomlens's view of the minutes before the kill. */
function preKillContext(incident: Incident, snapshot: Snapshot) {
  return {
    victimsBefore: incident.victimsBefore,
    culprit: incident.culprit,
    findings: incident.findings,
    topProcessesAfter: snapshot.processes.slice(0, 10).map(({ pid, name, oomScore, oomScoreAdj, rssKb, swapKb, growthKbPerMin, cgroup }) => ({
      pid, name, oomScore, oomScoreAdj, rssKb, swapKb, growthKbPerMin, cgroup,
    })),
    memory: snapshot.memory,
    swapRates: snapshot.pressure.swapRates,
    zones: snapshot.pressure.zones,
  };
}

/** The followed kernel log, or why there is none. */
interface OpenedLog {
  watcher: OomLogWatcher | null;
  status: KernelLogStatus;
}

export class LiveSource implements SnapshotSource {
  private readonly tracker = new IncidentTracker();
  private log: Promise<OpenedLog> | null = null;

  /**
   * `openLog` runs at the first tick, not before the first frame: opening /dev/kmsg reads past every
   * record already in the ring buffer (~20 ms on a box with a long log), and the screen can be up first.
   */
  constructor(
    private readonly sampler: Sampler,
    private readonly openLog: () => Promise<OpenedLog>,
    private readonly incidentDir: string,
  ) {}

  async next(): Promise<Snapshot> {
    this.log ??= this.openLog();
    const log = await this.log;
    // Sliced: keys pressed during a scan of thousands of processes are answered between slices.
    const snapshot = await this.sampler.sampleSliced();
    let reports: ReturnType<OomLogWatcher['poll']>['reports'] = [];
    if (log.watcher !== null) {
      const tick = log.watcher.poll();
      reports = tick.reports;
      log.status = { ...log.status, lostRecords: tick.lostRecords, error: tick.error };
    }
    for (const incident of this.tracker.update(snapshot, reports)) {
      try {
        incident.savedPath = await saveIncident(incident.report, preKillContext(incident, snapshot), { dir: this.incidentDir });
      } catch (error) {
        incident.saveError = error instanceof Error ? error.message : String(error);
      }
    }
    return { ...snapshot, oom: this.tracker.session(log.status) };
  }

  focus(keys: readonly string[]): void {
    this.sampler.focus(keys);
  }

  close(): void {
    this.sampler.close();
    void this.log?.then((log) => log.watcher?.close());
  }
}

export function createLiveSource(sampler: Sampler, options: LiveSourceOptions): LiveSource {
  const openLog = async (): Promise<OpenedLog> => {
    const opened = options.kernelLog !== null ? new FileTailSource(options.kernelLog, true) : await openLiveKernelLog();
    if ('kind' in opened) return { watcher: null, status: { source: null, unavailable: opened.message, lostRecords: 0, error: null } };
    return { watcher: new OomLogWatcher(opened), status: { source: opened.description, unavailable: null, lostRecords: 0, error: null } };
  };
  return new LiveSource(sampler, openLog, options.incidentDir);
}
