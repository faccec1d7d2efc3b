// A recording written by the recorder's own storage (src/history) in a temporary directory: samples in
// CRC-framed segments, one incident bundle per kill, for the replay tests; or one with three real bundles.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bundleName, writeBundleFile } from '../../src/history/bundle-files.js';
import { SegmentWriter } from '../../src/history/segment-writer.js';
import type { LoggedKill } from '../../src/killers/index.js';
import { bundleLabel, buildBundle } from '../../src/model/recording/bundle.js';
import { userspaceKillEvent, type KillEvent } from '../../src/model/incidents/kill-watch.js';
import type { RecordedSample } from '../../src/model/recording/sample.js';
import type { DepartedProcess } from '../../src/model/snapshot.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { oomFixture } from './fixtures.js';
import { tempDir } from './temp-dirs.js';

/** `segments`: the samples of each segment file, in time order; `killsMs`: a bundle for each. */
export function writeRecording(segments: readonly (readonly RecordedSample[])[], killsMs: readonly number[]): string {
  const dir = tempDir('oomlens-replay-');
  for (const samples of segments) {
    const writer = new SegmentWriter({ dir: join(dir, 'samples'), maxSegmentBytes: 1 << 20, maxSegmentMs: 3600_000, sync: false });
    for (const sample of samples) assert.ok(writer.append(sample.t, sample).ok);
    writer.close();
  }
  for (const killMs of killsMs) {
    const stamp = new Date(killMs).toISOString().replace(/:/g, '-');
    writeBundleFile(join(dir, 'bundles'), `${stamp}-pid999001.json`, {
      kind: 'oomlens-incident-bundle', version: 1, victims: [], kill: { wallTime: new Date(killMs).toISOString() },
    });
  }
  return dir;
}

/**
 * Three kills recorded the way the recorder writes them (model/recording/bundle.ts buildBundle, then
 * bundle-files.ts): a real kernel report (test/fixtures/oom/real-memcg-v1-6.18-dmesg.txt: python3, pid
 * 3892, killed at uptime 257.19 s in /oomlens-capture-3851) between samples 11 and 12; a rise of the
 * oom_kill counter with no report, batch (4100) vanishing from /jobs/batch, between 17 and 18; and an
 * earlyoom kill of hog (4200) from its log between 23 and 24. Thirty samples 5 s apart, from `startMs`,
 * in two segments; uptime 200 s at the first, so the report's stamp falls where it should.
 */
export function writeKillRecording(startMs: number): { dir: string; at: (i: number) => number } {
  const at = (i: number) => startMs + i * 5000;
  const samples = Array.from({ length: 30 }, (_, i): RecordedSample => {
    const p: RecordedSample['p'] = [[999_002, 6, 'postgres', 400_000, 0, 680, 0, 2, '/system.slice/postgresql.service', null]];
    if (i <= 11) p.unshift([3892, 25_000, 'python3', 2000 + i * 1000, 0, 700 + i, 0, 1, '/oomlens-capture-3851', 12_000]);
    if (i <= 17) p.push([4100, 26_000, 'batch', 50_000 + i * 2000, 0, 660, 0, 3, '/jobs/batch', 24_000]);
    if (i <= 23) p.push([4200, 27_000, 'hog', 90_000 + i * 8000, 0, 650, 0, 4, '/user.slice', 96_000]);
    return {
      v: 1, t: at(i), up: 200 + i * 5, psi: null, swap: { in: null, out: null }, kills: 3 + (i >= 12 ? 1 : 0) + (i >= 18 ? 1 : 0), eta: null, next: null, ranked: 3,
      mem: { totalKb: 8 << 20, freeKb: 1 << 20, availableKb: (4 << 20) - i * 50_000, swapTotalKb: 0, swapFreeKb: 0 },
      p, c: [],
    };
  });
  const [report] = parseOomReports(oomFixture('real-memcg-v1-6.18-dmesg.txt'));
  assert.ok(report !== undefined, 'the fixture holds a report');
  const departed = (pid: number, name: string, cgroup: string): DepartedProcess => ({
    pid, starttime: 26_000, name, cgroup, lastRank: 3, rankedOf: 3, lastRssKb: 84_000, lastSwapKb: 0, footprint: [], growthKbPerMin: 24_000, goneAtMs: at(18),
  });
  const earlyoom: LoggedKill = {
    killer: 'earlyoom', pid: 4200, name: 'hog', cgroup: null, signal: 'SIGTERM', reason: 'mem avail ≤ 10.00% and swap free ≤ 10.00%', wallMs: at(23) + 2500, wallTimeApproximate: false,
  };
  const events: [KillEvent, number][] = [
    [{ report, counterDelta: 1, cgroupTicks: [], beforeMs: at(11), seenMs: at(12), vanished: [] }, 13],
    [{ report: null, counterDelta: 1, cgroupTicks: [{ key: 'v1:/jobs/batch', version: 1, path: '/jobs/batch', kills: 1, total: 1, atMs: at(18) }], beforeMs: at(17), seenMs: at(18), vanished: [departed(4100, 'batch', '/jobs/batch')] }, 18],
    [userspaceKillEvent(earlyoom, at(24)), 24],
  ];
  const dir = writeRecording([samples.slice(0, 15), samples.slice(15)], []);
  for (const [event, seen] of events) {
    const bundle = buildBundle(event, samples.slice(0, seen + 1), 600_000, at(seen));
    writeBundleFile(join(dir, 'bundles'), bundleName(Date.parse(bundle.kill.wallTime), bundleLabel(bundle)), bundle);
  }
  return { dir, at };
}
