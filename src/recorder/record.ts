// `oomlens record`: the flight recorder. Samples like the TUI at --interval (densely while a kill is
// predicted soon or a kill awaits its report), appends each sample to the on-disk history, and writes one
// incident bundle per kill from the samples of the minutes before it. No screen; one line per event on
// stderr (the journal, under systemd).
import { readRange } from '../history/segments.js';
import { buildBundle, type IncidentBundle } from '../model/recording/bundle.js';
import { KillWatch, userspaceKillEvent, type KillEvent } from '../model/incidents/kill-watch.js';
import { asRecordedSample, toRecordedSample, type RecordedSample } from '../model/recording/sample.js';
import type { Snapshot } from '../model/snapshot.js';
import { trimHeapAfterTick } from '../runtime/heap-trim.js';
import type { Observer } from './observer.js';
import { RecordingStore, samplesDir, type StoreRules } from './recording-store.js';

export interface RecordOptions {
  dir: string;
  intervalMs: number;
  /** The interval while a kill is predicted within `denseWithinSeconds`. */
  denseIntervalMs: number;
  denseWithinSeconds: number;
  rules: Readonly<StoreRules>;
  /** How far back a bundle's series reach. */
  bundleWindowMs: number;
  log: (line: string) => void;
  /** Hears every tick (the exporter of `record --listen`). */
  onTick?: (snapshot: Snapshot, kills: readonly KillEvent[]) => void;
  /** Hears every bundle written (tests). */
  onBundle?: (path: string, bundle: IncidentBundle) => void;
}

/** What the recorder needs of its Observer: the next observation, and to say which rows it records. */
export type ObservationSource = Pick<Observer, 'next' | 'focus'>;

export const DEFAULT_BUNDLE_WINDOW_MS = 10 * 60_000;

export class Recorder {
  private readonly store: RecordingStore;
  private readonly kills = new KillWatch();
  /** The samples of the last bundle window, oldest first. */
  private recent: RecordedSample[] = [];
  private dense = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly observer: ObservationSource,
    private readonly options: RecordOptions,
  ) {
    this.store = new RecordingStore(options.dir, options.rules, options.log);
    // A restart keeps the run-up: the window before it is read back from disk.
    const now = Date.now();
    const back = readRange(samplesDir(options.dir), now - options.bundleWindowMs, now);
    this.recent = back.records.flatMap((r) => asRecordedSample(r.value) ?? []);
  }

  get intervalMs(): number {
    return this.dense ? this.options.denseIntervalMs : this.options.intervalMs;
  }

  /** Ticks until stop(); resolves when the loop has ended. */
  async run(): Promise<void> {
    while (!this.stopped) {
      const started = performance.now();
      try {
        await this.tick();
      } catch (error) {
        this.options.log(`tick failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (this.stopped) break;
      trimHeapAfterTick();
      const delay = Math.max(50, this.intervalMs - (performance.now() - started));
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, delay);
      });
    }
    this.store.close();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.wake?.();
  }

  private async tick(): Promise<void> {
    const { snapshot, reports, userspace } = await this.observer.next();
    const sample = toRecordedSample(snapshot);
    this.recent.push(sample);
    const horizon = sample.t - this.options.bundleWindowMs;
    while (this.recent.length > 0 && this.recent[0]!.t < horizon) this.recent.shift();
    this.store.append(sample);
    // Read fresh from the next tick on. A row entering the recorded set this tick (a new top row, a new
    // cgroup's top) was read in the slice, so the first point of its series may be up to detailEvery
    // ticks old; a victim is in the set long before its kill.
    this.observer.focus(sample.p.map(([pid, starttime]) => `${pid}:${starttime}`));
    const events = [...this.kills.update(snapshot, reports), ...userspace.map((kill) => userspaceKillEvent(kill, snapshot.takenAtMs))];
    for (const event of events) this.bundle(event);
    this.options.onTick?.(snapshot, events);
    this.pace(snapshot);
  }

  private bundle(event: KillEvent): void {
    const bundle = buildBundle(event, this.recent, this.options.bundleWindowMs, Date.now());
    const path = this.store.writeBundle(bundle, Date.now());
    if (path === null) return;
    const victims = bundle.victims.map((v) => `${v.name} (pid ${v.pid}${v.guessed ? ', guessed' : ''}): ${v.series.length} samples before`);
    const where = bundle.kill.cgroup !== null ? ` in ${bundle.kill.cgroup}` : '';
    const killer = bundle.kill.killer;
    const what = killer === null ? 'OOM kill' : `${killer.name} kill (${killer.reason})`;
    this.options.log(`${what}${where}: ${victims.join('; ') || 'victim unknown'} → ${path}`);
    this.options.onBundle?.(path, bundle);
  }

  /** Dense while a kill is predicted soon, or a counter rise still awaits its report. */
  private pace(snapshot: Snapshot): void {
    const eta = snapshot.forecast.nextKill?.etaSeconds ?? null;
    const soon = eta !== null && eta <= this.options.denseWithinSeconds;
    const dense = (soon || this.kills.waiting > 0) && this.options.denseIntervalMs < this.options.intervalMs;
    if (dense === this.dense) return;
    this.dense = dense;
    const next = snapshot.forecast.nextKill;
    this.options.log(
      dense
        ? `${soon && next !== null ? `${next.scope === 'memcg' ? `cgroup ${next.cgroup}` : 'the box'} predicted to OOM in ${Math.round(eta ?? 0)} s` : 'a kill awaits its report'}: sampling every ${this.options.denseIntervalMs / 1000} s`
        : `no kill predicted within ${this.options.denseWithinSeconds} s: sampling every ${this.options.intervalMs / 1000} s`,
    );
  }
}
