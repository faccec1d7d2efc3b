// /proc/zoneinfo (mm/vmstat.c zoneinfo_show_print): per node and zone, free pages against the kernel's
// min/low/high watermarks. All numbers in the file are pages; convert with the page size, which is 4 KiB
// on x86 but 64 KiB on many arm64 and ppc64le kernels, so it is a parameter, never assumed silently.
//
// The layout has moved around across kernels, so the parser keys on labels and headers, not on line
// positions:
//   - 4.8+ prints a "per-node stats" block (6-space indented `nr_*` lines) inside the first populated
//     zone of each node; a 2024 proposal moves it under its own "Node N, per-node stats" header;
//   - before 4.8 the zone's stats are 4-space indented and there is an extra `scanned` watermark-level line;
//   - `boost` (5.16+), `promo` (memory tiering, ≈6.0+) and `cma` (later 5.x) come and go;
//   - since 4.15 unpopulated zones are printed too, with only the header, watermarks and protection.
// Watermark-level lines are the known labels printed without a colon; pageset lines ("high:  378")
// carry a colon and stats lines have `nr_`-style names, so neither can be mistaken for a watermark.
import { join } from 'node:path';
import { readTextOrNull } from './read.js';
import type { Roots } from './roots.js';

export const DEFAULT_PAGE_SIZE = 4096;

export interface ZoneWatermarks {
  node: number;
  /** The kernel's zone name: DMA, DMA32, Normal, HighMem, Movable, Device. */
  zone: string;
  freePages: number;
  /** watermark_boost (5.16+); null where the kernel does not print it. Already included in min/low/high. */
  boostPages: number | null;
  /** Effective watermarks (5.0+ include the boost): below low kswapd wakes, below min direct reclaim. */
  minPages: number;
  lowPages: number;
  highPages: number;
  /** Pages the buddy allocator manages; 0 for an unpopulated zone. */
  managedPages: number;
  /**
   * lowmem_reserve[]: pages this zone keeps back from allocations whose highest usable zone is the
   * index given (zone indexes count DMA, DMA32, Normal, ... in the kernel's configured order).
   */
  protection: number[];
}

/** The same figures in KiB: the shape `--json` prints under "zones". */
export interface ZoneKb {
  node: number;
  zone: string;
  freeKb: number;
  minKb: number;
  lowKb: number;
  highKb: number;
  managedKb: number;
}

const ZONE_HEADER = /^Node\s+(\d+),\s+zone\s+(\S+)/;
// Any other "Node N, ..." header (e.g. a separate per-node stats section) ends the current zone.
const OTHER_NODE_HEADER = /^Node\s+\d+,/;
const PAGES_FREE = /^\s+pages free\s+(\d+)\s*$/;
const LEVEL_LINE = /^\s+(boost|min|low|high|promo|scanned|spanned|present|managed|cma)\s+(\d+)\s*$/;
const PROTECTION = /^\s+protection:\s*\(([^)]*)\)/;
const PAGESETS = /^\s+pagesets\s*$/;

/** A zone while its lines are being read: each field appears once, in any order. */
interface PartialZone {
  node: number;
  zone: string;
  levels: Map<string, number>;
  free: number | null;
  protection: number[];
  /** After "pagesets" nothing more belongs to the watermark block. */
  closed: boolean;
}

/**
 * Every zone of every node, populated or not, in file order. Zones missing free/min/low/high are
 * dropped (a truncated read). Callers showing watermarks filter with `populatedZones`.
 */
export function parseZoneinfo(text: string): ZoneWatermarks[] {
  const zones: ZoneWatermarks[] = [];
  let current: PartialZone | null = null;
  const finish = () => {
    const done = current === null ? null : completeZone(current);
    if (done !== null) zones.push(done);
    current = null;
  };
  for (const line of text.split('\n')) {
    const header = ZONE_HEADER.exec(line);
    if (header) {
      finish();
      current = { node: Number(header[1]), zone: header[2]!, levels: new Map(), free: null, protection: [], closed: false };
      continue;
    }
    if (OTHER_NODE_HEADER.test(line)) {
      finish();
      continue;
    }
    if (current !== null) readZoneLine(current, line);
  }
  finish();
  return zones;
}

function readZoneLine(zone: PartialZone, line: string): void {
  if (zone.closed) return;
  if (PAGESETS.test(line)) {
    zone.closed = true;
    return;
  }
  const free = PAGES_FREE.exec(line);
  if (free) {
    zone.free = Number(free[1]);
    return;
  }
  const level = LEVEL_LINE.exec(line);
  if (level) {
    zone.levels.set(level[1]!, Number(level[2]));
    return;
  }
  const protection = PROTECTION.exec(line);
  if (protection) zone.protection = parseProtection(protection[1]!);
}

function parseProtection(list: string): number[] {
  return list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map(Number)
    .filter((value) => Number.isFinite(value));
}

function completeZone(zone: PartialZone): ZoneWatermarks | null {
  const { levels } = zone;
  const min = levels.get('min');
  const low = levels.get('low');
  const high = levels.get('high');
  // `managed` exists since 3.8; older kernels only have `present`, the closest stand-in.
  const managed = levels.get('managed') ?? levels.get('present');
  if (zone.free === null || min === undefined || low === undefined || high === undefined) return null;
  if (managed === undefined) return null;
  return {
    node: zone.node,
    zone: zone.zone,
    freePages: zone.free,
    boostPages: levels.get('boost') ?? null,
    minPages: min,
    lowPages: low,
    highPages: high,
    managedPages: managed,
    protection: zone.protection,
  };
}

/** Zones that hold memory (managed > 0): the only ones whose watermarks mean anything. */
export function populatedZones(zones: readonly ZoneWatermarks[]): ZoneWatermarks[] {
  return zones.filter((zone) => zone.managedPages > 0);
}

/** Pages → KiB for the given page size in bytes. */
export function pagesToKb(pages: number, pageSize: number = DEFAULT_PAGE_SIZE): number {
  return (pages * pageSize) / 1024;
}

/** One zone in KiB, as `--json` prints it. */
export function zoneToKb(zone: ZoneWatermarks, pageSize: number = DEFAULT_PAGE_SIZE): ZoneKb {
  return {
    node: zone.node,
    zone: zone.zone,
    freeKb: pagesToKb(zone.freePages, pageSize),
    minKb: pagesToKb(zone.minPages, pageSize),
    lowKb: pagesToKb(zone.lowPages, pageSize),
    highKb: pagesToKb(zone.highPages, pageSize),
    managedKb: pagesToKb(zone.managedPages, pageSize),
  };
}

/** Every zone as printed, or null when the file is absent (a captured tree without it). */
export function readZoneinfo(roots: Roots): ZoneWatermarks[] | null {
  const text = readTextOrNull(join(roots.proc, 'zoneinfo'));
  return text === null ? null : parseZoneinfo(text);
}

/**
 * The base page size in bytes from /proc/PID/smaps text: the smallest KernelPageSize of any mapping
 * (hugetlb mappings report 2048 kB or more, ordinary ones the base page). Null when none is printed.
 */
export function parseKernelPageSize(smapsText: string): number | null {
  let smallestKb: number | null = null;
  for (const match of smapsText.matchAll(/^KernelPageSize:\s+(\d+) kB/gm)) {
    const kb = Number(match[1]);
    if (kb > 0 && (smallestKb === null || kb < smallestKb)) smallestKb = kb;
  }
  return smallestKb === null ? null : smallestKb * 1024;
}

/**
 * The kernel's base page size, read once at start-up from <proc>/self/smaps (Node has no sysconf).
 * Falls back to 4096 when the file is absent, e.g. under --root for a captured tree.
 */
export function readPageSize(roots: Roots): number {
  let text: string | null;
  try {
    text = readTextOrNull(join(roots.proc, 'self', 'smaps'));
  } catch {
    return DEFAULT_PAGE_SIZE;
  }
  return (text === null ? null : parseKernelPageSize(text)) ?? DEFAULT_PAGE_SIZE;
}
