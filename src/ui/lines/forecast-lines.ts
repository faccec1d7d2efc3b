// "Who dies next, and when", across every scope and killer: the line under the title naming the soonest
// predicted kill (model/forecast), the kernel setting that changes that answer, and the misdiagnosis
// callout of the same scope (the victim, and the fastest grower beside it). Pure.
import { scopeLabel } from '../../model/forecast/scope-label.js';
import type { NextKill } from '../../model/forecast/types.js';
import { pidsInSubtree } from '../../model/ranking/cgroup-ranking.js';
import { nextVictim } from '../../model/ranking/kill-order.js';
import { claimableGrowth } from '../../model/ranking/own-process.js';
import { misdiagnosisTrap, trapRules } from '../../model/sampling/trend.js';
import type { ProcessRow, Snapshot } from '../../model/snapshot.js';
import type { OomPolicy } from '../../procfs/oom-policy.js';
import { formatKbCompact, plural } from '../../text/units.js';
import type { Tone, ToneLine } from '../tone.js';
import { etaText, slopeText, victimsText } from './forecast-words.js';
import { fit } from './format.js';
import { growthText } from './gauges.js';
import { policyWarning } from './policy-words.js';

/** Under this many seconds the next kill is drawn as bad, not warn. */
const SOON_SECONDS = 300;

function outcomeText(next: NextKill, policy: OomPolicy): string {
  if (next.outcome === 'panic') return `the box panics (panic_on_oom=${policy.panicOnOom ?? '?'})`;
  const victims = victimsText(next.victims) ?? 'no killable process found';
  const allocating = next.killer === 'kernel' && next.scope === 'global' && policy.oomKillAllocatingTask === true;
  return allocating ? `${victims} (the likeliest allocator)` : victims;
}

/** The parts of the line, the ones that go first when it is too long marked optional (first to go last). */
function lineParts(next: NextKill, policy: OomPolicy): { text: string; drop: number }[] {
  const when = etaText(next.etaSeconds, next.provisional);
  const scope = { text: scopeLabel(next.cgroup), drop: 0 };
  const figures = next.usageKb === null || next.limitKb === null ? '' : `${formatKbCompact(next.usageKb)}/${formatKbCompact(next.limitKb)}`;
  const outcome = { text: `→ ${outcomeText(next, policy)}`, drop: 0 };
  const noun = next.outcome === 'panic' ? 'next OOM' : 'next kill';
  if (next.killer === 'kernel') {
    return [{ text: `${noun} ${when}:`, drop: 0 }, scope, { text: figures, drop: 2 }, { text: slopeText(next.growthKbPerMin), drop: 1 }, outcome];
  }
  // A userspace killer names itself, and the rule that would fire.
  const at = when === 'now' ? 'now' : `in ${when}`;
  const where = next.cgroup === null ? `${noun}: ${next.killer} ${at}` : `${noun}: ${next.killer} ${at}:`;
  return [
    { text: where, drop: 0 },
    ...(next.cgroup === null ? [] : [scope]),
    outcome,
    { text: next.reason === null ? '' : `· ${next.reason}`, drop: 3 },
  ];
}

function joinParts(parts: readonly { text: string; drop: number }[], columns: number): string {
  let kept = parts.filter((part) => part.text !== '');
  for (const level of [3, 2, 1]) {
    const text = kept.map((part) => part.text).join(' ');
    if (text.length <= columns) return text;
    kept = kept.filter((part) => part.drop !== level);
  }
  return kept.map((part) => part.text).join(' ');
}

/** That nothing approaches a limit, in the widest of its forms that fits (the bare words at the least). */
function quietText(snapshot: Snapshot, columns: number): string {
  const limited = snapshot.cgroups?.list.filter((cgroup) => cgroup.limitKb !== null).length ?? null;
  const head = 'next kill: nothing is approaching a limit';
  const cgroups =
    limited === null ? [] : limited === 0 ? ['; no cgroup limits'] : [`; ${plural(limited, 'limited cgroup')} flat`, `; ${plural(limited, 'cgroup')} flat`];
  const forms = [...cgroups.map((text) => `${head} (box ETA none${text})`), `${head} (box ETA none)`, head];
  return forms.find((text) => text.length <= columns) ?? head;
}

/** The soonest predicted kill in one line, or that nothing approaches a limit. */
export function nextKillLine(snapshot: Snapshot, columns: number): ToneLine {
  const next = snapshot.forecast.nextKill;
  if (next === null) return { text: fit(quietText(snapshot, columns), columns), tone: 'normal' };
  const soon = next.etaSeconds !== null && next.etaSeconds < SOON_SECONDS;
  const tone: Tone = next.outcome === 'panic' || soon ? 'bad' : 'warn';
  return { text: fit(joinParts(lineParts(next, snapshot.policy), columns), columns), tone };
}

/** The kernel setting that changes who dies, when it is not the default: one line, or none. */
export function policyLines(policy: OomPolicy, columns: number): ToneLine[] {
  const warning = policyWarning(policy);
  return warning === null ? [] : [{ text: fit(warning, columns), tone: 'warn' }];
}

/** The pids the next kill chooses among: a cgroup's subtree (memcg scope), or null for every process. */
function scopePids(snapshot: Snapshot, next: NextKill): Set<number> | null {
  if (next.scope !== 'memcg' || next.cgroup === null) return null;
  const list = snapshot.cgroups?.list ?? [];
  const matches = list.filter((cgroup) => cgroup.path === next.cgroup);
  const cgroup = matches.find((c) => c.limitKb !== null) ?? matches[0];
  return new Set(cgroup === undefined ? [] : pidsInSubtree(cgroup, list));
}

/** The predicted victims of the next kill, or else the box's own answer; what the kill list marks. */
export function predictedVictims(snapshot: Snapshot): NextKill['victims'] {
  return (snapshot.forecast.nextKill ?? snapshot.forecast.global).victims;
}

/**
 * "next victim: mysqld (7.2G, flat) · fastest grower: worker (+120M/min)", or null: the next kill's victim
 * and the fastest grower of the same scope (a cgroup's, when the next kill is a cgroup's), when the grower
 * is another process. Early slopes and oomlens itself are never named the fastest grower.
 */
export function callout(snapshot: Snapshot): string | null {
  const next = snapshot.forecast.nextKill ?? snapshot.forecast.global;
  const victimPid = next.victims[0]?.pid;
  if (victimPid === undefined) return null;
  const scope = scopePids(snapshot, next);
  const candidates: { row: ProcessRow; rank: number; growthKbPerMin: number | null }[] = [];
  for (const row of snapshot.processes) {
    if (row.kernelThread || (scope !== null && !scope.has(row.pid))) continue;
    if (row.pid === victimPid) candidates.push({ row, rank: 0, growthKbPerMin: row.growthProvisional === true ? null : row.growthKbPerMin });
    else if (row.killRank !== null) candidates.push({ row, rank: row.killRank ?? Infinity, growthKbPerMin: claimableGrowth(row) });
  }
  const trap = misdiagnosisTrap(candidates, trapRules(snapshot.memory?.totalKb ?? null));
  if (trap === null || trap.nextVictim.rank !== 0) return null;
  const victim = trap.nextVictim.row;
  const grower = trap.fastestGrower.row;
  const where = scope === null ? '' : `in ${scopeLabel(next.cgroup)}: `;
  return `${where}next victim: ${victim.name} (${formatKbCompact(victim.rssKb)}, ${growthText(trap.nextVictim.growthKbPerMin)}) · fastest grower: ${grower.name} (${growthText(grower.growthKbPerMin)}/min)`;
}

/**
 * The pids the kill list marks as dying next: the next kill's victims (else the box's own answer); in a
 * cgroup's list (`scopeKey`), that cgroup's next OOM's, or else the top of its ranking.
 */
export function markedVictimPids(snapshot: Snapshot | null, scopeKey: string | null, rows: readonly ProcessRow[]): Set<number> {
  if (snapshot === null) return new Set();
  if (scopeKey === null) return new Set(predictedVictims(snapshot).map((victim) => victim.pid));
  const victims = snapshot.forecast.cgroups.find((forecast) => forecast.key === scopeKey)?.nextVictims ?? [];
  if (victims.length > 0) return new Set(victims.map((victim) => victim.pid));
  const top = nextVictim(rows);
  return new Set(top === null ? [] : [top.pid]);
}
