// A kill from before the TUI started, recorded by `oomlens record` while no TUI ran: the live OOM panel
// shows the recorder's run-up for it (issue 17: "the TUI's OOM panel uses the recording when present").
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LiveSource, type OpenedLog } from '../../src/runtime/live-source.js';
import { createSampler } from '../../src/runtime/sampling.js';
import { rootsUnder } from '../../src/procfs/roots.js';
import { FileTailSource } from '../../src/oom/file-tail-source.js';
import { OomLogWatcher } from '../../src/oom/oom-watcher.js';
import { oomPanelLines } from '../../src/ui/lines/oom-panel-lines.js';
import { fixturePath, oomFixture } from '../helpers/fixtures.js';
import { fakeClock } from '../helpers/sampler-fakes.js';
import { writeKillRecording } from '../helpers/recording.js';

test('a kill from before the start gets the run-up oomlens record kept of it; without a recording, none', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'oomlens-live-recorded-'));
  try {
    const log = join(scratch, 'kern.log');
    writeFileSync(log, oomFixture('real-memcg-v1-6.18-dmesg.txt'));
    const { dir } = writeKillRecording(Date.UTC(2025, 10, 21, 10, 0, 0));
    const run = async (recordingDir: string | null) => {
      const tree = fixturePath('proc-basic');
      const sampler = createSampler({ roots: rootsUnder(tree), passwdPath: join(tree, 'etc', 'passwd'), clock: fakeClock(), intervalMs: 1000 });
      const openLog = async (): Promise<OpenedLog> => {
        const source = new FileTailSource(log, false);
        return { watcher: new OomLogWatcher(source), status: { source: log, unavailable: null, lostRecords: 0, error: null } };
      };
      // Started "after" every stamp in the log: its report is a kill from before the start.
      const boot = { start: { monotonicSeconds: Infinity, wallMs: Infinity }, bootId: null, thisBootsLog: true };
      const source = new LiveSource(sampler, openLog, join(scratch, 'incidents'), boot, undefined, recordingDir);
      try {
        // The watcher hands a report over once it is complete (its end seen, or the log quiet a moment).
        let session = (await source.next()).oom!;
        for (const deadline = Date.now() + 5000; session.incidents.length === 0 && Date.now() < deadline; ) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          session = (await source.next()).oom!;
        }
        const incident = session.incidents[0];
        assert.equal(incident?.origin, 'before-start');
        return { incident: incident!, panel: oomPanelLines(session, 0, 100, 60).map((line) => line.text).join('\n') };
      } finally {
        source.close();
      }
    };
    const { incident, panel } = await run(dir);
    assert.equal(incident.recorded?.victims[0]?.pid, incident.report.victims[0]?.pid);
    assert.ok((incident.recorded?.victims[0]?.series.length ?? 0) >= 3, 'the victim\'s samples before the kill');
    assert.match(panel, /oomlens record/, panel);
    const without = await run(null);
    assert.equal(without.incident.recorded, undefined);
    assert.doesNotMatch(without.panel, /oomlens record/);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
