// The live TUI's snapshot source: the sampler, plus the kernel log followed for OOM reports. Each tick
// samples /proc, polls the log (non-blocking), joins new reports with the samples that preceded them and
// saves each as an incident file so the explanation outlives log rotation. Once a userspace killer runs
// (or --killer-log names a file), its log is followed too, and its kills join the session. At the first tick it also takes
// in what happened before it started: this boot's kernel log as found (the ring buffer, or journalctl -b)
// and the incident files of earlier runs.
import { IncidentTracker } from '../model/incidents/incidents.js';
import { isBeforeStart, savedIncident } from '../model/incidents/past.js';
import type { Incident, KernelLogStatus, SessionStart } from '../model/incidents/types.js';
import type { Sampler } from '../model/sampling/sampler.js';
import type { Snapshot, SnapshotSource } from '../model/snapshot.js';
import { FileTailSource } from '../oom/file-tail-source.js';
import { KillerLogWatch } from '../oom/killer-log.js';
import { listIncidents, readIncident, saveIncident } from '../model/incidents/store.js';
import { OomLogWatcher, openLiveKernelLog } from '../oom/oom-watcher.js';
import { readBootClock, readBootId } from '../oom/time/boot-clock.js';
import type { OomReport } from '../oom/types.js';
import { bundleIndexForReport } from '../model/recording/history-match.js';
import { recordedBundles, type RecordedBundle } from '../recorder/recorded-bundles.js';
import { recordedRunUp } from '../model/recording/replay-kills.js';

export interface LiveSourceOptions {
  /** --kernel-log FILE: follow this file instead of the machine's log. */
  kernelLog: string | null;
  /** --killer-log FILE: the userspace killers' log, instead of the journal. */
  killerLog?: string | null;
  /** Where incident files go ($XDG_STATE_HOME/oomlens/incidents by default). */
  incidentDir: string;
  /** `oomlens record`'s default store: its bundles give the kills from before the start their run-up. */
  recordingDir?: string | null;
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
export interface OpenedLog {
  watcher: OomLogWatcher | null;
  status: KernelLogStatus;
}

/** Incident files read at start: the newest this many (each is parsed again). */
const SAVED_INCIDENTS_READ = 100;
/** The newest incident bundles of the recording read at start: more than a boot's kills, rarely. */
const RECORDED_BUNDLES_READ = 200;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a LiveSource knows of this machine's boot: when oomlens started, and which boot (null for a --kernel-log file). */
export interface BootFacts {
  start: SessionStart;
  bootId: string | null;
  /** The log is this boot's own (/dev/kmsg, journalctl -b, dmesg): its reports from before the start are past kills. */
  thisBootsLog: boolean;
}

export class LiveSource implements SnapshotSource {
  private readonly tracker: IncidentTracker;
  private log: Promise<OpenedLog> | null = null;
  private saved: Promise<void> | null = null;
  private recorded: Promise<RecordedBundle[]> | null = null;

  /**
   * `openLog` runs at the first tick, not before the first frame: the log is opened with what it already
   * holds (this boot's kills before oomlens started), which the watcher then parses in slices.
   */
  constructor(
    private readonly sampler: Sampler,
    private readonly openLog: () => Promise<OpenedLog>,
    private readonly incidentDir: string,
    private readonly boot: BootFacts = { start: { monotonicSeconds: Infinity, wallMs: Infinity }, bootId: null, thisBootsLog: false },
    private readonly killerLog: KillerLogWatch = new KillerLogWatch({ file: null }),
    private readonly recordingDir: string | null = null,
  ) {
    this.tracker = new IncidentTracker(boot.bootId);
  }

  async next(): Promise<Snapshot> {
    this.log ??= this.openLog();
    this.saved ??= this.loadSaved();
    const log = await this.log;
    await this.saved;
    // Sliced: keys pressed during a scan of thousands of processes are answered between slices.
    const snapshot = await this.sampler.sampleSliced();
    let reports: OomReport[] = [];
    if (log.watcher !== null) {
      const tick = await log.watcher.pollSliced();
      reports = tick.reports;
      log.status = { ...log.status, lostRecords: tick.lostRecords, error: tick.error };
    }
    const past = this.boot.thisBootsLog ? reports.filter((report) => isBeforeStart(report, this.boot.start)) : [];
    const live = reports.filter((report) => !past.includes(report));
    const incidents = this.tracker.update(snapshot, live, past);
    if (past.length > 0) {
      this.recorded ??= this.loadRecorded();
      const bundles = await this.recorded;
      const parsed = bundles.map((b) => b.bundle);
      this.tracker.attachRecorded((report) => {
        const found = bundles[bundleIndexForReport(report, parsed)];
        return found === undefined ? null : recordedRunUp(found.bundle, found.path);
      });
    }
    for (const incident of incidents) {
      try {
        const context = preKillContext(incident, snapshot);
        incident.savedPath = await saveIncident(incident.report, context, { dir: this.incidentDir, bootId: this.boot.bootId });
      } catch (error) {
        incident.saveError = error instanceof Error ? error.message : String(error);
      }
    }
    this.tracker.addUserspace(this.killerLog.poll(snapshot.killers.length > 0));
    return { ...snapshot, oom: this.tracker.session(log.status, this.killerLog.status) };
  }

  /** The newest incident files of earlier runs; a file that cannot be read or parsed is left out. */
  private async loadSaved(): Promise<void> {
    let paths: string[];
    try {
      paths = (await listIncidents(this.incidentDir)).slice(-SAVED_INCIDENTS_READ);
    } catch {
      return;
    }
    const incidents: Incident[] = [];
    for (const path of paths) {
      try {
        const incident = savedIncident(path, await readIncident(path));
        if (incident !== null) incidents.push(incident);
      } catch {
        // Not an incident file of ours, or a broken one: it is not listed.
      }
      await yieldToEventLoop();
    }
    this.tracker.addSaved(incidents);
  }

  /** The newest bundles of `oomlens record`'s store, when there is one; a file that is not a bundle is left out. */
  private async loadRecorded(): Promise<RecordedBundle[]> {
    if (this.recordingDir === null) return [];
    const bundles: RecordedBundle[] = [];
    for (const recorded of recordedBundles(this.recordingDir, RECORDED_BUNDLES_READ)) {
      bundles.push(recorded);
      if (bundles.length % 20 === 0) await yieldToEventLoop();
    }
    return bundles;
  }

  focus(keys: readonly string[]): void {
    this.sampler.focus(keys);
  }

  close(): void {
    this.sampler.close();
    this.killerLog.close();
    void this.log?.then((log) => log.watcher?.close());
  }
}

export function createLiveSource(sampler: Sampler, options: LiveSourceOptions): LiveSource {
  // When oomlens started, on the clock the kernel stamps its records with (CLOCK_MONOTONIC) and the wall.
  const start: SessionStart = { monotonicSeconds: Number(process.hrtime.bigint()) / 1e9, wallMs: Date.now() };
  const file = options.kernelLog;
  const machine = file === null;
  const openLog = async (): Promise<OpenedLog> => {
    // A --kernel-log file is followed from its end (it may come from anywhere); this machine's log is read
    // from its start: the kills it already holds are this boot's, from before oomlens started.
    const opened = file === null ? await openLiveKernelLog({ includeExisting: true }) : new FileTailSource(file, true);
    if ('kind' in opened) return { watcher: null, status: { source: null, unavailable: opened.message, lostRecords: 0, error: null } };
    const clock = { nowMs: Date.now(), boot: machine ? readBootClock() : null };
    return { watcher: new OomLogWatcher(opened, {}, clock), status: { source: opened.description, unavailable: null, lostRecords: 0, error: null } };
  };
  const boot = { start, bootId: machine ? readBootId() : null, thisBootsLog: machine };
  return new LiveSource(sampler, openLog, options.incidentDir, boot, new KillerLogWatch({ file: options.killerLog ?? null }), options.recordingDir ?? null);
}
