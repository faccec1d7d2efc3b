// `node --import tsx bench/replay-timeline.ts [--hours H] [--rows N]`: what replay's timeline costs at start
// (recorder/replay.ts recordingTimeline reads every sample): a recording of H hours at 5 s with N process
// rows a sample (default a day, 60 rows) is written through the recorder's storage into a temporary
// directory, then a child process opens it and reads the timeline; it reports the time taken and its
// peak RSS (getrusage maxrss). The child is a fresh process so that writing does not inflate the figure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SegmentWriter } from '../src/history/segment-writer.js';
import type { RecordedSample } from '../src/model/recording/sample.js';

const { values } = parseArgs({
  options: {
    hours: { type: 'string', default: '24' },
    rows: { type: 'string', default: '60' },
    child: { type: 'string' },
  },
});

if (values.child !== undefined) {
  const { ReplayCursor } = await import('../src/recorder/replay-cursor.js');
  const { recordingTimeline } = await import('../src/recorder/replay.js');
  const started = performance.now();
  const timeline = recordingTimeline(new ReplayCursor(join(values.child, 'samples'), []));
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ points: timeline.points.length, ms: Math.round(ms), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  process.exit(0);
}

const STEP_MS = 5000;
const samples = Math.round((Number(values.hours) * 3600_000) / STEP_MS);
const rows = Number(values.rows);
const dir = mkdtempSync(join(tmpdir(), 'oomlens-bench-replay-'));
try {
  const writer = new SegmentWriter({ dir: join(dir, 'samples'), maxSegmentBytes: 4 << 20, maxSegmentMs: 3600_000, sync: false });
  const start = Date.UTC(2025, 10, 21);
  for (let i = 0; i < samples; i += 1) {
    const t = start + i * STEP_MS;
    const sample: RecordedSample = {
      v: 1, t, up: 1000 + i * 5, psi: { some10: (i % 50) / 10, some60: 1.5, full10: 0.2, full60: 0.1 }, swap: { in: i % 7, out: i % 11 },
      kills: 3, eta: null, next: null, ranked: 400,
      mem: { totalKb: 8 << 20, freeKb: 1 << 20, availableKb: (4 << 20) - (i % 720) * 3000, swapTotalKb: 0, swapFreeKb: 0 },
      p: Array.from({ length: rows }, (_, r) => [10_000 + r, 500 + r, `worker-${r}`, 100_000 + r * 997 + (i % 720) * 13, 0, 900 - r, 0, r + 1, `/system.slice/app-${r % 7}.service`, r % 3 === 0 ? 1200 : null]),
      c: Array.from({ length: 7 }, (_, c) => [`/system.slice/app-${c}.service`, 1, 900_000 + c * 1000, 2_000_000, 2_000_000, 100, null, 0]),
    };
    if (!writer.append(t, sample).ok) throw new Error('write failed');
  }
  writer.close();
  const files = readdirSync(join(dir, 'samples'));
  const bytes = files.reduce((sum, name) => sum + statSync(join(dir, 'samples', name)).size, 0);
  const out = execFileSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', dir], { encoding: 'utf8' });
  const measured = JSON.parse(out) as { points: number; ms: number; maxRssMb: number };
  process.stdout.write(`${samples} samples, ${rows} rows each, ${(bytes / 1e6).toFixed(1)} MB in ${files.length} segments: ` +
    `timeline of ${measured.points} points in ${measured.ms} ms, peak RSS ${measured.maxRssMb} MB\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
