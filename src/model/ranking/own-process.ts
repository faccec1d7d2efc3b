// oomlens is one of the processes it lists. It never names itself as a culprit or as the fastest grower:
// its own footprint moves with what it reads (thousands of new rows at start-up, a burst of kernel log),
// which says nothing about who is eating the box. It may still be named as a victim: that is the kernel's
// answer, and the operator should know it.
import type { ProcessRow } from '../snapshot.js';

/** The pid of this oomlens. */
export const OWN_PID = process.pid;

/** True for the row of this oomlens (the running process). */
export function isOwnProcess(row: Pick<ProcessRow, 'pid'>): boolean {
  return row.pid === OWN_PID;
}

/** A growth figure that may back a claim ("the fastest grower", "the culprit"): settled, and not our own. */
export function claimableGrowth(row: Pick<ProcessRow, 'pid' | 'growthKbPerMin' | 'growthProvisional'>): number | null {
  return row.growthProvisional === true || isOwnProcess(row) ? null : row.growthKbPerMin;
}
