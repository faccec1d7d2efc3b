// What a report means, one sentence each, for an operator who has never read mm/oom_kill.c. Each finding has
// a stable id (tests, JSON consumers and the TUI key on it) and a fixed position in the list, most
// important first: what kind of OOM, who was chosen and why, then the memory state that led to it.
import { constraintFinding, noKillableFinding, panicFinding, scopeUnknown } from './outcome-findings.js';
import { taskFootprintPages } from './task-table.js';
import type { Finding, OomReport, OomTask, OomVictim } from './types.js';
import { PAGE_KB, formatKbWithUnit, formatPagesWithUnit, plural } from '../text/units.js';

/**
 * One program as far as a report can tell: its name and the cgroup it ran in (the `oom-kill:` summary's
 * task_memcg, 5.0+; before, the `Task in PATH killed` line), plus its command line where the caller knows it
 * (the TUI saw the process; the kernel never prints it). Without a cgroup there is no identity: the same
 * name in another container, unit or session is another program, and a name alone would call eleven unrelated
 * python3 processes one victim killed eleven times.
 */
export interface ProgramIdentity {
  name: string;
  cgroup: string;
  commandLine: string | null;
}

/** The victim's program, or null when the report does not say where it ran. */
export function programOf(report: OomReport, victim: OomVictim, commandLine: string | null = null): ProgramIdentity | null {
  const cgroup = report.taskMemcg ?? (report.scope === 'memcg' ? report.memcg : null);
  return cgroup === null ? null : { name: victim.name, cgroup, commandLine };
}

/** At most this many programs are remembered; the oldest goes first. */
const MAX_PROGRAMS = 10_000;
/** A command line of a victim that oomlens did not see (the kernel never prints one). */
const UNKNOWN = '';

/** Programs killed so far in one log (or one session), for repeat-victim. Bounded, and keyed by flat strings. */
export class KillHistory {
  /** `name NUL cgroup` → kills per command line (UNKNOWN when not known). */
  private readonly kills = new Map<string, Map<string, number>>();

  /** How many earlier kills were of this same program (an unknown command line matches any). */
  killsOf(program: ProgramIdentity): number {
    const byCommandLine = this.kills.get(programKey(program));
    if (byCommandLine === undefined) return 0;
    if (program.commandLine === null) return [...byCommandLine.values()].reduce((sum, count) => sum + count, 0);
    return (byCommandLine.get(program.commandLine) ?? 0) + (byCommandLine.get(UNKNOWN) ?? 0);
  }

  /** `commandLines`: what the caller knows of a victim's command line, by pid. */
  record(report: OomReport, commandLines: ReadonlyMap<number, string> = new Map()): void {
    for (const victim of report.victims) {
      const program = programOf(report, victim, commandLines.get(victim.pid) ?? null);
      if (program === null) continue;
      const key = programKey(program);
      const byCommandLine = this.kills.get(key) ?? new Map<string, number>();
      this.kills.delete(key);
      this.kills.set(key, byCommandLine);
      const commandLine = program.commandLine ?? UNKNOWN;
      if (byCommandLine.size < 64 || byCommandLine.has(commandLine)) byCommandLine.set(commandLine, (byCommandLine.get(commandLine) ?? 0) + 1);
      if (this.kills.size > MAX_PROGRAMS) this.kills.delete(this.kills.keys().next().value ?? '');
    }
  }
}

/**
 * A key that holds no slice of the log: the names come out of log lines, and a V8 substring keeps its whole
 * line (and the chunk the line came from) alive, which a 48 MB log of repeat kills would feel.
 */
function programKey(program: ProgramIdentity): string {
  return Buffer.from(`${program.name}\0${program.cgroup}`).toString();
}

type Rule = (report: OomReport, history: KillHistory, commandLines: ReadonlyMap<number, string>) => Finding | null;

function scopeFinding(report: OomReport): Finding | null {
  if (report.manual) {
    const what = report.outcome === 'kill' ? 'this kill' : 'this OOM';
    return {
      id: 'manual-oom',
      text: `Someone asked for ${what} by hand (SysRq-f or /proc/sysrq-trigger): it is not evidence of a memory shortage.`,
    };
  }
  const constrained = constraintFinding(report);
  if (constrained !== null) return constrained;
  if (scopeUnknown(report)) return null;
  if (report.scope === 'memcg') {
    const limitKb = report.memory.memcgMemory?.limitKb;
    const limit = limitKb == null ? '' : ` (${formatKbWithUnit(limitKb)})`;
    return {
      id: 'cgroup-oom',
      text: `The cgroup ${report.memcg ?? '(unnamed)'} hit its own memory limit${limit}, not the machine: the fix is that limit or the service inside it, not the box.`,
    };
  }
  return {
    id: 'global-oom',
    text: 'The whole machine ran out of memory (global OOM): every process was a candidate, and the fix is more memory, more swap or less demand on the box.',
  };
}

const highOrder: Rule = (report) => {
  const order = report.trigger.order;
  if (order === null || order <= 0) return null;
  return {
    id: 'high-order',
    text: `The failed allocation needed ${2 ** order} contiguous pages (order ${order}, ${formatKbWithUnit(PAGE_KB * 2 ** order)}): free memory was too fragmented, so the kernel killed even though smaller free blocks may have existed.`,
  };
};

/** The trigger thread belongs to a victim when its pid is the victim's, or its task row's tgid is. */
function triggerIsVictim(report: OomReport): boolean {
  const pid = report.trigger.pid;
  if (pid === null) return true;
  const tgid = report.tasks.find((task) => task.pid === pid)?.tgid ?? pid;
  return report.victims.some((victim) => victim.pid === pid || victim.pid === tgid);
}

const triggerNotVictim: Rule = (report) => {
  const first = report.victims[0];
  if (report.manual || first === undefined || triggerIsVictim(report)) return null;
  return {
    id: 'trigger-not-victim',
    text: `${report.trigger.name ?? 'A task'} (pid ${report.trigger.pid}) asked for the memory, but ${first.name} (pid ${first.pid}) was killed: the kernel kills the task with the highest badness, so the one that tipped the box over is not necessarily the one that died.`,
  };
};

const expendableVictim: Rule = (report) => {
  const victim = report.victims.find((candidate) => (candidate.oomScoreAdj ?? 0) > 0);
  if (victim === undefined) return null;
  return {
    id: 'expendable-victim',
    text: `${victim.name} (pid ${victim.pid}) had oom_score_adj ${victim.oomScoreAdj}: it was marked expendable, so the kernel preferred it to bigger tasks.`,
  };
};

function victimFootprintPages(report: OomReport, victim: OomVictim): number | null {
  const row = report.tasks.find((task) => task.pid === victim.pid);
  const fromRow = row === undefined ? null : taskFootprintPages(row);
  if (fromRow !== null) return fromRow;
  if (victim.anonRssKb === null) return null;
  return (victim.anonRssKb + (victim.fileRssKb ?? 0) + (victim.shmemRssKb ?? 0)) / PAGE_KB;
}

const protectedBiggerTask: Rule = (report) => {
  const victim = report.victims[0];
  if (victim === undefined) return null;
  const victimPages = victimFootprintPages(report, victim);
  if (victimPages === null) return null;
  let biggest: { task: OomTask; pages: number } | null = null;
  for (const task of report.tasks) {
    const pages = taskFootprintPages(task);
    if (pages === null || (task.oomScoreAdj ?? 0) >= 0 || task.pid === victim.pid || pages <= victimPages) continue;
    if (biggest === null || pages > biggest.pages) biggest = { task, pages };
  }
  if (biggest === null) return null;
  const { task, pages } = biggest;
  return {
    id: 'protected-bigger-task',
    text: `${task.name} (pid ${task.pid}) held more memory (${formatPagesWithUnit(pages)}) than the victim (${formatPagesWithUnit(victimPages)}) and survived because its oom_score_adj is ${task.oomScoreAdj}.`,
  };
};

const repeatVictim: Rule = (report, history, commandLines) => {
  for (const victim of report.victims) {
    const program = programOf(report, victim, commandLines.get(victim.pid) ?? null);
    const before = program === null ? 0 : history.killsOf(program);
    if (program === null || before === 0) continue;
    return {
      id: 'repeat-victim',
      // With a command line known (the live screen saw the victim), kills of the same name with other
      // arguments are other programs, so this count can be lower than `explain`'s of the same log: say so.
      text: `${victim.name} in ${program.cgroup}${program.commandLine === null ? '' : ', with this command line,'} was already killed ${plural(before, 'time')} earlier in this log: it grows back into the same wall, so restarting it will not help until its memory use or its limit changes.`,
    };
  }
  return null;
};

const groupKill: Rule = (report) => {
  if (!report.groupKill) return null;
  return {
    id: 'group-kill',
    text: `memory.oom.group is set on ${report.memcg ?? "the victim's cgroup"}: the kernel killed all ${plural(report.victims.length, 'task')} of the group together, not just the biggest one.`,
  };
};

/** Swap and watermark findings describe a shortage of the machine's; a manual kill had none. */
function shortageMatters(report: OomReport): boolean {
  return !report.manual && !scopeUnknown(report);
}

const noSwap: Rule = (report) => {
  if (!shortageMatters(report)) return null;
  const { swapTotalKb, memcgSwap } = report.memory;
  if (report.scope === 'global' && swapTotalKb === 0) {
    return {
      id: 'no-swap',
      text: 'This machine has no swap: anonymous memory could not be paged out, so the kernel had to kill as soon as RAM was full.',
    };
  }
  if (report.scope === 'memcg' && memcgSwap?.limitKb === 0) {
    return {
      id: 'no-swap',
      text: 'The cgroup may not use swap (its swap limit is 0): its anonymous memory had to fit in RAM.',
    };
  }
  return null;
};

/** Less than 1% left, or within 64 kB of the limit (charges come in batches of pages). */
function nearlyFull(usedKb: number, limitKb: number): boolean {
  return limitKb - usedKb <= Math.max(64, limitKb / 100);
}

const swapExhausted: Rule = (report) => {
  if (!shortageMatters(report)) return null;
  const { swapFreeKb, swapTotalKb, memcgMemsw, memcgSwap } = report.memory;
  if (report.scope === 'global' && swapTotalKb !== null && swapTotalKb > 0 && swapFreeKb !== null) {
    if (!nearlyFull(swapTotalKb - swapFreeKb, swapTotalKb)) return null;
    return {
      id: 'swap-exhausted',
      text: `Swap was used up (${formatKbWithUnit(Math.max(swapFreeKb, 0))} free of ${formatKbWithUnit(swapTotalKb)}): nothing more could be paged out.`,
    };
  }
  const counter = report.scope === 'memcg' ? (memcgMemsw ?? memcgSwap) : null;
  if (counter == null || counter.limitKb === null || counter.limitKb === 0) return null;
  if (!nearlyFull(counter.usageKb, counter.limitKb)) return null;
  const what = counter === memcgMemsw ? 'memory+swap' : 'swap';
  return {
    id: 'swap-exhausted',
    text: `The cgroup's ${what} limit was used up (${formatKbWithUnit(counter.usageKb)} of ${formatKbWithUnit(counter.limitKb)}): swapping could not make room.`,
  };
};

const belowMinWatermark: Rule = (report) => {
  if (!shortageMatters(report) || report.scope !== 'global') return null;
  const zone = report.memory.zones.find((candidate) => candidate.minKb > 0 && candidate.freeKb < candidate.minKb);
  if (zone === undefined) return null;
  const where = zone.node === null ? zone.zone : `node ${zone.node} ${zone.zone}`;
  return {
    id: 'below-min-watermark',
    text: `Zone ${where} had ${formatKbWithUnit(zone.freeKb)} free, below its min watermark (${formatKbWithUnit(zone.minKb)}): allocations were stuck in direct reclaim and reclaim found nothing left to free.`,
  };
};

/**
 * Only the kill is left because oom_kill_process() rate-limited the header (mm/oom_kill.c, oom_rs: 10 per
 * 5 s). A report that kept its summary, its task table or no kill at all lost its start some other way.
 */
export function rateLimited(report: OomReport): boolean {
  return report.headerMissing && report.outcome === 'kill' && report.constraint === null && !report.taskTableSeen;
}

const noTaskTable: Rule = (report) => {
  if (report.taskTableSeen) return null;
  const why = !report.headerMissing
    ? 'vm.oom_dump_tasks is 0, or the rows were lost'
    : rateLimited(report)
      ? 'the kernel rate-limited this report and printed only the kill'
      : 'only its last lines are in this log: the console log level hid the rest, or the paste was cut';
  return {
    id: 'no-task-table',
    text: `The report has no task table (${why}): the victim cannot be compared with the processes that survived.`,
  };
};

const RULES: Rule[] = [
  scopeFinding,
  panicFinding,
  noKillableFinding,
  highOrder,
  triggerNotVictim,
  expendableVictim,
  protectedBiggerTask,
  repeatVictim,
  groupKill,
  noSwap,
  swapExhausted,
  belowMinWatermark,
  noTaskTable,
];

/**
 * The findings for one report; history holds the kills seen before it in the same log, `commandLines` what
 * the caller knows of the victims' command lines (by pid).
 */
export function findingsFor(
  report: OomReport,
  history: KillHistory = new KillHistory(),
  commandLines: ReadonlyMap<number, string> = new Map(),
): Finding[] {
  return RULES.map((rule) => rule(report, history, commandLines)).filter((finding): finding is Finding => finding !== null);
}
