// The SWAP line: the gauge, swap-in/out now, zswap where it is used, and a labelled sparkline of the swap
// traffic with its scale. Pure. Each part has a shorter form, taken before anything is cut: the rates
// drop their bytes/s (pages/s stay, as in the design's sketch), zswap goes, then the sparkline.
import type { Snapshot } from '../../model/snapshot.js';
import { formatKbCompact } from '../../text/units.js';
import type { Tone, ToneLine } from '../tone.js';
import { gaugeBar, sparkline } from './gauges.js';

const DASH = '—';
const GAUGE_WIDTH = 22;
const GAUGE_MIN = 8;
/** Fewer cells than this do not show a trend: the sparkline goes instead. */
const SPARK_MIN = 10;
const SPARK_LABEL = 'si+so';

/** A per-second count in at most 5 characters: 0, 950, 1.2k, 34k, 1.2M. */
export function formatRate(perSecond: number | null): string {
  if (perSecond === null) return DASH;
  if (perSecond < 1000) return String(Math.round(perSecond));
  if (perSecond < 10_000) return `${(perSecond / 1000).toFixed(1)}k`;
  if (perSecond < 1_000_000) return `${Math.round(perSecond / 1000)}k`;
  return `${(perSecond / 1_000_000).toFixed(1)}M`;
}

function bytesRate(bytesPerSecond: number | null): string {
  if (bytesPerSecond === null) return DASH;
  return bytesPerSecond < 1024 ? `${Math.round(bytesPerSecond)}B/s` : `${formatKbCompact(Math.round(bytesPerSecond / 1024))}/s`;
}

/** si + so pages per second, tick by tick (null: neither measured yet). */
function trafficHistory(snapshot: Snapshot): (number | null)[] {
  const { swapInHistory: ins, swapOutHistory: outs } = snapshot.pressure;
  const length = Math.max(ins.length, outs.length);
  // Both rings have one entry per tick; align them on the newest.
  return Array.from({ length }, (_, i) => {
    const si = ins[i - (length - ins.length)] ?? null;
    const so = outs[i - (length - outs.length)] ?? null;
    return si === null && so === null ? null : (si ?? 0) + (so ?? 0);
  });
}

interface Parts {
  flow: string;
  zswap: string;
  /** The sparkline's cells are added where the text says "%s". */
  spark: string;
}

/** The line's tail in its forms, widest first. */
function tailForms(snapshot: Snapshot, swapless: boolean): Parts[] {
  const rates = snapshot.pressure.swapRates;
  const pages = `si ${formatRate(rates.inPagesPerSec)}p/s so ${formatRate(rates.outPagesPerSec)}p/s`;
  const both = `si ${formatRate(rates.inPagesPerSec)}p/s ${bytesRate(rates.inBytesPerSec)}  so ${formatRate(rates.outPagesPerSec)}p/s ${bytesRate(rates.outBytesPerSec)}`;
  const full = rates.inBytesPerSec === null && rates.outBytesPerSec === null && rates.inPagesPerSec !== null ? pages : both;
  const zswap = rates.zswapUsed ? `zsw ${formatRate(rates.zswapInPagesPerSec)}/${formatRate(rates.zswapOutPagesPerSec)}` : '';
  const history = trafficHistory(snapshot);
  const peak = Math.max(0, ...history.map((value) => value ?? 0));
  // With no swap there is no swap traffic to show, unless some was seen (a swapoff under way).
  if (swapless && peak === 0) return [{ flow: '', zswap: '', spark: '' }];
  const spark = `${SPARK_LABEL} %s max ${formatRate(peak)}p/s`;
  return [
    { flow: full, zswap, spark },
    { flow: pages, zswap, spark },
    { flow: pages, zswap: '', spark },
    { flow: pages, zswap, spark: '' },
    { flow: pages, zswap: '', spark: '' },
  ];
}

/** `head` (what precedes the tail), the tail's parts, and the room the gauge and sparkline share. */
function assemble(head: (gauge: number) => string, parts: Parts, columns: number, hasGauge: boolean, history: (number | null)[]): string | null {
  const tail = [parts.flow, parts.zswap, parts.spark].filter((part) => part !== '');
  // The gauge comes with a space after it.
  const fixed = head(0).length + (hasGauge ? 1 : 0) + tail.reduce((sum, part) => sum + 2 + part.replace('%s', '').length, 0);
  const sparkMin = parts.spark === '' ? 0 : SPARK_MIN;
  const gaugeMin = hasGauge ? GAUGE_MIN : 0;
  let room = columns - fixed - sparkMin - gaugeMin;
  if (room < 0) return null;
  const gauge = hasGauge ? gaugeMin + Math.min(room, GAUGE_WIDTH - gaugeMin) : 0;
  room -= gauge - gaugeMin;
  const cells = sparkMin === 0 ? 0 : Math.min(sparkMin + room, Math.max(sparkMin, history.length));
  return [head(gauge), ...tail.map((part) => part.replace('%s', sparkline(history, cells)))].join('  ');
}

export function swapLine(snapshot: Snapshot, columns: number): ToneLine {
  const memory = snapshot.memory;
  const rates = snapshot.pressure.swapRates;
  const swapless = !memory || memory.swapTotalKb === 0;
  const history = trafficHistory(snapshot);
  const swapping = (rates.outPagesPerSec ?? 0) > 0 || (rates.inPagesPerSec ?? 0) > 0;
  let tone: Tone = 'warn';
  let heads: Array<(gauge: number) => string>;
  if (swapless) {
    heads = ['SWAP none: with no swap an OOM comes with no grace', 'SWAP none: an OOM comes with no grace', 'SWAP none'].map((text) => () => text);
  } else {
    const used = memory.swapTotalKb - memory.swapFreeKb;
    const fraction = used / memory.swapTotalKb;
    const figures = `${Math.round(fraction * 100)}% ${formatKbCompact(used)}/${formatKbCompact(memory.swapTotalKb)}`;
    heads = [(gauge) => (gauge === 0 ? `SWAP ${figures}` : `SWAP ${gaugeBar(fraction, gauge)} ${figures}`)];
    tone = fraction >= 0.9 ? 'bad' : swapping ? 'warn' : 'normal';
  }
  // The narrowest terminals lose the gauge (the percentage stays) before the rates.
  for (const withGauge of swapless ? [false] : [true, false]) {
    for (const head of heads) {
      for (const parts of tailForms(snapshot, swapless)) {
        const text = assemble(head, parts, columns, withGauge, history);
        if (text !== null) return { text, tone };
      }
    }
  }
  return { text: heads.at(-1)!(0), tone };
}
