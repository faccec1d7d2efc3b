// Playing a recording forward for `oomlens replay` (space): one sample after another, each after the time
// the recorder waited between them divided by the speed, until the step that passes a recorded kill or
// the last sample. No timer of its own: the screen's tick loop calls advance(), which takes every step
// that is due by the clock, so nothing is left running when the screen closes and a test drives the
// clock. A gap in the recording (the recorder was not running) is waited for as a gap's length at most.
import type { ReplayCursor } from './replay-cursor.js';

/** Recorded seconds per second: `>` and `<` move along these. */
export const PLAY_SPEEDS: readonly number[] = [1, 4, 16, 64];

export class ReplayPlayer {
  /** Clock ms when the next step is due; null when not playing. */
  private dueMs: number | null = null;
  private speedIndex = 0;

  /** `gapMs`: the longest recorded wait played as it was (timeline.ts gapFor). */
  constructor(
    private readonly cursor: ReplayCursor,
    private readonly gapMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get playing(): boolean {
    return this.dueMs !== null;
  }

  get speed(): number {
    return PLAY_SPEEDS[this.speedIndex]!;
  }

  /** Plays from the sample shown, or stops. At the last sample there is nothing to play. */
  toggle(): void {
    if (this.playing) this.stop();
    else if (this.cursor.peek(1) !== null) this.dueMs = this.clock() + this.wait();
  }

  stop(): void {
    this.dueMs = null;
  }

  /** One speed up (1) or down (-1); a step under way restarts its wait at the new speed. */
  changeSpeed(delta: 1 | -1): void {
    this.speedIndex = Math.max(0, Math.min(PLAY_SPEEDS.length - 1, this.speedIndex + delta));
    if (this.playing) this.dueMs = this.clock() + this.wait();
  }

  /** Takes the steps due by now; stops after the step that passes a recorded kill, or at the last sample. */
  advance(): void {
    const now = this.clock();
    while (this.dueMs !== null && now >= this.dueMs) {
      const from = this.cursor.current()!.t;
      this.cursor.step(1);
      const to = this.cursor.current()!.t;
      if (this.cursor.kills.some((killMs) => killMs > from && killMs <= to) || this.cursor.peek(1) === null) {
        this.stop();
        return;
      }
      this.dueMs += this.wait();
    }
  }

  /** Clock ms from the sample shown to the next, at this speed. */
  private wait(): number {
    const here = this.cursor.current();
    const next = this.cursor.peek(1);
    if (here === null || next === null) return 0;
    return Math.min(next.t - here.t, this.gapMs) / this.speed;
  }
}
