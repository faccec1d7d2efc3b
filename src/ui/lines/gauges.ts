// Text gauges for the pressure lines: pure string builders, no React, so they are tested without Ink.
// Every builder takes a width in terminal columns and returns exactly that many. All glyphs used are
// single-column (the block elements are East Asian "ambiguous" width, which Ink's string-width and
// non-CJK terminals count as one); `ascii: true` swaps them for plain ASCII for dumb terminals and logs.
// Meaning is always carried by characters (letters, fill, words), never by colour alone.
import { fit } from './format.js';
import { formatKbCompact } from '../../text/units.js';

export interface GlyphOptions {
  ascii?: boolean;
}

const clamp01 = (fraction: number) => (Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0);

/**
 * Cells of `cells` that a fraction fills. Anything above 0 shows at least one cell and anything short of
 * 1 leaves at least one empty, so "almost nothing" and "almost full" stay distinguishable from the ends.
 */
function filledCells(fraction: number, cells: number): number {
  const f = clamp01(fraction);
  if (f === 0 || cells <= 0) return 0;
  if (f === 1) return cells;
  if (cells === 1) return Math.round(f);
  return Math.min(cells - 1, Math.max(1, Math.round(f * cells)));
}

/** `[|||||     ]`: a bar of `width` columns including the brackets. */
export function gaugeBar(fraction: number, width: number): string {
  if (width <= 0) return '';
  if (width < 3) return '|'.repeat(filledCells(fraction, width)).padEnd(width);
  const inner = width - 2;
  const filled = filledCells(fraction, inner);
  return `[${'|'.repeat(filled)}${' '.repeat(inner - filled)}]`;
}

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII_LEVELS = ['_', '.', '-', ':', '=', '+', '*', '#'];

export interface SparklineOptions extends GlyphOptions {
  /** Bottom of the scale; default min(0, smallest value), so rates are drawn from zero. */
  min?: number;
  /** Top of the scale; default the largest value shown. */
  max?: number;
}

/**
 * The last `width` values as one column each, newest on the right, left-padded with spaces when there
 * are fewer. null (no sample, e.g. the first tick's rate) is a space; a value at the bottom of the scale
 * is the lowest block, and any value above it at least the second, so a trickle of swapping shows.
 */
export function sparkline(values: readonly (number | null)[], width: number, options: SparklineOptions = {}): string {
  if (width <= 0) return '';
  const levels = options.ascii ? ASCII_LEVELS : BLOCKS;
  const shown = values.slice(Math.max(0, values.length - width));
  const finite = shown.filter((value): value is number => value !== null && Number.isFinite(value));
  const low = options.min ?? Math.min(0, ...finite);
  const high = options.max ?? Math.max(low, ...finite);
  const top = levels.length - 1;
  const glyph = (value: number | null): string => {
    if (value === null || !Number.isFinite(value)) return ' ';
    if (value <= low || high <= low) return levels[0]!;
    const level = Math.floor(clamp01((value - low) / (high - low)) * top + 0.5);
    return levels[Math.max(1, Math.min(top, level))]!;
  };
  return ' '.repeat(width - shown.length) + shown.map(glyph).join('');
}

/** The four regions of a zone's free pages, lowest last. */
export type ZoneState = 'ok' | 'below-high' | 'below-low' | 'below-min';

/** The watermark levels of one zone, in pages (or any one unit). */
export interface WatermarkLevels {
  freePages: number;
  minPages: number;
  lowPages: number;
  highPages: number;
}

/**
 * Where free sits against the watermarks. The kernel's check (__zone_watermark_ok) fails when free is
 * at or below the mark, so "below" here includes equality: at low, kswapd is woken; at min, allocations
 * reclaim directly; kswapd keeps working until free is above high.
 */
export function zoneState(zone: WatermarkLevels): ZoneState {
  if (zone.freePages <= zone.minPages) return 'below-min';
  if (zone.freePages <= zone.lowPages) return 'below-low';
  if (zone.freePages <= zone.highPages) return 'below-high';
  return 'ok';
}

const STATE_WORDS: Record<ZoneState, string> = {
  ok: 'ok',
  'below-high': 'below high',
  'below-low': 'below low: kswapd reclaiming',
  'below-min': 'below min: direct reclaim',
};

const SHORT_STATE_WORDS: Record<ZoneState, string> = {
  ok: 'ok',
  'below-high': 'below high',
  'below-low': 'below low',
  'below-min': 'below min',
};

/** The state in words: "below low: kswapd reclaiming"; `short` drops the explanation ("below low"). */
export function zoneStateWords(state: ZoneState, short = false): string {
  return (short ? SHORT_STATE_WORDS : STATE_WORDS)[state];
}

/** Marker cells for min/low/high, strictly increasing and inside the bar even when they collide. */
function markerCells(zone: WatermarkLevels, scale: number, cells: number): [number, number, number] {
  const cellOf = (pages: number) => Math.min(cells - 1, Math.floor((Math.max(0, pages) / scale) * cells));
  let min = cellOf(zone.minPages);
  let low = Math.max(cellOf(zone.lowPages), min + 1);
  let high = Math.max(cellOf(zone.highPages), low + 1);
  if (high > cells - 1) {
    high = cells - 1;
    low = Math.min(low, high - 1);
    min = Math.min(min, low - 1);
  }
  return [min, low, high];
}

/**
 * Free pages against min/low/high in `width` columns, e.g. `▕████M█L░░h░░░░░░░▏` (ASCII `[####M#L..h.......]`).
 * The scale runs from 0 to twice the high watermark, so the three marks sit in the left half and free
 * memory far above them fills the bar, ending in `>`. Marks are letters: upper case when free is above
 * the mark, lower case when at or below it, so the state reads without colour; the fill always ends
 * on the correct side of each letter. Below 5 columns there is no room for marks: only the fill.
 */
export function watermarkBar(zone: WatermarkLevels, width: number, options: GlyphOptions = {}): string {
  if (width <= 0) return '';
  const [open, close, fill, empty] = options.ascii ? ['[', ']', '#', '.'] : ['▕', '▏', '█', '░'];
  const scale = Math.max(1, zone.highPages * 2);
  if (width < 5) {
    const filledOnly = filledCells(zone.freePages / scale, width);
    return fill.repeat(filledOnly) + empty.repeat(width - filledOnly);
  }
  const cells = width - 2;
  const marks = markerCells(zone, scale, cells);
  const levels = [zone.minPages, zone.lowPages, zone.highPages];
  let filled = Math.floor((Math.max(0, zone.freePages) / scale) * cells);
  // Keep the fill consistent with the letters: past every mark free is above, short of every other.
  marks.forEach((cell, i) => {
    filled = zone.freePages > levels[i]! ? Math.max(filled, cell + 1) : Math.min(filled, cell);
  });
  const overflow = zone.freePages > scale;
  const row = Array.from({ length: cells }, (_, i) => (i < filled ? fill : empty));
  if (overflow) row[cells - 1] = '>';
  'mlh'.split('').forEach((letter, i) => {
    row[marks[i]!] = zone.freePages > levels[i]! ? letter.toUpperCase() : letter;
  });
  return open + row.join('') + close;
}

export interface ZoneLineInput extends WatermarkLevels {
  /** e.g. "Normal", or "N1 Normal" on a NUMA box; sanitised by the caller. */
  label: string;
  /** Free memory in kB for the figure after the bar. */
  freeKb: number;
}

export interface ZoneLineOptions extends GlyphOptions {
  /** Columns for the label, so the bars of several zones line up; default 8 (the longest zone name + 1). */
  labelWidth?: number;
}

const SIZE_WIDTH = 5;
const MIN_BAR = 8;

/**
 * One zone's line, exactly `width` columns:
 * `Normal   free ▕██M█l░░h░░░░░░░░▏  84M below low: kswapd reclaiming`.
 * As the width shrinks the bar shrinks first, then the state loses its explanation, then the bar goes;
 * the state words are the last thing to be cut.
 */
export function watermarkLine(zone: ZoneLineInput, width: number, options: ZoneLineOptions = {}): string {
  if (width <= 0) return '';
  const state = zoneState(zone);
  const labelWidth = Math.max(1, options.labelWidth ?? 8);
  const label = fit(zone.label, labelWidth);
  const size = fit(formatKbCompact(zone.freeKb), SIZE_WIDTH, 'right');
  // label, " free ", bar, " ", size, " ", words: everything but the bar is fixed width.
  const fixedWidth = labelWidth + 6 + 1 + SIZE_WIDTH + 1;
  for (const short of [false, true]) {
    const words = zoneStateWords(state, short);
    const barWidth = width - fixedWidth - words.length;
    if (barWidth >= MIN_BAR) return `${label} free ${watermarkBar(zone, barWidth, options)} ${size} ${words}`;
  }
  return fit(`${label} ${size} ${zoneStateWords(state, true)}`, width);
}

/** GROW/m text: "+120M", "-4.0M", "flat" under 1 MiB/min either way, "—" (ASCII "-") for no figure yet. */
export function growthText(kbPerMin: number | null, options: GlyphOptions = {}): string {
  if (kbPerMin === null || !Number.isFinite(kbPerMin)) return options.ascii ? '-' : '—';
  if (Math.abs(kbPerMin) < 1024) return 'flat';
  return `${kbPerMin > 0 ? '+' : '-'}${formatKbCompact(Math.abs(kbPerMin))}`;
}
