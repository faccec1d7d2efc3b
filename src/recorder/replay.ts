// `oomlens replay [--dir DIR] [--at TIME]`: the same screen over recorded samples. A time cursor rides in
// the header (the host line), ←/→ step a sample, [ and ] jump to the last sample before the previous/next
// recorded kill. Read-only by construction: the adjuster refuses every write, and no /proc is read. On a
// stdout that is not a terminal, one plain frame of the sample at --at is printed instead.
import { join } from 'node:path';
import type { CliOptions } from '../cli/options.js';
import { defaultRecordingDir } from '../cli/daemon-options.js';
import { frameColumns } from '../cli/options.js';
import { listBundleFiles, readBundleFile } from '../history/bundle-files.js';
import { asIncidentBundle } from '../model/recording/history-match.js';
import { replaySnapshot } from '../model/recording/replay-snapshot.js';
import type { HostFacts, Snapshot, SnapshotSource } from '../model/snapshot.js';
import { READ_ONLY_ADJUSTER, type Adjuster } from '../ui/state/adjust-effects.js';
import { ReplayCursor } from './replay-cursor.js';
import { bundlesDir, samplesDir } from './recording-store.js';

/** How often the screen asks for the sample under the cursor: the delay between a key and its frame. */
const REPLAY_TICK_MS = 150;

/** The screen never calls a read-only adjuster's apply (it says "read-only" instead); if it did, it would fail. */
const READ_ONLY: Adjuster = {
  ...READ_ONLY_ADJUSTER,
  apply: () => {
    throw new Error('replay is read-only: a recording cannot be steered');
  },
};

function killTimes(dir: string): number[] {
  return listBundleFiles(bundlesDir(dir)).flatMap((path) => {
    const bundle = asIncidentBundle(readBundleFile(path));
    const ms = bundle === null ? NaN : Date.parse(bundle.kill.wallTime);
    return Number.isFinite(ms) ? [ms] : [];
  });
}

function localTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The cursor as snapshots, with the header's host line rewritten to show where it is. */
class ReplaySource implements SnapshotSource {
  private firstKills: number | null = null;

  constructor(
    private readonly cursor: ReplayCursor,
    readonly host: HostFacts,
    private readonly dir: string,
  ) {}

  snapshot(): Snapshot {
    const sample = this.cursor.current()!;
    this.firstKills ??= sample.kills;
    const lastKill = [...this.cursor.kills].reverse().find((k) => k <= sample.t) ?? null;
    const before = this.cursor.kills.filter((k) => k <= sample.t).length;
    this.host.hostname = `REPLAY ${localTime(sample.t)}`;
    // The directory last: on a narrow screen it is what gets cut.
    this.host.limitedView =
      `replay, read-only · ← → a sample · [ ] previous/next kill · ` +
      `${before}/${this.cursor.kills.length} recorded kills before this sample · ${this.dir}`;
    return replaySnapshot(sample, 0, this.firstKills, lastKill);
  }

  async next(): Promise<Snapshot> {
    return this.snapshot();
  }

  /** The keys replay adds; the rest are the screen's own. */
  onKey(chunk: string): void {
    if (chunk === '\x1b[C' || chunk === '\x1bOC') this.cursor.step(1);
    else if (chunk === '\x1b[D' || chunk === '\x1bOD') this.cursor.step(-1);
    else if (chunk === ']') this.cursor.jumpToKill(1);
    else if (chunk === '[') this.cursor.jumpToKill(-1);
  }
}

export async function runReplay(options: CliOptions): Promise<number> {
  const dir = options.daemon.dir ?? defaultRecordingDir();
  const cursor = new ReplayCursor(samplesDir(dir), killTimes(dir));
  if (!cursor.seek(options.daemon.atMs ?? Infinity)) {
    process.stderr.write(`oomlens: no recording in ${join(dir, 'samples')} (start one with: oomlens record --dir ${dir})\n`);
    return 2;
  }
  const source = new ReplaySource(cursor, { hostname: 'REPLAY', kernel: 'recorded', distro: null, limitedView: null }, dir);
  if (!process.stdout.isTTY) {
    const { renderPlainFrame } = await import('../runtime/plain-frame.js');
    const snapshot = source.snapshot();
    const columns = frameColumns(null, undefined, process.env);
    process.stdout.write(renderPlainFrame(snapshot, source.host, columns, REPLAY_TICK_MS) + '\n');
    return 0;
  }
  // Ink reads the keys with 'readable'; a 'data' listener hears every chunk it reads, after it.
  process.stdin.on('data', (chunk: Buffer | string) => source.onKey(String(chunk)));
  const { runInteractive } = await import('../runtime/interactive.js');
  return runInteractive({ source, host: source.host, intervalMs: REPLAY_TICK_MS, color: options.color, adjuster: READ_ONLY });
}
