// The bundle draws Ink's frames with src/text/fast-output.ts; here the App's own frames, in colour, are
// drawn by Ink's Output and by it side by side (test/helpers/checked-output-hook.js puts both in Ink's
// renderer), through the screens and keys the other UI tests use: the kill list with wide names and a
// moving selection, the OOM panel, the cgroup view, the help screen, a filter prompt, a resize.
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { test } from 'node:test';

register('../helpers/checked-output-hook.js', import.meta.url);
// Imported after the hook: Ink's renderer must resolve its ./output.js through it.
const { outputChecks } = await import('../helpers/checked-output.js');
const { default: chalk } = await import('chalk');
const { renderApp } = await import('../helpers/app.js');
const { KEYS } = await import('../helpers/ink-harness.js');
const { IncidentTracker } = await import('../../src/model/incidents/incidents.js');
const { parseOomReports } = await import('../../src/oom/report-assembler.js');
const { fixtureText } = await import('../helpers/fixtures.js');
const { killCounter, row, scriptedSource, snapshotOf } = await import('../helpers/rows.js');
const { memoryCgroup } = await import('../helpers/cgroups.js');

const HOST = { hostname: 'h', kernel: '6.8.0', distro: null };
const LOG = { source: '/dev/kmsg', unavailable: null, lostRecords: 0, error: null };

test("the App's frames, in colour, are the same from both Outputs", async () => {
  const level = chalk.level;
  chalk.level = 3;
  const processes = [
    row(1, 'alpha', 900, 1000, { cgroup: '/web.slice/app.service' }),
    row(2, '漢字プロセス', 800, 900_000, { cgroup: '/web.slice/app.service' }),
    row(3, 'emoji👍name', 700, 50_000, { oomScoreAdj: -500, cgroup: '/batch.service' }),
    ...Array.from({ length: 40 }, (_, index) => row(100 + index, `worker-${index}`, 600 - index, 2_000 + index)),
  ];
  const cgroups = [
    memoryCgroup({ path: '/web.slice/app.service', usageKb: 90 * 1024, limitKb: 100 * 1024, pids: [1, 2], swapKb: 0, oomKills: 0, oomKillsLocal: 0, oomEvents: 0 }),
    memoryCgroup({ path: '/batch.service', usageKb: 50 * 1024, limitKb: 200 * 1024, pids: [3], swapKb: 0, oomKills: 1, oomKillsLocal: 1, oomEvents: 1 }),
  ];
  const tracker = new IncidentTracker();
  tracker.update(snapshotOf(processes, { oomKills: 0 }), []);
  const oneKill = { oomKills: 1, oomKillCounter: killCounter(1, 0, 2_000) };
  tracker.update(snapshotOf(processes, oneKill), parseOomReports(fixtureText('oom', 'real-memcg-v1-6.18-kmsg.txt')));
  const source = scriptedSource(snapshotOf(processes, { cgroups: { list: cgroups, truncated: false, recentOomKills: [] }, oom: new IncidentTracker().session(LOG) }));
  const screen = renderApp({ source, host: HOST, intervalMs: 40, color: true }, 80, 24);
  try {
    await screen.waitFor((f) => f.includes('漢字プロセス'));
    assert.match(screen.rawFrame(), /\x1b\[3[1-7]m.*\x1b\[7m/s, 'the frames carry colours and inverse video');
    await screen.press(KEYS.down, KEYS.down, KEYS.pageDown, KEYS.end, KEYS.home);
    await screen.press('/', 'w', 'o', KEYS.enter, KEYS.escape);
    await screen.press('c');
    await screen.waitFor((f) => f.includes('USAGE LIMIT'));
    await screen.press(KEYS.enter);
    await screen.waitFor((f) => f.includes('ranked as its OOM would'));
    await screen.press(KEYS.escape, KEYS.escape, '?');
    await screen.waitFor((f) => f.toLowerCase().includes('help'));
    await screen.press(KEYS.escape);
    source.current = snapshotOf(processes, { ...oneKill, oom: tracker.session(LOG) });
    await screen.waitFor((f) => f.includes(' OOM 1/1'));
    await screen.resize(120, 40);
    await screen.resize(50, 12);
    await screen.press(KEYS.down, 'o');
  } finally {
    screen.unmount();
    chalk.level = level;
  }
  assert.ok(outputChecks.frames >= 15, `${outputChecks.frames} frames drawn by both`);
  const first = outputChecks.mismatches[0];
  assert.equal(outputChecks.mismatches.length, 0, first && `Ink:\n${JSON.stringify(first.ink)}\nfast:\n${JSON.stringify(first.fast)}`);
});
