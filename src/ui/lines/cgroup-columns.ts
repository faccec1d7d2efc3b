// The cgroup view's columns: how full each cgroup is, how fast it grows and when it reaches the first limit
// on its path (its forecast), and the counters that say it is already in trouble. Pure string builders,
// one pre-padded line per cgroup, columns dropped on narrow terminals as the kill list drops its own.
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import type { CgroupForecast } from '../../model/forecast/types.js';
import { oomKillCounter } from '../../model/incidents/cgroup-oom-ticks.js';
import { usageOfLimit } from '../../model/ranking/cgroup-ranking.js';
import { formatKbCompact } from '../../text/units.js';
import { etaText } from './forecast-words.js';
import { fit } from './format.js';
import { gaugeBar, growthText } from './gauges.js';

export type CgroupColumnId = 'usage' | 'limit' | 'high' | 'use' | 'grow' | 'eta' | 'swap' | 'psi' | 'events' | 'version';

interface CgroupColumn {
  id: CgroupColumnId;
  header: string;
  width: number;
  align: 'left' | 'right';
  cell(cgroup: MemoryCgroup, forecast: CgroupForecast | undefined): string;
}

const BAR_WIDTH = 8;
/** The path gets at least this much before a column is dropped. */
const MIN_PATH_WIDTH = 16;

/** Dropped first to last when the terminal is narrow; the rest always stay. */
export const CGROUP_DROP_ORDER: readonly CgroupColumnId[] = ['swap', 'psi', 'high', 'version', 'grow'];

/** v2 memory.high is a throttle, not a wall: at or above it the cgroup's allocators are made to reclaim. */
export function isThrottled(cgroup: Pick<MemoryCgroup, 'usageKb' | 'highKb'>): boolean {
  return cgroup.highKb !== null && cgroup.usageKb >= cgroup.highKb;
}

/** usage / limit as a bar and a percentage, with memory.high marked "h" inside the bar where it sits. */
function useCell(cgroup: MemoryCgroup): string {
  const fraction = usageOfLimit(cgroup);
  if (fraction === null) return '';
  const bar = gaugeBar(fraction, BAR_WIDTH);
  const inner = BAR_WIDTH - 2;
  const highAt = cgroup.highKb === null || cgroup.limitKb === null || cgroup.highKb >= cgroup.limitKb ? null : Math.floor((cgroup.highKb / cgroup.limitKb) * inner);
  const marked = highAt === null ? bar : `${bar.slice(0, highAt + 1)}h${bar.slice(highAt + 2)}`;
  return `${marked} ${fit(`${Math.round(fraction * 100)}%`, 4, 'right')}`;
}

/** 1234 → "1234", 12345 → "12k", 1.2e6 → "1.2M": event counters in a few characters. */
function count(value: number): string {
  if (value < 10_000) return String(value);
  if (value < 1_000_000) return `${Math.round(value / 1000)}k`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}

/**
 * What already went wrong, worst first: stalled in an OOM (v1 under_oom), OOM kills, OOMs (limit hit and
 * reclaim failed), throttled now (over memory.high), times the limit was hit (v2 max, v1 failcnt), times
 * over memory.high. "-" when nothing.
 */
export function troubleWords(cgroup: MemoryCgroup): string[] {
  const words: string[] = [];
  const counted = (label: string, value: number | null) => {
    if (value !== null && value > 0) words.push(`${label} ${count(value)}`);
  };
  if (cgroup.underOom === true) words.push('under_oom');
  // The counter the header's cgroup kill line reads: the cgroup's own kills where the kernel has it.
  counted('kill', oomKillCounter(cgroup));
  counted('oom', cgroup.oomEvents);
  if (isThrottled(cgroup)) words.push('throttled');
  counted('max', cgroup.maxEvents);
  counted('fail', cgroup.failcnt);
  counted('high', cgroup.highEvents);
  return words;
}

/** As many whole words as fit `width`. */
function wordsIn(words: readonly string[], width: number): string {
  let text = '';
  for (const word of words) {
    const next = text === '' ? word : `${text} ${word}`;
    if (next.length > width) break;
    text = next;
  }
  return text === '' ? (words[0] ?? '-') : text;
}

/** The time to the first limit on its path; "^" when that limit is an ancestor's. */
function etaCell(cgroup: MemoryCgroup, forecast: CgroupForecast | undefined): string {
  if (forecast === undefined || forecast.etaSeconds === null) return '-';
  const eta = etaText(forecast.etaSeconds, forecast.provisional, true);
  return forecast.domainPath !== null && forecast.domainPath !== cgroup.path ? `^${eta}` : eta;
}

function growCell(forecast: CgroupForecast | undefined): string {
  const growth = forecast?.growthKbPerMin ?? null;
  const text = growthText(growth);
  return growth !== null && forecast?.provisional === true ? `~${text}` : text;
}

const EVENTS_WIDTH = 12;

function eventsColumn(width: number): CgroupColumn {
  return { id: 'events', header: 'EVENTS', width, align: 'left', cell: (c) => wordsIn(troubleWords(c), width) };
}

const ALL_COLUMNS: readonly CgroupColumn[] = [
  { id: 'usage', header: 'USAGE', width: 5, align: 'right', cell: (c) => formatKbCompact(c.usageKb) },
  { id: 'limit', header: 'LIMIT', width: 5, align: 'right', cell: (c) => (c.limitKb === null ? 'max' : formatKbCompact(c.limitKb)) },
  { id: 'high', header: 'HIGH', width: 5, align: 'right', cell: (c) => (c.highKb === null ? '-' : formatKbCompact(c.highKb)) },
  { id: 'use', header: 'USE', width: BAR_WIDTH + 5, align: 'left', cell: useCell },
  { id: 'grow', header: 'GROW/m', width: 6, align: 'right', cell: (_c, f) => growCell(f) },
  { id: 'eta', header: 'ETA', width: 6, align: 'right', cell: etaCell },
  { id: 'swap', header: 'SWAP', width: 5, align: 'right', cell: (c) => formatKbCompact(c.swapKb) },
  { id: 'psi', header: 'PSI', width: 5, align: 'right', cell: (c) => (c.pressure === null ? '-' : c.pressure.some.avg10.toFixed(1)) },
  eventsColumn(EVENTS_WIDTH),
  { id: 'version', header: 'V', width: 1, align: 'left', cell: (c) => String(c.version) },
];

/** Beyond a path this wide, EVENTS gets up to EVENTS_WIDTH more columns: every counter, in words. */
const ROOMY_PATH_WIDTH = 30;

/** The columns that fit `width`, leaving the path at least MIN_PATH_WIDTH. */
export function cgroupColumnsFor(width: number): readonly CgroupColumn[] {
  let columns = ALL_COLUMNS;
  const used = () => columns.reduce((sum, c) => sum + c.width + 1, 0);
  for (const id of CGROUP_DROP_ORDER) {
    if (width - used() >= MIN_PATH_WIDTH) break;
    columns = columns.filter((c) => c.id !== id);
  }
  const spare = Math.min(EVENTS_WIDTH, width - used() - ROOMY_PATH_WIDTH);
  if (spare <= 0) return columns;
  const events = eventsColumn(EVENTS_WIDTH + spare);
  return columns.map((c) => (c.id === 'events' ? events : c));
}

/** A container's or sandbox's id (32 or 64 hex digits), whose first 12 name it as docker ps does. */
const LONG_ID = /(?<![0-9a-f])([0-9a-f]{12})(?:[0-9a-f]{52}|[0-9a-f]{20})(?![0-9a-f])/g;

/**
 * A long path in `width`, the end kept (where the unit or container is): ids shortened to 12 digits first
 * (`/docker/0123456789ab`), then whole leading components dropped (`…/pod1234/0123456789ab`), and only
 * then a component cut.
 */
export function fitPathEnd(path: string, width: number): string {
  if (path.length <= width) return fit(path, width);
  const short = path.replace(LONG_ID, '$1');
  if (short.length <= width) return fit(short, width);
  const parts = short.split('/');
  for (let from = 1; from < parts.length; from++) {
    const tail = `…/${parts.slice(from).join('/')}`;
    if (tail.length <= width && parts.slice(from).join('') !== '') return fit(tail, width);
  }
  return fit(`…${short.slice(short.length - width + 1)}`, width);
}

export function cgroupHeaderLine(columns: readonly CgroupColumn[], width: number): string {
  const fixed = columns.map((c) => `${fit(c.header, c.width, c.align)} `).join('');
  return fixed + fit('CGROUP', Math.max(1, width - fixed.length));
}

export function cgroupLine(columns: readonly CgroupColumn[], cgroup: MemoryCgroup, forecast: CgroupForecast | undefined, width: number): string {
  const fixed = columns.map((c) => `${fit(c.cell(cgroup, forecast), c.width, c.align)} `).join('');
  return fixed + fitPathEnd(cgroup.path, Math.max(1, width - fixed.length));
}
