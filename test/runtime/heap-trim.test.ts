// The heap trimmer: its rule on a stand-in heap, and on V8's own with the flags the TUI sets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import { keepHeapSmall } from '../../src/runtime/heap-flags.js';
import { HeapTrimmer, processHeapTrimmer } from '../../src/runtime/heap-trim.js';

const MB = 1024 * 1024;

function standIn(usedMb: number[]) {
  const state = { used: usedMb[0]! * MB, now: 0, collected: 0 };
  const trimmer = new HeapTrimmer({
    oldGenerationUsed: () => state.used,
    collect: () => {
      state.collected++;
      state.used = 5 * MB;
    },
    nowMs: () => state.now,
  });
  return { state, trimmer };
}

test('collects once the old generation grew 2 MB past what survived, then not again for 20 s', () => {
  const { state, trimmer } = standIn([5]);
  assert.equal(trimmer.afterTick(), false, 'the first tick only learns what is in use');
  state.used = 6.9 * MB;
  state.now = 1_000;
  assert.equal(trimmer.afterTick(), false, '1.9 MB grown');
  state.used = 7.1 * MB;
  state.now = 2_000;
  assert.equal(trimmer.afterTick(), true, '2.1 MB grown');
  assert.equal(state.used, 5 * MB);
  state.used = 9 * MB;
  state.now = 21_000;
  assert.equal(trimmer.afterTick(), false, '19 s after the last one');
  state.now = 22_000;
  assert.equal(trimmer.afterTick(), true, '20 s after it');
  assert.equal(state.collected, 2);
});

test("a collection of V8's own lowers what counts as survived, and none is added within 20 s of it", () => {
  const { state, trimmer } = standIn([9]);
  trimmer.afterTick();
  state.used = 6 * MB; // V8 collected between two ticks
  state.now = 1_000;
  assert.equal(trimmer.afterTick(), false);
  state.used = 8.5 * MB;
  state.now = 2_000;
  assert.equal(trimmer.afterTick(), false, 'V8 collected 1 s ago: it keeps up by itself');
  state.used = 8 * MB; // and again, leaving more than it did before
  state.now = 12_000;
  assert.equal(trimmer.afterTick(), false);
  state.used = 10.5 * MB;
  state.now = 31_000;
  assert.equal(trimmer.afterTick(), false, 'the last one was V8\'s at 12 s');
  state.now = 32_000;
  assert.equal(trimmer.afterTick(), true, 'grown 2.5 MB since V8 left 8 MB, 20 s after that');
});

test("on V8's heap: with the TUI's flags set, garbage promoted to the old generation is collected", () => {
  keepHeapSmall();
  const trimmer = processHeapTrimmer();
  assert.ok(trimmer !== null, 'keepHeapSmall() sets --expose-gc, so a new context has gc()');
  const oldUsed = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!.space_used_size;
  trimmer.afterTick();
  // Objects kept across many scavenges are promoted; once the function returns nothing refers to them.
  const grown = (() => {
    const kept: unknown[] = [];
    for (let i = 0; i < 200_000; i++) {
      kept.push({ i, text: `row ${i}` });
      if (i % 1000 === 0) new Array(20_000).fill(i); // young garbage: scavenges promote what is kept
    }
    return kept.length > 0 ? oldUsed() : 0;
  })();
  assert.equal(trimmer.afterTick(), true, `the old generation was at ${(grown / MB).toFixed(1)} MB`);
  assert.ok(oldUsed() < grown - 4 * MB, `${(oldUsed() / MB).toFixed(1)} MB after, ${(grown / MB).toFixed(1)} before`);
});
