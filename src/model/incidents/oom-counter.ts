// Follows /proc/vmstat oom_kill across ticks: how many kills since oomlens started, and when the last
// one happened. The counter is absent (null) before Linux 4.13; that stays null, never 0. The sampler keeps
// the one such state and hands it over on every snapshot (Snapshot.oomKillCounter).

export interface OomCounterState {
  /** The counter's latest value. */
  value: number | null;
  /** The value at the first sample, so "+N" means kills seen during this session. */
  baseline: number | null;
  /** Monotonic ms of the last tick on which the counter rose. */
  lastIncreaseMs: number | null;
  /** How much it rose on that tick. */
  lastIncrease: number;
}

/**
 * How long after a counter rise its report may still come: the kernel prints a report within a few ms of
 * counting the kill, and oomlens reads its log every tick; a longer wait means the report is lost
 * (the ring buffer overwrote it before oomlens read it) or the log is not followed. A rate-limited report
 * is not lost: mm/oom_kill.c oom_kill_process() skips only dump_header(), and the bare "Killed process"
 * line is a report of its own (report-assembler.ts).
 */
export const REPORT_WAIT_MS = 10_000;

export const NO_COUNTER: OomCounterState = { value: null, baseline: null, lastIncreaseMs: null, lastIncrease: 0 };

export function trackOomCounter(previous: OomCounterState, value: number | null, nowMs: number): OomCounterState {
  if (value === null) return { ...previous, value: null };
  if (previous.value === null || previous.baseline === null) {
    return { value, baseline: previous.baseline ?? value, lastIncreaseMs: previous.lastIncreaseMs, lastIncrease: previous.lastIncrease };
  }
  if (value > previous.value) {
    return { value, baseline: previous.baseline, lastIncreaseMs: nowMs, lastIncrease: value - previous.value };
  }
  return { ...previous, value };
}

/** Kills seen since oomlens started (0 when the counter exists but did not move). */
export function killsThisSession(state: OomCounterState): number | null {
  return state.value === null || state.baseline === null ? null : state.value - state.baseline;
}
