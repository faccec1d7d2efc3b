// V8 flags for a monitor that must stay small on a box that is running out of memory.
import v8 from 'node:v8';

/**
 * The flags keepHeapSmall() sets (below). They are part of the hash V8 stamps on a code cache (V8's
 * src/snapshot/code-serializer.cc, SerializedCodeData::SanityCheck against FlagList::Hash()), so
 * bin/oomlens.js sets the same ones before it compiles the bundle with its cache: the build copies this
 * list into dist/oomlens.inputs.json (scripts/bundle.js).
 */
export const SMALL_HEAP_FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=20', '--expose-gc'] as const;

/** Set by keepHeapSmall(): heapKeptSmall() answers from it. */
let kept = false;

/**
 * A long-running TUI's heap, kept near what it uses (measured in docs/performance.md; the CPU stayed the
 * same):
 *  - V8 doubles the young generation (up to 2 × 16 MiB) whenever many objects survive a scavenge, and a
 *    tick's snapshot of thousands of rows survives one: RSS grew by 30 MB in the first minute. Growth
 *    factor 1 keeps it at the size it has when the TUI starts (1-2 MiB semi-spaces). V8 clamps this flag
 *    to 2 when it is given on the command line; set at run time it holds.
 *  - After each full collection the old generation may grow to 1.2 × what survived before the next one,
 *    instead of V8's default 1.5-4 ×: at 10,000 processes RSS swung between 95 and 120 MB without it.
 *  - --expose-gc gives heap-trim.ts V8's full collection (in contexts made after it is set; the main
 *    context has no global gc()).
 * V8 reads the first two when it resizes, so setting them after start-up takes effect. Where matters:
 * src/cli/main.ts sets them first thing in a snapshot mode. Set in createLiveSource instead (after the
 * module graph and Ink had loaded), the young generation had already grown to 4 MiB: at 200 processes,
 * side by side over 40 s, RSS 74.8 -> 72.1 MB (median), anonymous 32.3 -> 29.7 MB, the same CPU. Set
 * after the first tick, it had doubled under the first scan's survivors: 116 MB against 96 at 10,000.
 */
export function keepHeapSmall(): void {
  for (const flag of SMALL_HEAP_FLAGS) v8.setFlagsFromString(flag);
  kept = true;
}

/** Whether keepHeapSmall() ran in this process: the long-running modes that call it also trim (heap-trim.ts). */
export function heapKeptSmall(): boolean {
  return kept;
}
