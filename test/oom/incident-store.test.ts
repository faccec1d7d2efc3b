// The incident store: where files go (XDG_STATE_HOME), how they are named (time + victim pid), what they
// hold (raw text, JSON, memory, caller context), that nothing is overwritten, and that the saved raw text
// explains back to the same report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultIncidentDir, listIncidents, readIncident, saveIncident } from '../../src/model/incidents/store.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { toReportJson } from '../../src/oom/report-json.js';
import { oomFixture } from '../helpers/fixtures.js';

function withTempDir(run: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oomlens-incidents-'));
    try {
      await run(join(dir, 'state', 'oomlens', 'incidents'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('default directory follows XDG_STATE_HOME, else ~/.local/state', () => {
  assert.equal(defaultIncidentDir({ XDG_STATE_HOME: '/var/lib/me' }, '/home/u'), '/var/lib/me/oomlens/incidents');
  assert.equal(defaultIncidentDir({}, '/home/u'), '/home/u/.local/state/oomlens/incidents');
  assert.equal(defaultIncidentDir({ XDG_STATE_HOME: 'relative' }, '/home/u'), '/home/u/.local/state/oomlens/incidents', 'relative paths are invalid per XDG');
});

test(
  'saves raw text, the JSON report, memory state and the caller context; named by time and victim pid',
  withTempDir(async (dir) => {
    const [report] = parseOomReports(oomFixture('real-memcg-v1-6.18-kmsg.txt'));
    assert.ok(report !== undefined);
    const context = { victimRank: 1, rssTrendKbPerMin: [1200, 3400] };
    const now = new Date('2026-11-21T22:50:10.123Z');
    const path = await saveIncident(report, context, { dir, now });
    assert.equal(path, join(dir, '2026-11-21T22-50-10.123Z-pid3892.json'));
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const saved = await readIncident(path);
    assert.equal(saved.savedAt, '2026-11-21T22:50:10.123Z');
    assert.equal(saved.kernelRelease, '6.18.44-fc-v657');
    assert.deepEqual(saved.report, toReportJson(report));
    assert.deepEqual(saved.context, context);
    assert.deepEqual(saved.memory, report.memory);
    // The saved text is the report itself, re-stamped dmesg-style, and explains back to the same thing.
    assert.match(saved.rawText, /^\[ {2}257\.183159\] python3 invoked oom-killer:/);
    assert.deepEqual(parseOomReports(saved.rawText).map(toReportJson), [toReportJson(report)]);
  }),
);

test(
  'never overwrites: a second save in the same millisecond gets a suffix; listing is oldest first',
  withTempDir(async (dir) => {
    const [report] = parseOomReports(oomFixture('global-6.1-arch.txt'));
    assert.ok(report !== undefined);
    const now = new Date('2026-01-02T03:04:05.006Z');
    const first = await saveIncident(report, null, { dir, now });
    const second = await saveIncident(report, null, { dir, now });
    const earlier = await saveIncident(report, null, { dir, now: new Date('2025-12-31T00:00:00.000Z') });
    assert.notEqual(first, second);
    assert.match(second, /-pid473206-2\.json$/);
    assert.deepEqual(await listIncidents(dir), [earlier, first, second]);
    assert.deepEqual(await listIncidents(join(dir, 'missing')), []);
  }),
);

test(
  'a report without a victim is still saved',
  withTempDir(async (dir) => {
    const [report] = parseOomReports('x invoked oom-killer: gfp_mask=0xcc0, order=0, oom_score_adj=0\nOut of memory and no killable processes...');
    assert.ok(report !== undefined);
    const path = await saveIncident(report, {}, { dir, now: new Date('2026-01-01T00:00:00.000Z') });
    assert.match(path, /-nokill\.json$/);
  }),
);
