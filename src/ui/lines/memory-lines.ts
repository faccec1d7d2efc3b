// The "how close is the box" block above the kill list, as plain lines with a tone each. Pure: the same
// lines serve the live screen, --once and the tests. The next kill comes first, on every terminal; at 80x24
// the memory lines are at most 5 (MEM, SWAP, PSI and commit, then the worst zones and the misdiagnosis
// callout); taller terminals get every zone.
import type { MemoryPressure, Snapshot, ZoneView } from '../../model/snapshot.js';
import { overcommitWord } from './policy-words.js';
import { callout, nextKillLine, policyLines } from './forecast-lines.js';
import { fit, formatDuration } from './format.js';
import { formatKbCompact } from '../../text/units.js';
import { formFor, type Tone, type ToneLine } from '../tone.js';
import { gaugeBar, watermarkLine, zoneState, type ZoneState } from './gauges.js';
import { swapLine } from './swap-line.js';
import { timelineLine } from './timeline-line.js';

export { formatRate } from './swap-line.js';

const DASH = '—';

/** Lines the block may use for a terminal height. */
export function memoryLineBudget(rows: number): number {
  if (rows >= 40) return 12;
  if (rows >= 30) return 7;
  if (rows >= 20) return 5;
  return rows >= 14 ? 3 : 1;
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

/** Commit against its limit, widest form first: with the overcommit mode in words, with its number, bare. */
function commitForms(commit: MemoryPressure['commit']): string[] {
  if (commit === null || commit.committedKb === null) return [''];
  const figures = `commit ${formatKbCompact(commit.committedKb)} / limit ${formatKbCompact(commit.limitKb)}`;
  const mode = commit.overcommitMemory ?? '?';
  return [`${figures} (overcommit ${mode} ${overcommitWord(commit.overcommitMemory)})`, `${figures} (overcommit ${mode})`, figures];
}

/** PSI, then commit: the first of their forms that fits `columns` (commit gives way before PSI). */
function psiAndCommitLine(pressure: MemoryPressure, columns: number): ToneLine {
  const psi = pressure.psi;
  const now = pressure.stallPercent.some;
  const psiForms =
    psi === null
      ? ['PSI n/a (kernel without pressure stall information)', 'PSI n/a (kernel without PSI)', 'PSI n/a']
      : [`PSI some ${psi.some.avg10.toFixed(1)} full ${psi.full?.avg10.toFixed(1) ?? DASH} now ${now === null ? DASH : `${now.toFixed(0)}%`}`];
  const withCommit = psiForms.flatMap((psiText) => commitForms(pressure.commit).map((commit) => (commit === '' ? psiText : `${psiText}   ${commit}`)));
  const candidates = [...withCommit, ...psiForms];
  const tone: Tone = psi !== null && (psi.full?.avg10 ?? 0) >= 5 ? 'bad' : psi !== null && psi.some.avg10 >= 10 ? 'warn' : 'normal';
  return { text: candidates.find((text) => text.length <= columns) ?? candidates.at(-1)!, tone };
}

const SEVERITY: Record<ZoneState, number> = { 'below-min': 0, 'below-low': 1, 'below-high': 2, ok: 3 };
const ZONE_TONE: Record<ZoneState, Tone> = { 'below-min': 'bad', 'below-low': 'warn', 'below-high': 'normal', ok: 'normal' };

/** `recorded`: a replayed sample, which keeps no zones (the box may well have had them). */
function zoneLines(zones: ZoneView[] | null, columns: number, room: number, recorded = false): ToneLine[] {
  if (zones === null) return room > 0 ? [{ text: recorded ? 'zones not recorded' : 'zones n/a (no /proc/zoneinfo)', tone: 'dim' }] : [];
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

/**
 * The next kill and any OOM setting that changes it: the first lines under the title, whatever the budget;
 * in replay, the recording's timeline after them.
 */
export function forecastLines(snapshot: Snapshot | null, columns: number): ToneLine[] {
  if (snapshot === null) return [];
  const timeline = snapshot.replay === undefined ? [] : [timelineLine(snapshot.replay, columns)];
  return [nextKillLine(snapshot, columns), ...policyLines(snapshot.policy, columns), ...timeline];
}

/**
 * The block: forecastLines(), then up to `budget` lines of memory: MEM, SWAP, PSI, the worst zones, and the
 * misdiagnosis callout. `notices` (what else the header must say) go between the two.
 */
export function memoryLines(snapshot: Snapshot | null, columns: number, budget: number, notices: readonly ToneLine[] = []): ToneLine[] {
  const fitted = notices.map((line) => ({ tone: line.tone, text: fit(formFor(line, columns), columns) }));
  if (snapshot === null || budget <= 0) return fitted;
  const forecast = [...forecastLines(snapshot, columns), ...fitted];
  const lines = [memLine(snapshot, columns), swapLine(snapshot, columns), psiAndCommitLine(snapshot.pressure, columns)].slice(0, budget);
  const trap = budget > lines.length ? callout(snapshot) : null;
  const zoneRoom = budget - lines.length - (trap === null ? 0 : 1);
  lines.push(...zoneLines(snapshot.pressure.zones, columns, zoneRoom, snapshot.replay !== undefined));
  if (trap !== null) lines.push({ text: trap, tone: 'warn' });
  return [...forecast, ...lines.map((line) => ({ ...line, text: fit(line.text, columns) }))];
}
