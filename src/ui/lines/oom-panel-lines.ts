// The OOM panel as lines: verdict first (the kernel prints it last), then what oomlens saw before the
// kill, the trigger, the memory state, the biggest tasks with the victim marked, and the findings. Pure,
// fitted to a height: the task table gives up rows first, the memory block lines next.
import { newestUnreportedKill, oomEntries } from '../../model/incidents/entries.js';
import type { Incident, OomSession } from '../../model/incidents/types.js';
import { formatKbInline } from '../../text/units.js';
import { reportMemoryLines, taskLines, triggerLine, whenLines } from '../../oom/explain-render.js';
import { wrapText } from '../../text/wrap.js';
import type { OomReport } from '../../oom/types.js';
import { fit, formatDuration } from './format.js';
import { localDateTime } from '../../oom/time/wall-format.js';
import type { ToneLine } from '../tone.js';
import { beforeStartText, killTimeText, unreportedKillWords } from './past-kills.js';
import { userspaceKillLines, userspaceKillTime, userspaceUnavailableLines } from './userspace-kill-lines.js';
import { labelledLines, panelFooterLines } from './panel-text.js';
import { absentReportLines, counterKillLines, recordedBeforeLines, recordedTopLines } from './recorded-kill-lines.js';
import type { RecordedRunUp } from '../../model/incidents/types.js';

function scopeWords(report: OomReport): string {
  if (report.manual) return 'a manual kill (SysRq-f): not a memory shortage';
  if (report.scope === 'memcg') return 'a cgroup hit its own limit; the box is fine';
  return 'the whole machine ran out of memory';
}

export function verdictText(report: OomReport): string {
  const victims = report.victims.map((v) => `${v.pid} (${v.name})`).join(', ');
  const where = report.scope === 'memcg' && report.memcg !== null ? ` in ${report.memcg}` : '';
  const kind = report.manual ? 'Manual OOM' : report.scope === 'memcg' ? 'Memory cgroup out of memory' : 'Out of memory';
  if (victims === '') return `${kind}${where}: no kill line in the report — ${scopeWords(report)}`;
  return `${kind}: killed ${victims}${where} — ${scopeWords(report)}`;
}

function beforeLines(incident: Incident, width: number): string[] {
  const before = beforeStartText(incident);
  const past = before === null ? [] : wrapText(before, ' '.repeat(11), width).map((line, i) => (i === 0 ? `  Before   ${line.slice(11)}` : line));
  const recorded = incident.recorded === undefined ? [] : recordedBeforeLines(incident.recorded, width).map((line) => line.text);
  return [...past, ...recorded, ...incident.victimsBefore.map((v) => {
    const rank = v.lastRank === null ? 'not killable-ranked' : `rank ${v.lastRank} of ${v.rankedOf}`;
    const trend =
      v.footprintFirstKb === null || v.footprintLastKb === null
        ? ''
        : ` · RSS+swap ${formatKbInline(v.footprintFirstKb)} → ${formatKbInline(v.footprintLastKb)} over ${v.windowSeconds}s`;
    const growth = v.growthKbPerMin === null ? '' : ` (${v.growthKbPerMin >= 0 ? '+' : '-'}${formatKbInline(Math.abs(Math.round(v.growthKbPerMin)))}/min)`;
    return labelledLines(`  Before   ${v.name} (${v.pid}): ${rank} in oomlens's last sample${trend}${growth}`, width);
  }).flat()];
}

function noReportLines(session: OomSession, width: number): ToneLine[] {
  const kills = session.killsSeen ?? 0;
  const lines: ToneLine[] = kills > 0
    ? wrapText(`OOM kill: /proc/vmstat oom_kill rose by ${kills} since oomlens started, and no report has been read`, '  ', width).map((text) => ({ text, tone: 'bad' }))
    : [{ text: 'No OOM kill since oomlens started.', tone: 'normal' }];
  const why = session.log.unavailable ?? session.log.error;
  if (why !== null) {
    for (const text of wrapText(why, '  ', width)) lines.push({ text, tone: 'warn' });
  } else {
    lines.push({ text: `  waiting for the kernel's report on ${session.log.source ?? 'the kernel log'}…`, tone: 'dim' });
  }
  return [...lines, ...userspaceUnavailableLines(session, width)];
}

/**
 * The panel's title bar: which incident, and when it happened on the wall clock (`nowWallMs`), else how long
 * ago oomlens read it (`nowMs`, monotonic) and the log's stamp; whether it came before oomlens started.
 */
export function oomPanelTitle(session: OomSession, index: number | null, nowMs: number, nowWallMs: number | null = null): string {
  const entries = oomEntries(session);
  const count = entries.length;
  if (count === 0) return (session.killsSeen ?? 0) > 0 ? ' OOM · a kill without a report ' : ' OOM · kernel log ';
  const chosen = Math.min(Math.max(0, index ?? count - 1), count - 1);
  const entry = entries[chosen]!;
  if (entry.kind === 'userspace') {
    const wall = nowWallMs === null ? '' : ` · ${userspaceKillTime(entry.kill, nowWallMs)}`;
    return ` OOM ${chosen + 1}/${count}${wall} · ${entry.kill.killer} `;
  }
  if (entry.kind === 'counter') {
    const wall = nowWallMs === null ? '' : ` · ${killTimeOf(entry.kill.wallMs, nowWallMs)}`;
    return ` OOM ${chosen + 1}/${count}${wall} · a kill without a report `;
  }
  const incident = entry.incident;
  const before = incident.origin === 'live' ? '' : ' · before oomlens started';
  const wall = nowWallMs === null ? null : killTimeText(incident, nowWallMs);
  if (wall !== null) return ` OOM ${chosen + 1}/${count} · ${wall}${before} `;
  const when = incident.report.timestamp === null ? '' : ` · kernel time ${incident.report.timestamp}`;
  if (incident.origin !== 'live') return ` OOM ${chosen + 1}/${count}${when}${before} `;
  return ` OOM ${chosen + 1}/${count} · read ${formatDuration((nowMs - incident.seenAtMs) / 1000)} ago${when} `;
}

/** `10:03:22 (3m ago)` on the wall clock of the sample shown. */
function killTimeOf(wallMs: number, nowWallMs: number): string {
  return userspaceKillTime({ wallMs, wallTimeApproximate: false }, nowWallMs);
}

/** Replay: a userspace killer's kill with what `oomlens record` kept of its run-up. */
function userspaceRunUpLines(recorded: RecordedRunUp, width: number): ToneLine[] {
  return [
    ...recordedBeforeLines(recorded, width),
    ...recordedTopLines(recorded, width),
    ...absentReportLines("a userspace killer's kill: the kernel's OOM killer did not act, so it printed none", width),
  ];
}

/** Replay: where the kill's bundle is (a kernel incident says it in the footer, as `saved …`). */
function bundleLines(recorded: RecordedRunUp, width: number): ToneLine[] {
  const forms = [`bundle ${recorded.path}`, `bundle …/${recorded.path.slice(recorded.path.lastIndexOf('/') + 1)}`];
  return [{ text: forms.find((form) => form.length <= width) ?? forms[1]!, tone: 'dim' }];
}

/**
 * Lines for incident `index` (null: the newest), at most `height` of them, each at most `width` wide. Showing
 * the newest while the counter's newest kill has no report yet, they say so first: the kill shown below
 * is the one before it.
 */
export function oomPanelLines(session: OomSession, index: number | null, width: number, height: number): ToneLine[] {
  // With no kill listed at all, noReportLines() says what the counter saw.
  const unreported = index === null && oomEntries(session).length > 0 ? newestUnreportedKill(session) : null;
  if (unreported === null) return entryLines(session, index, width, height);
  const below = unreported.kills === 1 ? ' Below: the kill before it.' : ' Below: the kill before them.';
  const head = wrapText(`oom_kill rose at ${localDateTime(unreported.wallMs)}: ${unreportedKillWords(unreported, session)}.${below}`, '', width)
    .map((text): ToneLine => ({ text, tone: 'bad' }));
  return [...head, ...entryLines(session, index, width, Math.max(0, height - head.length))].slice(0, height);
}

function entryLines(session: OomSession, index: number | null, width: number, height: number): ToneLine[] {
  const entries = oomEntries(session);
  const count = entries.length;
  const chosen = count === 0 ? -1 : Math.min(Math.max(0, index ?? count - 1), count - 1);
  const entry = chosen < 0 ? null : entries[chosen]!;
  const incident = entry?.kind === 'kernel' ? entry.incident : null;
  const footer = panelFooterLines(session, incident, width).map((text): ToneLine => ({ text, tone: 'dim' }));
  if (entry?.kind === 'userspace' || entry?.kind === 'counter') {
    const lines = entry.kind === 'counter'
      ? counterKillLines(entry.kill, width)
      : [...userspaceKillLines(entry.kill, session, width), ...(entry.kill.recorded === undefined ? [] : userspaceRunUpLines(entry.kill.recorded, width))];
    const bundle = entry.kill.recorded === undefined ? [] : bundleLines(entry.kill.recorded, width);
    return [...lines.slice(0, Math.max(0, height - footer.length - bundle.length)), ...bundle, ...footer].map((l) => ({ ...l, text: fit(l.text, width) }));
  }
  if (incident === null) return [...noReportLines(session, width), ...footer].slice(-height).map((l) => ({ ...l, text: fit(l.text, width) }));

  const report = incident.report;
  const normal = (text: string): ToneLine => ({ text, tone: 'normal' });
  const when = whenLines(report, width).map(normal);
  const memory = reportMemoryLines(report).flatMap((text) => labelledLines(text, width)).map(normal);
  const findings = incident.findings.flatMap((f) => wrapText(`[${f.id}] ${f.text}`, '  ', width)).map((text): ToneLine => ({
    text,
    tone: text.includes('[culprit-not-victim]') ? 'warn' : 'normal',
  }));
  const tasksWanted = report.taskTableSeen ? 2 : 0;
  // The verdict is the one line never cut: it wraps instead. The When line goes first when the victim's
  // row in the task table would not fit: the panel's title gives the kill's wall time too.
  const verdict = wrapText(verdictText(report), '', width).map((text): ToneLine => ({ text, tone: 'bad' }));
  const before = beforeLines(incident, width).map(normal);
  const trigger = labelledLines(triggerLine(report), width).map(normal);
  const fits = (headLength: number) => height - headLength - findings.length - footer.length >= 1 + tasksWanted;
  const head: ToneLine[] = fits(verdict.length + before.length + when.length + trigger.length)
    ? [...verdict, ...before, ...when, ...trigger]
    : [...verdict, ...before, ...trigger];
  const fixed = head.length + findings.length + footer.length;
  // The memory state keeps its first line; the task table then gets room for its header and the victim's
  // row before the memory state's other lines; the table's summary line is the first thing to go.
  const room = height - fixed;
  const memoryShown = memory.slice(0, Math.max(1, Math.min(memory.length, room - tasksWanted)));
  const taskRoom = Math.max(0, room - memoryShown.length);
  const table = taskRoom >= 2 ? taskLines(report, Math.max(1, taskRoom - 2)) : [];
  const tasks = table.length > taskRoom ? table.slice(1, taskRoom + 1) : table;
  const taskTones = tasks.map((text): ToneLine => ({ text, tone: text.includes('<- killed') ? 'bad' : 'normal' }));
  const body = [...head, ...memoryShown, ...taskTones, ...findings].slice(0, Math.max(0, height - footer.length));
  return [...body, ...footer].map((line) => ({ ...line, text: fit(line.text, width) }));
}
