// Writes that oomlens knows will not do what the operator wants, before any key writes them. Said in the
// preview, before Enter, and refused at Enter without asking the -1000 question first. Pure.
//   - a kernel thread: the OOM killer never picks one, so its oom_score_adj means nothing;
//   - someone else's process, for a user who is not root: /proc/PID/oom_score_adj belongs to its owner;
//   - lowering below 0 (and below the current value) without CAP_SYS_RESOURCE: the kernel refuses to go
//     below the process's floor, oom_score_adj_min, which is 0 unless a privileged writer or a parent set
//     it lower. The floor itself cannot be read: where it was inherited lower the kernel would allow what
//     this refuses, which we accept (lowering to protect is what root is for).
import type { ProcessRow } from '../snapshot.js';
import { cannotLower, notYourProcess } from './errors.js';

/** Who is writing: this program's uid and whether it holds CAP_SYS_RESOURCE (null: unknown). */
export interface WriterPrivileges {
  myUid: number | null;
  hasCapSysResource?: boolean | null;
}

/** What is known of the process from the kill list. */
export interface ForeseeTarget {
  pid: number;
  name: string;
  uid: number | null;
  /** Its oom_score_adj now. */
  adj: number | null;
}

/** Why `row` cannot be steered at all, or null. Said at the first adjust key, before anything is staged. */
export function unsteerable(row: Pick<ProcessRow, 'pid' | 'name' | 'kernelThread'>): string | null {
  if (!row.kernelThread) return null;
  return `${row.name} (${row.pid}) is a kernel thread: the OOM killer never kills one, so its oom_score_adj means nothing; nothing staged`;
}

/** Why the kernel will refuse writing `value` for `target`, or null when it may accept it. */
export function foreseeRefusal(target: ForeseeTarget, value: number, writer: WriterPrivileges): string | null {
  const who = `${target.name} (${target.pid})`;
  const { myUid } = writer;
  if (myUid !== null && myUid !== 0 && target.uid !== null && target.uid !== myUid) return notYourProcess(who, target.uid);
  const lowering = target.adj !== null && value < target.adj && value < 0;
  if (lowering && writer.hasCapSysResource === false) return cannotLower(who, value, myUid === 0 ? 'root-without-cap' : 'other');
  return null;
}
