// The "how close is the box" block above the kill list, as plain lines with a tone each. Pure: the same
// lines serve the live screen, --once and the tests. The next kill comes first, on every terminal; at 80x24
// the memory lines are at most 5 (MEM, SWAP, PSI and commit, then the worst zones and the misdiagnosis
// callout); taller terminals get every zone.
import type { MemoryPressure, Snapshot, ZoneView } from '../../model/snapshot.js';
import { overcommitWord } from './policy-words.js';
import { callout, nextKillLine, policyLines } from './forecast-lines.js';
import { fit, formatDuration } from './format.js';
import { formatKbCompact } from '../../text/units.js';
import type { Tone, ToneLine } from '../tone.js';
import { gaugeBar, sparkline, watermarkLine, zoneState, type ZoneState } from './gauges.js';

const DASH = '—';

/** Lines the block may use for a terminal height. */
export function memoryLineBudget(rows: number): number {
  if (rows >= 40) return 12;
  if (rows >= 30) return 7;
  if (rows >= 20) return 5;
  return rows >= 14 ? 3 : 1;
}

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

const GAUGE_WIDTH = 22;

function memLine(snapshot: Snapshot, columns: number): ToneLine {
  const memory = snapshot.memory;
  if (!memory) return { text: 'MEM  n/a: /proc/meminfo is unreadable', tone: 'dim' };
  const used = memory.totalKb - memory.availableKb;
  const fraction = memory.totalKb > 0 ? used / memory.totalKb : 0;
  const eta = snapshot.pressure.etaSeconds;
  const etaText = `box ETA ${eta === null ? DASH : formatDuration(eta)}`;
  const figures = `${Math.round(fraction * 100)}% ${formatKbCompact(used)}/${formatKbCompact(memory.totalKb)} avail ${formatKbCompact(memory.availableKb)}  ${etaText}`;
  const gauge = gaugeBar(fraction, Math.max(3, Math.min(GAUGE_WIDTH, columns - figures.length - 6)));
  const tone: Tone = (eta !== null && eta < 600) || fraction >= 0.9 ? 'bad' : fraction >= 0.75 ? 'warn' : 'normal';
  return { text: `MEM  ${gauge} ${figures}`, tone };
}

function swapLine(snapshot: Snapshot, columns: number): ToneLine {
  const memory = snapshot.memory;
  const rates = snapshot.pressure.swapRates;
  const flow = `si ${formatRate(rates.inPagesPerSec)}p/s ${bytesRate(rates.inBytesPerSec)}  so ${formatRate(rates.outPagesPerSec)}p/s ${bytesRate(rates.outBytesPerSec)}`;
  const zswap =
    rates.zswapInPagesPerSec === null && rates.zswapOutPagesPerSec === null
      ? ''
      : `  zsw ${formatRate(rates.zswapInPagesPerSec)}/${formatRate(rates.zswapOutPagesPerSec)}`;
  if (!memory || memory.swapTotalKb === 0) {
    return { text: `SWAP none: with no swap an OOM comes with no grace   ${flow}${zswap}`, tone: 'warn' };
  }
  const used = memory.swapTotalKb - memory.swapFreeKb;
  const fraction = used / memory.swapTotalKb;
  const figures = `${Math.round(fraction * 100)}% ${formatKbCompact(used)}/${formatKbCompact(memory.swapTotalKb)}  ${flow}${zswap}`;
  const gauge = gaugeBar(fraction, Math.max(3, Math.min(GAUGE_WIDTH, columns - figures.length - 6)));
  const text = `SWAP ${gauge} ${figures}`;
  const room = columns - text.length - 2;
  const history = snapshot.pressure.swapOutHistory;
  const spark = room >= 8 ? ` ${sparkline(history, Math.min(room, history.length, 60))}` : '';
  const swapping = (rates.outPagesPerSec ?? 0) > 0 || (rates.inPagesPerSec ?? 0) > 0;
  return { text: text + spark, tone: fraction >= 0.9 ? 'bad' : swapping ? 'warn' : 'normal' };
}

function psiAndCommitLine(pressure: MemoryPressure): ToneLine {
  const psi = pressure.psi;
  const now = pressure.stallPercent.some;
  const psiText =
    psi === null
      ? 'PSI n/a (kernel without pressure stall information)'
      : `PSI some ${psi.some.avg10.toFixed(1)} full ${psi.full?.avg10.toFixed(1) ?? DASH} now ${now === null ? DASH : `${now.toFixed(0)}%`}`;
  const commit = pressure.commit;
  const commitText =
    commit === null || commit.committedKb === null
      ? ''
      : `   commit ${formatKbCompact(commit.committedKb)} / limit ${formatKbCompact(commit.limitKb)} (overcommit ${commit.overcommitMemory ?? '?'} ${overcommitWord(commit.overcommitMemory)})`;
  const tone: Tone = psi !== null && (psi.full?.avg10 ?? 0) >= 5 ? 'bad' : psi !== null && psi.some.avg10 >= 10 ? 'warn' : 'normal';
  return { text: psiText + commitText, tone };
}

const SEVERITY: Record<ZoneState, number> = { 'below-min': 0, 'below-low': 1, 'below-high': 2, ok: 3 };
const ZONE_TONE: Record<ZoneState, Tone> = { 'below-min': 'bad', 'below-low': 'warn', 'below-high': 'normal', ok: 'normal' };

function zoneLines(zones: ZoneView[] | null, columns: number, room: number): ToneLine[] {
  if (zones === null) return room > 0 ? [{ text: 'zones n/a (no /proc/zoneinfo)', tone: 'dim' }] : [];
  const manyNodes = new Set(zones.map((z) => z.node)).size > 1;
  const ranked = zones
    .map((zone, order) => ({ zone, order, state: zoneState(zone) }))
    .sort((a, b) => SEVERITY[a.state] - SEVERITY[b.state] || a.order - b.order)
    .slice(0, Math.max(0, room))
    .sort((a, b) => a.order - b.order);
  return ranked.map(({ zone, state }) => ({
    // The bar needs no more than ~50 cells to be read; wider terminals keep the line compact.
    text: watermarkLine({ ...zone, label: manyNodes ? `N${zone.node} ${zone.zone}` : zone.zone }, Math.min(columns, 90), {
      labelWidth: manyNodes ? 10 : 8,
    }),
    tone: ZONE_TONE[state],
  }));
}

/** The next kill and any OOM setting that changes it: the first lines under the title, whatever the budget. */
export function forecastLines(snapshot: Snapshot | null, columns: number): ToneLine[] {
  return snapshot === null ? [] : [nextKillLine(snapshot, columns), ...policyLines(snapshot.policy, columns)];
}

/**
 * The block: forecastLines(), then up to `budget` lines of memory: MEM, SWAP, PSI, the worst zones, and the
 * misdiagnosis callout. `notices` (what else the header must say) go between the two.
 */
export function memoryLines(snapshot: Snapshot | null, columns: number, budget: number, notices: readonly ToneLine[] = []): ToneLine[] {
  if (snapshot === null || budget <= 0) return [...notices];
  const forecast = [...forecastLines(snapshot, columns), ...notices];
  const lines = [memLine(snapshot, columns), swapLine(snapshot, columns), psiAndCommitLine(snapshot.pressure)].slice(0, budget);
  const trap = budget > lines.length ? callout(snapshot) : null;
  const zoneRoom = budget - lines.length - (trap === null ? 0 : 1);
  lines.push(...zoneLines(snapshot.pressure.zones, columns, zoneRoom));
  if (trap !== null) lines.push({ text: trap, tone: 'warn' });
  return [...forecast, ...lines.map((line) => ({ ...line, text: fit(line.text, columns) }))];
}
