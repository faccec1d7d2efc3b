// Findings for OOMs that are not a plain kill of the biggest task on the box: one confined to a cpuset or a
// NUMA memory policy (mm/oom_kill.c constrained_alloc()), one that ended in a panic (check_panic_on_oom(),
// out_of_memory()), and one where nothing could be killed (select_bad_process() found no candidate:
// oom_badness() skips every task at OOM_SCORE_ADJ_MIN, -1000, and every task already being killed).
import type { Finding, OomReport, OomTask } from './types.js';
import { plural } from '../text/units.js';

const OOM_SCORE_ADJ_MIN = -1000;
const NAMES_SHOWN = 5;

/** CONSTRAINT_CPUSET / CONSTRAINT_MEMORY_POLICY (5.0+ `oom-kill:` line): a set of nodes ran out, not the box. */
export function constraintFinding(report: OomReport): Finding | null {
  const eligible =
    'only tasks that may use those nodes were candidates (oom_cpuset_eligible()), and other nodes may have had free memory';
  if (report.constraint === 'CONSTRAINT_CPUSET') {
    const nodes = report.memsAllowed === null ? '' : ` (nodes ${report.memsAllowed})`;
    return {
      id: 'cpuset-oom',
      text: `The allocating task's cpuset ${report.cpuset ?? '(unnamed)'}${nodes} ran out of memory, not the whole machine: ${eligible}. The fix is the cpuset's memory nodes (cpuset.mems) or what runs in it.`,
    };
  }
  if (report.constraint === 'CONSTRAINT_MEMORY_POLICY') {
    const nodes = report.nodemask === null || report.nodemask === '(null)' ? '' : ` ${report.nodemask}`;
    return {
      id: 'mempolicy-oom',
      text: `A NUMA memory policy (mbind, set_mempolicy, numactl --membind) limited the allocation to node(s)${nodes}, and those ran out, not the whole machine: ${eligible}. The fix is the policy or where the task's memory is placed.`,
    };
  }
  return null;
}

/** Free memory above every zone's min watermark: the shortage was not the machine's. */
function zonesHadRoom(report: OomReport): boolean {
  const zones = report.memory.zones.filter((zone) => zone.minKb > 0);
  return zones.length > 0 && zones.every((zone) => zone.freeKb > zone.minKb);
}

/**
 * With vm.panic_on_oom=2 every kind of OOM panics, and 3.x dumped a global-looking header even for a memcg
 * one: without the header, or with zones that had room, the report does not say what ran out. (=1 and
 * `System is deadlocked on memory` happen for global OOMs only.)
 */
export function scopeUnknown(report: OomReport): boolean {
  if (report.outcome !== 'panic' || report.panicCause === 'panic_on_oom=1' || report.panicCause === 'no-killable-process') return false;
  return report.headerMissing || (report.scope === 'global' && report.constraint === null && zonesHadRoom(report));
}

const PANIC_TEXT: Record<string, string> = {
  'panic_on_oom=1':
    'vm.panic_on_oom=1 ("system-wide"): the kernel panicked instead of killing a process, and every process on the machine was lost (it rebooted if kernel.panic is set, else it hung). Set vm.panic_on_oom=0 unless a failover setup depends on it; =1 still kills inside cgroups, cpusets and memory policies.',
  'panic_on_oom=2':
    'vm.panic_on_oom=2 ("compulsory"): the kernel panics on every OOM, even one confined to a cgroup, a cpuset or a memory policy, so the whole machine went down (it rebooted if kernel.panic is set, else it hung).',
  panic_on_oom:
    'vm.panic_on_oom is set: the kernel panicked instead of killing a process, and every process on the machine was lost.',
};

export function panicFinding(report: OomReport): Finding | null {
  const cause = report.panicCause;
  if (cause === null || cause === 'no-killable-process') return null;
  const confined =
    cause === 'panic_on_oom=2' && (report.scope === 'memcg' || zonesHadRoom(report))
      ? ' This OOM was confined (the zones had free memory above their min watermarks, or a cgroup hit its limit): with vm.panic_on_oom=0 or 1 the kernel would have killed one process instead.'
      : '';
  return { id: 'panic-on-oom', text: `${PANIC_TEXT[cause] ?? ''}${confined}` };
}

function taskNames(tasks: OomTask[]): string {
  const shown = tasks.slice(0, NAMES_SHOWN).map((task) => `${task.name} (pid ${task.pid})`);
  const more = tasks.length > NAMES_SHOWN ? ` and ${tasks.length - NAMES_SHOWN} more` : '';
  return `${shown.join(', ')}${more}`;
}

/** Who made the OOM killer come back empty-handed, from the task table. */
function whyNoCandidate(report: OomReport): string {
  if (!report.taskTableSeen) {
    return 'This report has no task table, so it does not show which processes were protected; the usual cause is every candidate set to oom_score_adj -1000 (OOMScoreAdjust=-1000 is inherited by children), or already being killed.';
  }
  const table = report.tasks;
  const protectedTasks = table.filter((task) => task.oomScoreAdj === OOM_SCORE_ADJ_MIN);
  const others = table.length - protectedTasks.length;
  const rest = others > 0 ? ` The remaining ${plural(others, 'task')} could not be chosen either (already being killed or exiting).` : '';
  if (protectedTasks.length === 0) {
    return `No task in the table is at oom_score_adj -1000: the ${plural(table.length, 'task')} listed were already being killed or exiting.`;
  }
  return `${plural(protectedTasks.length, 'task')} in the table ${protectedTasks.length === 1 ? 'is' : 'are'} protected with oom_score_adj -1000 and can never be chosen: ${taskNames(protectedTasks)}.${rest}`;
}

export function noKillableFinding(report: OomReport): Finding | null {
  const panicked = report.panicCause === 'no-killable-process';
  if (!panicked && !(report.noKillableProcess && report.outcome === 'no-kill')) return null;
  const what = panicked
    ? 'No process could be killed, so the kernel panicked ("System is deadlocked on memory"): a global OOM with no candidate cannot make progress.'
    : report.scope === 'memcg'
      ? `No process in the cgroup${report.memcg === null ? '' : ` ${report.memcg}`} could be killed: the charge fails and the cgroup stays at its limit, so its tasks stall or get ENOMEM.`
      : 'No process could be killed: the kernel gave up on this OOM.';
  return {
    id: 'no-killable-process',
    text: `${what} ${whyNoCandidate(report)} Protect gently (an oom_score_adj of -900 still leaves the kernel a last resort), never absolutely.`,
  };
}
