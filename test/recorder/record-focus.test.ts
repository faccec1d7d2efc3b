// The recorder reads every process's score each tick but the details (RSS, swap) of the others only in the
// TUI's rotating slice: the rows it records must still be fresh in every sample, because a bundle's series
// are made of them. A grower far down the ranking, whose oom_score does not move, is the case: without the
// recorder focusing its recorded rows, 9 ticks in 10 would record its RSS of up to 10 ticks before.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Sampler } from '../../src/model/sampling/sampler.js';
import { RECORD_SCAN } from '../../src/recorder/observer.js';
import { DEFAULT_BUNDLE_WINDOW_MS, Recorder, type ObservationSource } from '../../src/recorder/record.js';
import { DEFAULT_STORE_RULES } from '../../src/recorder/recording-store.js';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { NO_SYSTEM_FILES, fakeClock } from '../helpers/sampler-fakes.js';

test('record: the rows a sample records have their RSS read in that tick, off the top of the ranking too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-record-focus-'));
  try {
    const kernel = new FakeKernel();
    kernel.populate(1000, 300); // score 666 each
    const grower = kernel.procs.get(1203)!; // pid mod 10 = 3: in the slice one tick in ten
    grower.score = 100; // the bottom of the ranking, and it stays there
    const clock = fakeClock();
    const sampler = new Sampler({ processes: kernel, system: NO_SYSTEM_FILES, userName: String, clock, pageSize: 4096, intervalMs: 1000, policy: RECORD_SCAN });
    const source: ObservationSource = {
      next: async () => {
        clock.advance(1000);
        grower.rssKb += 20_000; // 1.2 GB a minute; its score stays where it was
        return { snapshot: sampler.sample(), reports: [], userspace: [] };
      },
      focus: (keys) => sampler.focus(keys),
    };
    const recorded = { ticks: 0, fresh: 0, stale: 0, lowestRank: Infinity };
    const recorder = new Recorder(source, {
      dir, intervalMs: 1, denseIntervalMs: 1, denseWithinSeconds: 0, rules: DEFAULT_STORE_RULES,
      bundleWindowMs: DEFAULT_BUNDLE_WINDOW_MS, log: () => {},
      onTick: (snapshot) => {
        recorded.ticks += 1;
        if (recorded.ticks === 25) recorder.stop();
        const row = snapshot.processes.find((p) => p.pid === grower.pid)!;
        recorded.lowestRank = Math.min(recorded.lowestRank, row.killRank ?? Infinity);
        // From its second sample on it is a grower, so the sample records it, and from the next tick on
        // the recorder has focused it.
        if (recorded.ticks > 3) {
          if (row.rssKb === grower.rssKb) recorded.fresh++;
          else recorded.stale++;
        }
      },
    });
    await recorder.run();
    assert.ok(recorded.lowestRank > 64, `far down the ranking, below the rows refreshed anyway (best rank ${recorded.lowestRank})`);
    assert.deepEqual({ fresh: recorded.fresh, stale: recorded.stale }, { fresh: 22, stale: 0 });
    const reads = kernel.reads.status.get(1100) ?? 0;
    assert.ok(reads <= 4, `a process it does not record is read in the slice, not every tick (${reads} reads in 25 ticks)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
