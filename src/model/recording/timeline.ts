// Replay's timeline: the box's used memory over the whole recording, one point a sample, with the kills,
// and how it is cut into the cells of a one-line chart. A cell holds the highest point that falls in it
// (the peak is what the OOM killer answers to); a cell between two samples holds the earlier one, unless
// the samples are further apart than a gap (the recorder was not running): that cell stays empty. Pure.

export interface TimelinePoint {
  /** Wall ms of the sample. */
  t: number;
  /** RAM + swap in use as a share of RAM + swap, 0 to 1 (the box's wall); null: meminfo was unreadable. */
  used: number | null;
}

export interface RecordingTimeline {
  /** Every sample of the recording, oldest first. */
  points: readonly TimelinePoint[];
  /** Wall ms of the recorded kills (the bundles'), oldest first. */
  killsMs: readonly number[];
  /** Samples further apart than this are a gap in the recording, not one step. */
  gapMs: number;
}

/** What replay shows of where it is: the timeline, the sample under the cursor, and whether it plays. */
export interface ReplayView {
  timeline: RecordingTimeline;
  /** Wall ms of the sample shown. */
  atMs: number;
  /** Recorded kills at or before the sample shown. */
  killsBefore: number;
  playing: boolean;
  /** Recorded seconds played per second. */
  speed: number;
  /** The recording's directory. */
  dir: string;
  /** How many times `[` or `]` has landed on a kill: each one opens the OOM panel on it. */
  killJumps: number;
}

/** A gap is this many typical steps. */
const GAP_STEPS = 3;

/** RAM + swap in use as a share of RAM + swap, as the forecast's global scope counts it (forecast/). */
export function usedShare(mem: { totalKb: number; availableKb: number; swapTotalKb: number; swapFreeKb: number } | null): number | null {
  if (mem === null) return null;
  const wall = mem.totalKb + mem.swapTotalKb;
  return wall > 0 ? (wall - mem.availableKb - mem.swapFreeKb) / wall : null;
}

/** The median step between samples, times GAP_STEPS (an hour when there are fewer than two samples). */
export function gapFor(points: readonly TimelinePoint[]): number {
  const steps = points.slice(1).map((point, index) => point.t - points[index]!.t).sort((a, b) => a - b);
  const median = steps[Math.floor(steps.length / 2)];
  return median === undefined ? 3600_000 : Math.max(1, median * GAP_STEPS);
}

export interface TimelineCells {
  /** Per cell, the used share (0 to 1), or null: no sample there. */
  values: (number | null)[];
  /** The cell of the sample shown. */
  cursor: number;
  /** A kill in the cursor's cell comes after the sample shown (the cursor goes before that cell). */
  killAhead: boolean;
  /** The cells holding a recorded kill (kills outside the recorded range are not drawn). */
  kills: number[];
}

/** The timeline cut into `cells` cells (fewer when there are fewer samples: a cell is at least a sample). */
export function timelineCells(timeline: RecordingTimeline, atMs: number, cells: number): TimelineCells {
  const { points } = timeline;
  const count = Math.max(1, Math.min(cells, points.length));
  const first = points[0]?.t ?? atMs;
  const span = (points.at(-1)?.t ?? atMs) - first;
  const cellOf = (ms: number) => (span <= 0 ? 0 : Math.max(0, Math.min(count - 1, Math.floor(((ms - first) / span) * count))));
  const values: (number | null)[] = Array.from({ length: count }, () => null);
  points.forEach((point, index) => {
    const cell = cellOf(point.t);
    if (point.used !== null) values[cell] = Math.max(values[cell] ?? 0, point.used);
    const next = points[index + 1];
    if (next === undefined || point.used === null || next.t - point.t > timeline.gapMs) return;
    for (let between = cell + 1; between < cellOf(next.t); between += 1) values[between] ??= point.used;
  });
  const cellMs = span / count;
  const drawn = timeline.killsMs.filter((ms) => ms >= first && ms <= first + span + cellMs);
  const cursor = cellOf(atMs);
  const killAhead = drawn.some((ms) => ms > atMs && cellOf(ms) === cursor);
  return { values, cursor, killAhead, kills: [...new Set(drawn.map(cellOf))] };
}
