// The userspace killers' log followed live (oom/killer-log.ts): real journal lines from public reports
// (test/fixtures/killers/logs/, each names its source) put back into `journalctl -o json` records (their
// identifier, pid and time from the line's own syslog prefix), fed through a scripted journalctl; and a
// real file appended to as earlyoom's redirected stderr would be.
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { JOURNAL_FOLLOW_ARGS, JOURNAL_PROBE_ARGS, KillerLogWatch, openKillerLog } from '../../src/oom/killer-log.js';
import { fixtureText } from '../helpers/fixtures.js';
import { fakeRunner } from '../helpers/kernel-log-fakes.js';
import { tempDir } from '../helpers/temp-dirs.js';

const lines = (name: string): string[] => fixtureText('killers', 'logs', name).split('\n').filter((line) => line !== '' && !line.startsWith('#'));

const SYSLOG = /^(\w{3} \d\d \d\d:\d\d:\d\d) \S+ ([\w.-]+)\[(\d+)\]: (.*)$/;

/** A journal line (`Aug 04 23:41:26 qaa earlyoom[1308]: …`) as the JSON record journalctl -o json prints for it. */
function record(line: string, year = 2025): string {
  const parts = SYSLOG.exec(line);
  assert.ok(parts !== null, line);
  const ms = Date.parse(`${parts[1]} ${year} UTC`);
  return JSON.stringify({ __REALTIME_TIMESTAMP: String(ms * 1000), SYSLOG_IDENTIFIER: parts[2], _PID: parts[3], MESSAGE: parts[4] });
}

/** An unprefixed line (earlyoom's stderr captured by hand) as the record journald would make of it. */
function earlyoomRecord(message: string, ms: number): string {
  return JSON.stringify({ __REALTIME_TIMESTAMP: String(ms * 1000), SYSLOG_IDENTIFIER: 'earlyoom', _PID: '530', MESSAGE: message });
}

const PROBE = `journalctl ${JOURNAL_PROBE_ARGS.join(' ')}`;
const FOLLOW = `journalctl ${JOURNAL_FOLLOW_ARGS.join(' ')}`;
const settled = () => new Promise((resolve) => setImmediate(resolve));

test('the journal: earlyoom and systemd-oomd kills with their thresholds and the journal\'s own time', async () => {
  const followed = [...lines('earlyoom-1.8-issue-344.txt'), ...lines('oomd-249-pr-20690.txt')].map((line) => record(line));
  const { run, calls } = fakeRunner({ [PROBE]: { lines: [followed[0]!] }, [FOLLOW]: { lines: followed } });
  const opened = await openKillerLog({ file: null, runCommand: run });
  assert.deepEqual(calls, [PROBE, FOLLOW]);
  assert.equal(opened.status.unavailable, null);
  assert.match(opened.status.source ?? '', /^journalctl -f -n 0 -o json -t earlyoom -t systemd-oomd/);
  await settled();
  const kills = opened.follower!.poll(0, Date.now());
  assert.deepEqual(
    kills.map((kill) => [kill.killer, kill.pid, kill.name, kill.signal, kill.reason, new Date(kill.wallMs).toISOString(), kill.wallTimeApproximate]),
    [
      ['earlyoom', 1024668, 'Web Content', 'SIGTERM', "mem avail ≤ 10.00% and swap free ≤ 10.00% (earlyoom's SIGTERM limits)", '2025-08-04T23:41:26.000Z', false],
      ['systemd-oomd', null, 'testsuite-55-testbloat.service', 'SIGKILL', 'systemd-oomd kill (its reason is cut off in this line)', '2025-09-10T14:59:49.000Z', false],
    ],
  );
  // journalctl ended (the script ran out): that is said, not hidden.
  assert.match(opened.follower!.error ?? '', /stopped/);
});

test('the journal: another program\'s line between earlyoom\'s kill line and its dry-run notice keeps it a dry run', async () => {
  const dry = lines('earlyoom-1.7-debian-dryrun.txt');
  const at = dry.findIndex((line) => line.startsWith('sending SIGKILL'));
  const t = Date.UTC(2025, 10, 27, 7, 0, 0);
  const pid1 = JSON.stringify({ __REALTIME_TIMESTAMP: String(t * 1000), SYSLOG_IDENTIFIER: 'systemd', _PID: '1', MESSAGE: 'Started session-3.scope - Session 3 of User root.' });
  const followed = [...dry.slice(0, at + 1).map((line) => earlyoomRecord(line, t)), pid1, ...dry.slice(at + 1).map((line) => earlyoomRecord(line, t))];
  const { run } = fakeRunner({ [PROBE]: { lines: [pid1] }, [FOLLOW]: { lines: followed } });
  const opened = await openKillerLog({ file: null, runCommand: run });
  await settled();
  assert.deepEqual(opened.follower!.poll(0), []);
  assert.deepEqual(opened.follower!.poll(10_000), [], 'nothing held back either');
});

test('a kill line that is the last line is released once its log has been quiet for settleMs', async () => {
  const line = lines('earlyoom-1.9-issue-373.txt')[0]!;
  const { run } = fakeRunner({ [PROBE]: { lines: [earlyoomRecord(line, 1000)] }, [FOLLOW]: { lines: [earlyoomRecord(line, 1000)] } });
  const opened = await openKillerLog({ file: null, runCommand: run, settleMs: 500 });
  await settled();
  assert.deepEqual(opened.follower!.poll(100), []);
  assert.deepEqual(opened.follower!.poll(400), []);
  assert.deepEqual(opened.follower!.poll(700).map((kill) => [kill.pid, kill.name, kill.wallMs]), [[997, 'my-process-name', 1000]]);
});

test('a journal without their lines for this user: nothing followed, and the status says how to see them', async () => {
  const { run, calls } = fakeRunner({ journalctl: { lines: [], stderr: '' } });
  const opened = await openKillerLog({ file: null, runCommand: run });
  assert.equal(opened.follower, null);
  assert.deepEqual(calls, [PROBE]);
  assert.match(opened.status.unavailable ?? '', /^Userspace kills cannot be seen \(journalctl -b -n 1 -t earlyoom …: no line of earlyoom/);
  assert.match(opened.status.unavailable ?? '', /--killer-log FILE/);
  const missing = await openKillerLog({ file: null, runCommand: fakeRunner({}).run });
  assert.match(missing.status.unavailable ?? '', /spawn journalctl ENOENT/);
});

test('--killer-log FILE: followed from its end; lines appended later are kills, timed when read', async () => {
  const path = join(tempDir('oomlens-killer-log-'), 'earlyoom.log');
  const issue344 = lines('earlyoom-1.8-issue-344.txt').map((line) => line.replace(SYSLOG, '$4'));
  writeFileSync(path, `${issue344.join('\n')}\n`); // an old kill, already in the file: not this session's
  const opened = await openKillerLog({ file: path });
  assert.deepEqual(opened.status, { source: path, unavailable: null, error: null });
  const follower = opened.follower!;
  assert.deepEqual(follower.poll(0, 5_000), []);
  const dry = lines('earlyoom-1.7-debian-dryrun.txt');
  const at = dry.findIndex((line) => line.startsWith('sending SIGKILL'));
  appendFileSync(path, `${dry.slice(0, at + 1).join('\n')}\n`);
  assert.deepEqual(follower.poll(100, 6_000), [], 'held one line for a dry-run notice');
  const kills = follower.poll(700, 6_600);
  assert.deepEqual(kills.map((kill) => [kill.killer, kill.pid, kill.name, kill.signal, kill.reason, kill.wallMs, kill.wallTimeApproximate]), [
    ['earlyoom', 20698, 'oomlens-bait', 'SIGKILL', "mem avail ≤ 99.00% and swap free ≤ 100.00% (earlyoom's SIGKILL limits)", 6_000, true],
  ]);
  follower.close();
  const absent = await openKillerLog({ file: join(path, '..', 'absent.log') });
  assert.equal(absent.follower, null);
  assert.match(absent.status.unavailable ?? '', /cannot read .*absent\.log: no such file or directory/);
});

test('the watch opens nothing until a userspace killer runs, then opens the journal once', async () => {
  const { run, calls } = fakeRunner({ journalctl: { lines: [] } });
  const watch = new KillerLogWatch({ file: null, runCommand: run });
  assert.deepEqual(watch.poll(false), []);
  await watch.ready();
  assert.deepEqual([calls, watch.status], [[], null]);
  watch.poll(true);
  await watch.ready();
  watch.poll(true);
  assert.deepEqual(calls, [PROBE]);
  assert.match(watch.status?.unavailable ?? '', /cannot be seen/);
  watch.close();
});

test('what journalctl says on stderr reaches the panel sanitised', async () => {
  const { run } = fakeRunner({ journalctl: { lines: [], stderr: 'Failed to open journal: \x1b]0;pwned\x07 denied', exitCode: 1 } });
  const opened = await openKillerLog({ file: null, runCommand: run });
  assert.doesNotMatch(opened.status.unavailable ?? '', /[\x00-\x1f\x7f]/);
  assert.match(opened.status.unavailable ?? '', /Failed to open journal: .*pwned.* denied/);
});
