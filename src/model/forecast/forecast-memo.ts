// What the Forecaster keeps from one tick to the next, so that a tick costs what changed in it: the cgroup
// plan until the next walk, and the map of rows by pid, updated in place. Each OOM domain's victims are
// not kept: the details of a tenth of the processes are re-read every tick (a new row each), so a domain
// of 40 processes nearly always has one that changed.
import type { MemoryCgroup } from '../../cgroupfs/memory-cgroup.js';
import type { ProcessRow } from '../snapshot.js';
import { planCgroups, type CgroupPlan } from './cgroup-plan.js';
import type { CgroupUsageHistory } from './scope-trend.js';
import type { RowLookup } from './scope-victims.js';

export class ForecastMemo {
  private plan: CgroupPlan | null = null;
  private planInputs: { cgroups: readonly MemoryCgroup[]; historyVersion: number; swapTotalKb: number } | null = null;
  private readonly rowsByPid = new Map<number, { row: ProcessRow; tick: number }>();
  private tick = 0;
  private readonly lookup: RowLookup = { get: (pid) => this.rowsByPid.get(pid)?.row };

  /** The plan of these cgroups; the last one while the list, its usage history and the swap size are unchanged. */
  planFor(cgroups: readonly MemoryCgroup[], history: CgroupUsageHistory, swapTotalKb: number): CgroupPlan {
    const last = this.planInputs;
    if (this.plan === null || last === null || last.cgroups !== cgroups || last.historyVersion !== history.version || last.swapTotalKb !== swapTotalKb) {
      this.plan = planCgroups(cgroups, history, swapTotalKb);
      this.planInputs = { cgroups, historyVersion: history.version, swapTotalKb };
    }
    return this.plan;
  }

  /**
   * This tick's rows by pid, last-wins like a Map built from the list. Last tick's entries are updated in
   * place (a Map filled afresh cost 2,000 inserts a tick, a quarter of the forecast); when the map holds
   * more pids than this tick touched, the untouched ones (gone since) are swept out.
   */
  rowsOf(processes: readonly ProcessRow[]): RowLookup {
    const tick = ++this.tick;
    const entries = this.rowsByPid;
    let touched = 0;
    for (const row of processes) {
      const entry = entries.get(row.pid);
      if (entry === undefined) {
        entries.set(row.pid, { row, tick });
        touched++;
      } else {
        if (entry.tick !== tick) touched++;
        entry.row = row;
        entry.tick = tick;
      }
    }
    if (entries.size !== touched) {
      for (const [pid, entry] of entries) if (entry.tick !== tick) entries.delete(pid);
    }
    return this.lookup;
  }
}
