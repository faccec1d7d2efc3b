// `oomlens replay [--dir DIR] [--at TIME]`: the same screen over recorded samples. A time cursor rides in
// the header (the host line) and on the timeline under it (ui/lines/timeline-line.ts), ←/→ step a sample,
// [ and ] jump to the last sample before the previous/next recorded kill, space plays forward to the next
// kill (replay-player.ts) and < > change its speed. Each snapshot carries the recorded kills up to the one
// the sample shown leads into, from their incident bundles (model/recording/replay-kills.ts), so the OOM
// panel opens when a step reaches a kill, as it does live. Read-only by construction: the adjuster refuses
// every write, and no /proc is read. On a stdout that is not a terminal, one plain frame of the sample at
// --at is printed instead.
import { join } from 'node:path';
import type { CliOptions } from '../cli/options.js';
import { defaultRecordingDir } from '../cli/daemon-options.js';
import { frameColumns } from '../cli/options.js';
import { liveEntryCount } from '../model/incidents/entries.js';
import { bundlesDir } from '../history/bundle-files.js';
import { recordedBundles } from './recorded-bundles.js';
import { replayKill, replaySession, type ReplayKill } from '../model/recording/replay-kills.js';
import { replaySnapshot } from '../model/recording/replay-snapshot.js';
import type { HostFacts, Snapshot, SnapshotSource } from '../model/snapshot.js';
import { READ_ONLY_ADJUSTER, type Adjuster } from '../ui/state/adjust-effects.js';
import { gapFor, usedShare, type RecordingTimeline, type ReplayView, type TimelinePoint } from '../model/recording/timeline.js';
import { localDateTime } from '../oom/time/wall-format.js';
import type { KeyInfo } from '../ui/state/keymap.js';
import { ReplayCursor } from './replay-cursor.js';
import { ReplayPlayer } from './replay-player.js';
import { samplesDir } from './recording-store.js';

/** How often the screen asks for the sample under the cursor: the delay between a key and its frame. */
const REPLAY_TICK_MS = 150;

/** The screen never calls a read-only adjuster's apply (it says "read-only" instead); if it did, it would fail. */
const READ_ONLY: Adjuster = {
  ...READ_ONLY_ADJUSTER,
  apply: () => {
    throw new Error('replay is read-only: a recording cannot be steered');
  },
};

/** The recording's kills, one per readable bundle, oldest first. */
function recordedKills(dir: string): ReplayKill[] {
  return [...recordedBundles(dir)]
    .flatMap(({ bundle, path }) => replayKill(bundle, path) ?? [])
    .sort((a, b) => a.wallMs - b.wallMs);
}

/** The cursor as snapshots, with the header's host line saying when the sample shown was taken. */
export class ReplaySource implements SnapshotSource {
  private firstKills: number | null = null;
  private killJumps = 0;
  readonly player: ReplayPlayer;

  constructor(
    private readonly cursor: ReplayCursor,
    private readonly timeline: RecordingTimeline,
    readonly host: HostFacts,
    private readonly dir: string,
    private readonly kills: readonly ReplayKill[] = [],
    clock: () => number = Date.now,
  ) {
    this.player = new ReplayPlayer(cursor, timeline.gapMs, clock);
  }

  snapshot(): Snapshot {
    this.player.advance();
    const sample = this.cursor.current()!;
    // The header's "(+N)" counts from the earliest sample shown: going back before it must not read "+-1".
    if (sample.kills !== null) this.firstKills = Math.min(this.firstKills ?? sample.kills, sample.kills);
    const lastKill = [...this.cursor.kills].reverse().find((k) => k <= sample.t) ?? null;
    this.host.hostname = `REPLAY ${localDateTime(sample.t)}`;
    const view: ReplayView = {
      timeline: this.timeline,
      atMs: sample.t,
      killsBefore: this.cursor.kills.filter((k) => k <= sample.t).length,
      playing: this.player.playing,
      speed: this.player.speed,
      dir: this.dir,
      killJumps: this.killJumps,
    };
    return { ...replaySnapshot(sample, 0, this.firstKills, lastKill, view), oom: this.session() };
  }

  /** The kills up to the one the sample shown leads into (at the last sample: every one after it too). */
  private session() {
    return replaySession(this.kills, this.cursor.peek(1)?.t ?? Infinity, bundlesDir(this.dir));
  }

  /**
   * The UI's count of kills already seen when replay starts: those at or before the first sample shown are
   * history, as the kills from before a live start are (they do not open the panel; `o` shows them), while
   * a kill that sample leads into opens it.
   */
  oomSeenAtStart(): { incidents: number; kills: number } {
    const atMs = this.cursor.current()?.t ?? -Infinity;
    return { incidents: liveEntryCount(replaySession(this.kills, atMs, bundlesDir(this.dir))), kills: 0 };
  }

  async next(): Promise<Snapshot> {
    return this.snapshot();
  }

  private jumpToKill(direction: 1 | -1): void {
    if (this.cursor.jumpToKill(direction)) this.killJumps += 1;
  }

  /** The keys replay adds to the list view (App modeKeys); true when the key was one of them. Steps stop a play. */
  readonly keys = (input: string, key: KeyInfo): boolean => {
    const step = key.rightArrow ? () => this.cursor.step(1)
      : key.leftArrow ? () => this.cursor.step(-1)
      : input === ']' ? () => this.jumpToKill(1)
      : input === '[' ? () => this.jumpToKill(-1)
      : null;
    if (step !== null) {
      this.player.stop();
      step();
    } else if (input === ' ') this.player.toggle();
    else if (input === '>') this.player.changeSpeed(1);
    else if (input === '<') this.player.changeSpeed(-1);
    else return false;
    return true;
  };
}

/** Every sample's used share, read once at the start (the cursor keeps only a few segments). */
export function recordingTimeline(cursor: ReplayCursor): RecordingTimeline {
  const points: TimelinePoint[] = [];
  cursor.visitAll((sample) => points.push({ t: sample.t, used: usedShare(sample.mem) }));
  return { points, killsMs: cursor.kills, gapMs: gapFor(points) };
}

/** Replay of the recording in `dir` from the sample at `atMs`; null when it holds no sample. */
export function openReplay(dir: string, atMs: number, clock: () => number = Date.now): ReplaySource | null {
  const kills = recordedKills(dir);
  const cursor = new ReplayCursor(samplesDir(dir), kills.map((kill) => kill.wallMs));
  if (!cursor.seek(atMs)) return null;
  return new ReplaySource(cursor, recordingTimeline(cursor), { hostname: 'REPLAY', kernel: 'recorded', distro: null, limitedView: null }, dir, kills, clock);
}

export async function runReplay(options: CliOptions): Promise<number> {
  const dir = options.daemon.dir ?? defaultRecordingDir();
  const source = openReplay(dir, options.daemon.atMs ?? Infinity);
  if (source === null) {
    process.stderr.write(`oomlens: no recording in ${join(dir, 'samples')} (start one with: oomlens record --dir ${dir})\n`);
    return 2;
  }
  if (!process.stdout.isTTY) {
    const { renderPlainFrame } = await import('../runtime/plain-frame.js');
    const snapshot = source.snapshot();
    const columns = frameColumns(null, undefined, process.env);
    process.stdout.write(renderPlainFrame(snapshot, source.host, columns, REPLAY_TICK_MS) + '\n');
    return 0;
  }
  const { runInteractive } = await import('../runtime/interactive.js');
  return runInteractive({
    source, host: source.host, intervalMs: REPLAY_TICK_MS, color: options.color, adjuster: READ_ONLY, modeKeys: source.keys,
    initialState: { oomSeen: source.oomSeenAtStart() },
  });
}
