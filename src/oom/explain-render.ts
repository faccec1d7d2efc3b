// Human output of `oomlens explain`: the kernel prints the verdict last, an operator wants it first. Per
// report: verdict (victim, scope, memcg), trigger, memory state, the biggest tasks with the victim marked,
// then the findings. Plain text, no colour, lines kept under ~80 columns except long names and paths.
import { PAGE_KB, formatKbWithUnit, formatPagesWithUnit, plural } from '../text/units.js';
import type { OomReport, OomTask, OomVictim } from './types.js';
import { wrapText } from '../text/wrap.js';
import { rateLimited } from './findings.js';
import { scopeUnknown } from './outcome-findings.js';
import { approximateMark, approximateWhy, localDateTime, offsetText } from './time/wall-format.js';

const WIDTH = 80;
const TOP_TASKS = 10;

function adj(value: number | null): string {
  return value === null ? '?' : String(value);
}

function kbOrUnknown(kb: number | null): string {
  return kb === null ? '?' : formatKbWithUnit(kb);
}

function scopeText(report: OomReport): string {
  if (report.manual) return 'manual OOM (SysRq-f)';
  if (report.scope === 'memcg') return `cgroup OOM in ${report.memcg ?? '(unnamed cgroup)'}`;
  if (report.constraint === 'CONSTRAINT_CPUSET') return `cpuset OOM in ${report.cpuset ?? '?'} (nodes ${report.memsAllowed ?? '?'})`;
  if (report.constraint === 'CONSTRAINT_MEMORY_POLICY') return `mempolicy OOM (nodes ${report.nodemask ?? '?'})`;
  if (scopeUnknown(report)) return 'what ran out is not in this log';
  return 'global OOM (whole machine)';
}

const PANIC_WORDS: Record<string, string> = {
  'panic_on_oom=1': 'vm.panic_on_oom=1 (system-wide)',
  'panic_on_oom=2': 'vm.panic_on_oom=2 (compulsory)',
  panic_on_oom: 'vm.panic_on_oom',
  'no-killable-process': 'no killable process (System is deadlocked on memory)',
};

function victimLines(report: OomReport, victim: OomVictim): string[] {
  const who = `${victim.name} (pid ${victim.pid}, uid ${victim.uid ?? '?'}, oom_score_adj ${adj(victim.oomScoreAdj)})`;
  const sizes =
    `anon-rss ${kbOrUnknown(victim.anonRssKb)}, file-rss ${kbOrUnknown(victim.fileRssKb)}, ` +
    `shmem-rss ${kbOrUnknown(victim.shmemRssKb)}, total-vm ${kbOrUnknown(victim.totalVmKb)}` +
    (victim.reaped ? '; memory reaped by oom_reaper' : '');
  return [`  Killed   ${who} — ${scopeText(report)}`, `           ${sizes}`];
}

export function verdictLines(report: OomReport): string[] {
  if (report.outcome === 'panic') {
    return [`  Panic    the kernel panicked: ${PANIC_WORDS[report.panicCause ?? ''] ?? '?'} — ${scopeText(report)}`];
  }
  if (report.victims.length === 0) {
    const why = report.noKillableProcess ? 'the kernel found no killable process' : 'no kill line in the log';
    return [`  No kill  ${why} — ${scopeText(report)}`];
  }
  const lines = report.victims.flatMap((victim) => victimLines(report, victim));
  if (report.taskMemcg !== null && report.taskMemcg !== report.memcg) lines.push(`  Victim's cgroup ${report.taskMemcg}`);
  return lines;
}

/** The wall time for a header: `≈ 2026-01-28 19:58:45`; else the log's own stamp or kernel seconds; else null. */
export function wallTimeShort(report: OomReport): string | null {
  const ms = report.wallTime === null ? NaN : Date.parse(report.wallTime);
  if (Number.isNaN(ms)) return report.timestamp;
  return `${approximateMark(report.wallTimeApproximate)}${localDateTime(ms)}`;
}

/** When it happened: the local wall time (and why it is approximate), the kernel's seconds, the log's stamp. */
export function whenText(report: OomReport): string {
  const uptime = report.uptimeSeconds === null ? null : `${report.uptimeSeconds.toFixed(6)} s after boot`;
  const ms = report.wallTime === null ? NaN : Date.parse(report.wallTime);
  if (Number.isNaN(ms)) {
    if (uptime !== null) return `${uptime}; the time of day is unknown: the log has no wall-clock stamp, and its boot time is not known here`;
    return report.timestamp === null ? 'not in this log (its stamps were stripped)' : `${report.timestamp} (a stamp oomlens cannot read)`;
  }
  const why = report.wallTimeSource === null ? null : approximateWhy(report.wallTimeSource, report.wallTimeApproximate);
  const stamp = report.timestamp !== null && report.uptimeSeconds?.toFixed(6) !== report.timestamp ? `log stamp ${report.timestamp}` : null;
  const wall = `${approximateMark(report.wallTimeApproximate)}${localDateTime(ms)} ${offsetText(ms)}${why === null ? '' : ` (approximate: ${why})`}`;
  return [wall, uptime, stamp].filter((part) => part !== null).join(' · ');
}

export function whenLines(report: OomReport, width: number = WIDTH): string[] {
  return wrapText(whenText(report), ' '.repeat(11), width).map((line, index) => (index === 0 ? `  When     ${line.slice(11)}` : line));
}

export function triggerLine(report: OomReport): string {
  const { trigger } = report;
  if (rateLimited(report)) return '  Trigger  not printed: the kernel rate-limited this report to its kill line';
  if (report.headerMissing) {
    const running = trigger.name === null ? '' : `; ${trigger.name} (pid ${trigger.pid ?? '?'}) was allocating`;
    return `  Trigger  not in this log: only the end of the report was kept${running}`;
  }
  const order = trigger.order === null ? '?' : String(trigger.order);
  return (
    `  Trigger  ${trigger.name ?? '?'} (pid ${trigger.pid ?? '?'}) asked for an order-${order} allocation, ` +
    `gfp_mask ${trigger.gfpMask ?? '?'}, oom_score_adj ${adj(trigger.oomScoreAdj)}`
  );
}

function counterText(label: string, counter: { usageKb: number; limitKb: number | null; failcnt: number }): string {
  const limit = counter.limitKb === null ? 'no limit' : `limit ${formatKbWithUnit(counter.limitKb)}`;
  return `${label} ${formatKbWithUnit(counter.usageKb)} of ${limit} (failcnt ${counter.failcnt})`;
}

export function reportMemoryLines(report: OomReport): string[] {
  const memory = report.memory;
  const parts: string[] = [];
  if (memory.memcgMemory !== null) parts.push(counterText('cgroup memory', memory.memcgMemory));
  if (memory.memcgMemsw !== null) parts.push(counterText('memory+swap', memory.memcgMemsw));
  if (memory.memcgSwap !== null) parts.push(counterText('cgroup swap', memory.memcgSwap));
  if (memory.swapTotalKb !== null) {
    parts.push(memory.swapTotalKb === 0 ? 'no swap' : `swap ${formatKbWithUnit(memory.swapFreeKb ?? 0)} free of ${formatKbWithUnit(memory.swapTotalKb)}`);
  }
  for (const zone of memory.zones) {
    const name = zone.node === null ? zone.zone : `node ${zone.node} ${zone.zone}`;
    const mark = zone.freeKb < zone.minKb ? ' BELOW MIN' : zone.freeKb < zone.lowKb ? ' below low' : '';
    parts.push(`${name} free ${formatKbWithUnit(zone.freeKb)} (min ${formatKbWithUnit(zone.minKb)}, low ${formatKbWithUnit(zone.lowKb)})${mark}`);
  }
  if (parts.length === 0) return ['  Memory   not in the report'];
  return parts.map((part, index) => `${index === 0 ? '  Memory   ' : '           '}${part}`);
}

function taskRow(task: OomTask, victimPids: Set<number>): string {
  const marker = victimPids.has(task.pid) ? '>' : ' ';
  const rss = task.rssPages === null ? '?' : formatPagesWithUnit(task.rssPages);
  const swap = task.swapEntries === null ? '?' : formatKbWithUnit(task.swapEntries * PAGE_KB);
  const cells = [
    String(task.pid).padStart(8),
    String(task.uid ?? '?').padStart(6),
    rss.padStart(10),
    swap.padStart(10),
    adj(task.oomScoreAdj).padStart(6),
  ];
  return `  ${marker}${cells.join(' ')}  ${task.name}${marker === '>' ? '   <- killed' : ''}`;
}

export function taskLines(report: OomReport, top: number = TOP_TASKS): string[] {
  if (!report.taskTableSeen) return ['  Tasks    no task table in this report'];
  const sorted = [...report.tasks].sort((a, b) => (b.rssPages ?? 0) - (a.rssPages ?? 0));
  const victimPids = new Set(report.victims.map((victim) => victim.pid));
  const shown = sorted.slice(0, top);
  for (const task of sorted.slice(top)) if (victimPids.has(task.pid)) shown.push(task);
  const total = report.tasks.length + report.tasksOmitted;
  return [
    `  Tasks    top ${shown.length} of ${plural(total, 'task')} by rss (pages of ${PAGE_KB} kB):`,
    `  ${'PID'.padStart(9)} ${'UID'.padStart(6)} ${'RSS'.padStart(10)} ${'SWAP'.padStart(10)} ${'ADJ'.padStart(6)}  NAME`,
    ...shown.map((task) => taskRow(task, victimPids)),
  ];
}

export function findingLines(report: OomReport, width: number = WIDTH): string[] {
  if (report.findings.length === 0) return [];
  return ['  Findings', ...report.findings.flatMap((finding) => wrapText(`[${finding.id}] ${finding.text}`, '    ', width))];
}

/** The text block for one report; `index` is 1-based. */
export function renderReport(report: OomReport, index: number): string {
  const short = wallTimeShort(report);
  const when = short === null ? '' : ` · ${short}`;
  const kernel = report.kernelRelease === null ? '' : ` · kernel ${report.kernelRelease}`;
  return [
    `OOM report ${index}${when}${kernel}`,
    ...verdictLines(report),
    ...whenLines(report),
    triggerLine(report),
    ...reportMemoryLines(report),
    ...taskLines(report),
    ...findingLines(report),
  ].join('\n');
}
