// `node --import tsx bench/record.ts [--processes N] [--samples N]`: what the flight recorder costs at N
// processes (default 2,000): bytes per sample in each candidate encoding, extrapolated to an hour at the
// 5 s default and the 1 s dense rate, and CPU per sample (the sampler's tick, and the recorder's own work
// on top: selection, JSON, deflate, append + fdatasync). Spawns its own idle population and ends it.
// The recorder as it runs, beside atop -w: `npm run bench -- --only record`.
import { deflateRawSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { installCleanupHandlers, onCleanup, runCleanup } from './cleanup.js';
import { startPopulation } from './population.js';
import { createSampler } from '../src/runtime/sampling.js';
import { RECORD_SCAN } from '../src/recorder/observer.js';
import { LIVE_ROOTS } from '../src/procfs/roots.js';
import { DEFAULT_SELECTION, toRecordedSample, type RecordedSample } from '../src/model/recording/sample.js';
import { LIVE_SCAN } from '../src/model/sampling/scan-policy.js';
import { SegmentEncoder } from '../src/history/codec.js';
import { SegmentWriter } from '../src/history/segment-writer.js';

const { values } = parseArgs({
  options: {
    processes: { type: 'string', default: '2000' },
    samples: { type: 'string', default: '60' },
    // --top 225: as many rows as the selection can ever hold (25 + 50 growers + 50 cgroups × 3).
    top: { type: 'string', default: String(DEFAULT_SELECTION.top) },
    // --policy live: the TUI's rotating detail slice instead of the recorder's every-tick read.
    policy: { type: 'string', default: 'record' },
  },
});
const processes = Number(values.processes);
const samples = Number(values.samples);

/** The same sample with every row an object: what tuples save. */
function asObjects(sample: RecordedSample): unknown {
  const p = sample.p.map(([pid, starttime, name, rssKb, swapKb, oomScore, oomScoreAdj, rank, cgroup, growthKbPerMin]) => ({ pid, starttime, name, rssKb, swapKb, oomScore, oomScoreAdj, rank, cgroup, growthKbPerMin }));
  const c = sample.c.map(([path, version, usageKb, limitKb, effectiveLimitKb, growthKbPerMin, etaSeconds, oomKills]) => ({ path, version, usageKb, limitKb, effectiveLimitKb, growthKbPerMin, etaSeconds, oomKills }));
  return { ...sample, p, c };
}

const cpuMs = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

installCleanupHandlers();
const population = await startPopulation(processes);
const dir = mkdtempSync(join(tmpdir(), 'oomlens-bench-record-'));
onCleanup(() => rmSync(dir, { recursive: true, force: true }));
const sampler = createSampler({ roots: LIVE_ROOTS, passwdPath: '/etc/passwd', intervalMs: 1000, livePolicy: values.policy === 'live' ? LIVE_SCAN : RECORD_SCAN });
const rules = { ...DEFAULT_SELECTION, top: Number(values.top) };
const writer = new SegmentWriter({ dir, maxSegmentBytes: 4 << 20, maxSegmentMs: 3600_000, sync: true });
const tuples = new SegmentEncoder();
const objects = new SegmentEncoder();
const totals = { json: 0, jsonObjects: 0, deflateAlone: 0, deflateKey: 0, deflateKeyObjects: 0, written: 0, rows: 0 };
let samplerCpu = 0;
let recorderCpu = 0;
// Two warm-up ticks: the first reads every process from scratch.
sampler.sample();
sampler.sample();
for (let i = 0; i < samples; i += 1) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  let start = process.cpuUsage();
  const snapshot = sampler.sample();
  samplerCpu += cpuMs(start);
  start = process.cpuUsage();
  const sample = toRecordedSample(snapshot, rules);
  const outcome = writer.append(sample.t, sample);
  recorderCpu += cpuMs(start);
  if (!outcome.ok) throw new Error(outcome.message);
  totals.written += outcome.bytes;
  totals.rows += sample.p.length;
  const json = Buffer.from(JSON.stringify(sample));
  totals.json += json.length;
  totals.jsonObjects += JSON.stringify(asObjects(sample)).length;
  totals.deflateAlone += deflateRawSync(json).length;
  totals.deflateKey += tuples.encode(sample).body.length;
  totals.deflateKeyObjects += objects.encode(asObjects(sample)).body.length;
}
writer.close();
sampler.close();
population.end();

const perSample = (bytes: number) => bytes / samples;
const perHour = (bytes: number, everyS: number) => `${((perSample(bytes) * 3600) / everyS / (1 << 20)).toFixed(2)} MiB`;
console.log(`${population.size} processes, ${samples} samples, ${(totals.rows / samples).toFixed(0)} process rows per sample`);
console.log('encoding                          bytes/sample   per hour @5 s   per hour @1 s');
for (const [label, bytes] of [
  ['JSON, tuples', totals.json],
  ['JSON, objects', totals.jsonObjects],
  ['deflate per record, tuples', totals.deflateAlone],
  ['deflate + key dictionary, objects', totals.deflateKeyObjects],
  ['deflate + key dictionary, tuples', totals.deflateKey],
  ['as written (+17 B framing)', totals.written],
] as const) {
  console.log(`${label.padEnd(34)}${perSample(bytes).toFixed(0).padStart(12)}   ${perHour(bytes, 5).padStart(13)}   ${perHour(bytes, 1).padStart(13)}`);
}
console.log(`CPU per sample: sampler ${(samplerCpu / samples).toFixed(1)} ms, recorder on top ${(recorderCpu / samples).toFixed(2)} ms (select, JSON, deflate, append, fdatasync)`);
runCleanup();
