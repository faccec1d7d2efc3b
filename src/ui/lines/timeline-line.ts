// Replay's timeline, one line under the next-kill line: the box's used RAM + swap over the whole recording
// as a sparkline drawn from 0 to 100 % (so its height is how close the box came to its wall), `K` at each
// recorded kill and `│` between the cells where the sample shown is (inserted, so that it hides neither a
// level nor a kill: stopped on a kill, it reads `K│`), between the recording's first and last times; then the
// peak, the kills before the sample shown and whether it plays. Narrower terminals drop words, never the
// chart. Pure.
import { localDateTime, shortWallText } from '../../oom/time/wall-format.js';
import { timelineCells, type ReplayView } from '../../model/recording/timeline.js';
import type { ToneLine } from '../tone.js';
import { sparkline } from './gauges.js';

/** Fewer cells than this do not show a run-up: words go first. */
const CHART_MIN = 16;
export const CURSOR_MARK = '│';
export const KILL_MARK = 'K';

/** `cells` cells and the cursor between two of them. */
function chart(view: ReplayView, cells: number): string {
  const { values, cursor, killAhead, kills } = timelineCells(view.timeline, view.atMs, cells);
  const glyphs = [...sparkline(values, values.length, { min: 0, max: 1 })];
  for (const kill of kills) glyphs[kill] = KILL_MARK;
  // After the cell that holds the sample shown, unless that cell's kill is still to come.
  glyphs.splice(killAhead ? cursor : cursor + 1, 0, CURSOR_MARK);
  return glyphs.join('');
}

/** The tail's forms, widest first. */
function tails(view: ReplayView): string[][] {
  const used = view.timeline.points.flatMap((point) => (point.used === null ? [] : [point.used]));
  const peak = used.length === 0 ? 'peak n/a' : `peak ${Math.round(Math.max(...used) * 100)}%`;
  const total = view.timeline.killsMs.length;
  const killsLong = `${view.killsBefore}/${total} recorded kills before this sample`;
  const killsShort = `kills ${view.killsBefore}/${total}`;
  const play = `${view.playing ? '▶' : '■'} ×${view.speed}`;
  return [
    [peak, killsLong, play, 'replay, read-only', view.dir],
    [peak, killsLong, play, 'replay, read-only'],
    [peak, killsLong, play],
    [peak, killsShort, play],
    [killsShort, play],
    [play],
  ];
}

export function timelineLine(view: ReplayView, columns: number): ToneLine {
  const points = view.timeline.points;
  const firstMs = points[0]?.t ?? view.atMs;
  const lastMs = points.at(-1)?.t ?? view.atMs;
  const start = shortWallText(firstMs, lastMs);
  const end = localDateTime(lastMs).slice(11);
  const forms = tails(view).map((parts) => parts.join('  '));
  // The spaces around the chart and before the tail, and the cursor.
  const chartRoom = (tail: string) => columns - start.length - end.length - tail.length - 5;
  const tail = forms.find((text) => chartRoom(text) >= Math.min(CHART_MIN, points.length)) ?? forms.at(-1)!;
  const cells = Math.max(1, Math.min(chartRoom(tail), points.length));
  return { text: `${start} ${chart(view, cells)} ${end}  ${tail}`, tone: 'normal' };
}
