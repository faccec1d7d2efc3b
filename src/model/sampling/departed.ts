// Processes that left the list recently. When the kernel's OOM report arrives (a second or more after the
// kill), its victim is already gone from /proc; this is where its last minutes are still known.
import type { DepartedProcess } from '../snapshot.js';

/** Long enough for a report to arrive through a slow log, short enough to stay small. */
const KEEP_MS = 5 * 60_000;
/** A fork storm must not grow this without bound. */
const KEEP_AT_MOST = 512;

export class DepartedProcesses {
  private items: DepartedProcess[] = [];

  add(process: DepartedProcess): void {
    this.items.push(process);
    if (this.items.length > KEEP_AT_MOST) this.items.splice(0, this.items.length - KEEP_AT_MOST);
  }

  /** Those gone within the last few minutes, newest first. */
  recent(nowMs: number): DepartedProcess[] {
    this.items = this.items.filter((item) => nowMs - item.goneAtMs <= KEEP_MS);
    return [...this.items].reverse();
  }
}
