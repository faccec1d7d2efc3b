// After a tick, one full garbage collection when the old generation has grown 2 MB past what survived the
// last one, and no full collection (V8's or ours) came in the last 20 s. V8 itself collects it only when
// it has grown 8 MB past that (V8's src/heap/heap.cc, Heap::MinimumAllocationLimitGrowingStep(): 8 MB
// unless it optimizes for memory), and the pages it grew into stay resident until then: a monitor that
// promotes a little every tick rises by those 8 MB over minutes and falls back, and on a box short of
// memory the top of that sawtooth is what counts. Measured side by side at idle (~300 processes, 492 s):
// RSS max 74.8 MB without, 70.2 with; anonymous 32.1 and 27.2; one collection of 8-20 ms a minute
// (docs/performance.md, issue 16, "The old generation trimmed after a tick").
//
// Each collection replaces one V8 would have made later, and none is made where V8 collects every 20 s
// or more often by itself: at 10,000 processes it does, and there ours paused the main thread for 22-33 ms
// (V8's own, marking on its worker thread, for 1-5) without lowering the RSS. gc() is V8's own full
// collection, made on the main thread between two ticks, after the frame is out. (--optimize-for-size
// also makes V8's step 2 MB, but for every collection and with smaller caches: 18 % more CPU.)
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { heapKeptSmall } from './heap-flags.js';

const STEP_BYTES = 2 * 1024 * 1024;
const MIN_GAP_MS = 20_000;

export interface HeapTrimDeps {
  /** Bytes in use in V8's old generation. */
  oldGenerationUsed(): number;
  /** A full collection. */
  collect(): void;
  nowMs(): number;
}

export class HeapTrimmer {
  /** What survived the last full collection, ours or V8's. */
  private survived: number | null = null;
  /** The use at the previous tick. */
  private previous: number | null = null;
  /** When the last full collection was seen, ours or V8's. */
  private lastCollectMs = -Infinity;

  constructor(private readonly deps: HeapTrimDeps) {}

  /** Collects when the old generation has grown STEP_BYTES since the last collection; true when it did. */
  afterTick(): boolean {
    const used = this.deps.oldGenerationUsed();
    const now = this.deps.nowMs();
    // Between full collections the old generation only grows: a drop since the previous tick is V8's own
    // collection (what it left can be above what survived ours: the live set grows too). Where V8
    // collects that often by itself (thousands of processes promote fast), none is added.
    if (this.previous !== null && used < this.previous) {
      this.lastCollectMs = now;
      this.survived = used;
    }
    this.survived ??= used;
    this.previous = used;
    if (used - this.survived < STEP_BYTES || now - this.lastCollectMs < MIN_GAP_MS) return false;
    this.deps.collect();
    this.lastCollectMs = now;
    this.survived = this.previous = this.deps.oldGenerationUsed();
    return true;
  }
}

/** V8's old generation as its limit counts it: old, code and large-object spaces. */
const OLD_GENERATION = new Set(['old_space', 'code_space', 'large_object_space', 'code_large_object_space']);

function oldGenerationUsed(): number {
  let used = 0;
  for (const space of v8.getHeapSpaceStatistics()) if (OLD_GENERATION.has(space.space_name)) used += space.space_used_size;
  return used;
}

/**
 * The process's trimmer, or null without gc(): V8 installs it in contexts made after `--expose-gc` is set,
 * which keepHeapSmall() (heap-flags.ts) sets at start, so a new context hands it over.
 */
export function processHeapTrimmer(): HeapTrimmer | null {
  let gc: unknown = null;
  try {
    gc = runInNewContext('typeof gc === "function" ? gc : null');
  } catch {
    return null;
  }
  if (typeof gc !== 'function') return null;
  const collect = gc as () => void;
  return new HeapTrimmer({ oldGenerationUsed, collect: () => collect(), nowMs: () => performance.now() });
}

let trimmer: HeapTrimmer | null | undefined;

/**
 * Called when a tick has ended: the check (and a collection, if due) runs once the tick's output is written.
 * Only in the modes that set the heap flags (the TUI, record, serve); elsewhere (replay, tests) it does nothing.
 */
export function trimHeapAfterTick(): void {
  if (!heapKeptSmall()) return;
  trimmer ??= processHeapTrimmer();
  const current = trimmer;
  if (current !== null) setImmediate(() => current.afterTick());
}
