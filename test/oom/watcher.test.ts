// The live side the TUI polls each tick: when a finished report is released (settle time, max wait), what
// happens to a report still in progress, source errors, and the choice of live source (kmsg, journal, dmesg)
// with the readers injected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTailSource } from '../../src/oom/file-tail-source.js';
import { readLogLines } from '../../src/oom/log-line.js';
import { openMachineKernelLog } from '../../src/oom/kernel-log-source.js';
import { OomLogWatcher, openLiveKernelLog, type LiveLineSource } from '../../src/oom/oom-watcher.js';
import type { LogLine } from '../../src/oom/types.js';
import { oomFixture } from '../helpers/fixtures.js';
import { DENIED, FakeKmsg, fakeRunner } from '../helpers/kernel-log-fakes.js';

class ScriptedSource implements LiveLineSource {
  readonly source = 'kmsg';
  readonly description = 'scripted';
  lostRecords = 0;
  error: string | null = null;
  closed = false;
  private queue: LogLine[] = [];

  feed(lines: LogLine[]): void {
    this.queue.push(...lines);
  }

  take(): LogLine[] {
    const lines = this.queue;
    this.queue = [];
    return lines;
  }

  close(): void {
    this.closed = true;
  }
}

const REPORT_LINES = readLogLines(oomFixture('real-memcg-v1-6.18-kmsg.txt'));
const NOISE: LogLine = { text: 'docker0: port 2(veth1) entered blocking state', uptimeSeconds: 1, wallClock: null, seq: null, foreign: false, continued: false };

test('a report arriving over two ticks is released once the log has been quiet for settleMs', () => {
  const source = new ScriptedSource();
  const watcher = new OomLogWatcher(source, { settleMs: 500, maxWaitMs: 5000 });
  source.feed(REPORT_LINES.slice(0, 40));
  assert.deepEqual(watcher.poll(1000).reports, []);
  source.feed(REPORT_LINES.slice(40));
  assert.deepEqual(watcher.poll(2000).reports, [], 'verdict just arrived: wait for group kills / reaper');
  const tick = watcher.poll(2600);
  assert.deepEqual(
    tick.reports.map((report) => report.victims[0]?.pid),
    [3892],
  );
  assert.deepEqual(watcher.poll(4000).reports, [], 'released once');
  watcher.close();
  assert.equal(source.closed, true);
});

test('a chatty log cannot hold a finished report back beyond maxWaitMs', () => {
  const source = new ScriptedSource();
  const watcher = new OomLogWatcher(source, { settleMs: 500, maxWaitMs: 2000 });
  source.feed(REPORT_LINES);
  let released = 0;
  for (let now = 0; now <= 3000; now += 250) {
    source.feed([NOISE]);
    released += watcher.poll(now).reports.length;
  }
  assert.equal(released, 1);
});

test('a report still in progress (no verdict yet) is not released', () => {
  const source = new ScriptedSource();
  const watcher = new OomLogWatcher(source, { settleMs: 100, maxWaitMs: 200 });
  const verdictAt = REPORT_LINES.findIndex((line) => line.text.includes('Killed process'));
  source.feed(REPORT_LINES.slice(0, verdictAt));
  assert.deepEqual(watcher.poll(0).reports, []);
  assert.deepEqual(watcher.poll(10_000).reports, []);
  source.feed(REPORT_LINES.slice(verdictAt));
  assert.equal(watcher.poll(10_001).reports.length, 0);
  assert.equal(watcher.poll(10_200).reports.length, 1);
});

test('source errors and lost records are reported, not thrown', () => {
  const source = new ScriptedSource();
  source.error = '/dev/kmsg: input/output error';
  source.lostRecords = 12;
  const tick = new OomLogWatcher(source).poll(0);
  assert.deepEqual(tick, { reports: [], lostRecords: 12, error: '/dev/kmsg: input/output error' });
});

test('live kmsg: existing records are skipped unless asked for, new ones are read each tick', async () => {
  const records = ['6,1,1000,-;old line\n'];
  const source = await openLiveKernelLog({ kmsgDevice: new FakeKmsg(records) });
  assert.ok('take' in source);
  if (!('take' in source)) return;
  assert.equal(source.source, 'kmsg');
  assert.deepEqual(source.take(), []);
  records.push('6,2,2000,-;new line\n');
  assert.deepEqual(
    source.take().map((line) => line.text),
    ['new line'],
  );

  const replaying = await openLiveKernelLog({ kmsgDevice: new FakeKmsg(['6,1,1000,-;old line\n']), includeExisting: true });
  assert.ok('take' in replaying);
  if ('take' in replaying) assert.deepEqual(replaying.take().map((line) => line.text), ['old line']);
});

test('live fallback: /dev/kmsg denied, journal readable → journalctl -k -f -o json is followed', async () => {
  const json = JSON.stringify({ MESSAGE: 'Out of memory: Killed process 5 (x) total-vm:1kB', _TRANSPORT: 'kernel' });
  const { run, calls } = fakeRunner(
    { 'journalctl -k -n 1 -o json -q --no-pager': { lines: [json] }, 'journalctl -k -b -f -n 0 -o json -q --no-pager': { lines: [json] } },
    DENIED,
  );
  const source = await openLiveKernelLog({ kmsgDevice: new FakeKmsg([], 'EPERM'), runCommand: run });
  assert.ok('take' in source);
  if (!('take' in source)) return;
  assert.equal(source.source, 'journalctl-json');
  await new Promise((resolve) => setImmediate(resolve));
  const watcher = new OomLogWatcher(source, { settleMs: 0 });
  assert.deepEqual(
    watcher.poll(1).reports.map((report) => report.victims[0]?.pid),
    [5],
  );
  assert.deepEqual(calls, ['journalctl -k -n 1 -o json -q --no-pager', 'journalctl -k -b -f -n 0 -o json -q --no-pager']);
});

test('live fallback: no JSON from the journal, plain journalctl -k works → it is followed', async () => {
  const short = 'Nov 21 22:50:10 vm kernel: Out of memory: Killed process 6 (y) total-vm:1kB';
  const { run, calls } = fakeRunner({ 'journalctl -k -n 1 --no-pager -q': { lines: [short] }, 'journalctl -k -b -f -n 0 --no-pager -q': { lines: [short] } }, DENIED);
  const source = await openLiveKernelLog({
    kmsgDevice: new FakeKmsg([], 'EPERM'),
    runCommand: run,
  });
  assert.ok('take' in source);
  if (!('take' in source)) return;
  assert.equal(source.source, 'journalctl');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    new OomLogWatcher(source, { settleMs: 0 }).poll(1).reports.map((report) => report.victims[0]?.pid),
    [6],
  );
  assert.deepEqual(calls, ['journalctl -k -n 1 -o json -q --no-pager', 'journalctl -k -n 1 --no-pager -q', 'journalctl -k -b -f -n 0 --no-pager -q']);
});

test('live fallback: nothing readable → "unavailable" naming dmesg_restrict, the same chain as explain', async () => {
  const { run, calls } = fakeRunner({}, DENIED);
  const result = await openLiveKernelLog({ kmsgDevice: new FakeKmsg([], 'EPERM'), runCommand: run });
  assert.ok('kind' in result && result.kind === 'unavailable');
  if (!('kind' in result)) return;
  assert.deepEqual(
    result.attempts.map((attempt) => attempt.source),
    ['kmsg', 'journalctl-json', 'journalctl', 'dmesg'],
  );
  assert.match(result.attempts[0]!.error, /\/dev\/kmsg: operation not permitted \(kernel\.dmesg_restrict=1 requires CAP_SYSLOG\)/);
  assert.match(result.message, /sysctl kernel\.dmesg_restrict=0/);
  assert.deepEqual(calls, ['journalctl -k -n 1 -o json -q --no-pager', 'journalctl -k -n 1 --no-pager -q', 'dmesg']);
  const oneShot = await openMachineKernelLog({ kmsgDevice: new FakeKmsg([], 'EPERM'), runCommand: fakeRunner({}, DENIED).run });
  assert.ok(oneShot.kind === 'unavailable');
  assert.deepEqual(oneShot.attempts.map((attempt) => attempt.source), result.attempts.map((attempt) => attempt.source));
  assert.equal(oneShot.attempts[0]!.error, result.attempts[0]!.error);
});

test('a plain log file can be followed like tail -f (--kernel-log FILE in the TUI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-tail-'));
  try {
    const path = join(dir, 'kern.log');
    writeFileSync(path, 'old junk\n');
    const source = new FileTailSource(path, true);
    const watcher = new OomLogWatcher(source, { settleMs: 0 });
    const dmesg = oomFixture('real-memcg-v1-6.18-dmesg.txt');
    const cut = dmesg.indexOf('Killed process') + 5;
    appendFileSync(path, dmesg.slice(0, cut));
    assert.deepEqual(watcher.poll(1).reports, [], 'half a line is kept until its newline arrives');
    appendFileSync(path, dmesg.slice(cut));
    assert.deepEqual(
      watcher.poll(2).reports.map((report) => report.victims[0]?.pid),
      [3892],
    );
    writeFileSync(path, '');
    assert.deepEqual(watcher.poll(3).reports, [], 'a truncated file is read again from the start');
    watcher.close();
    assert.match(new FileTailSource(join(dir, 'missing')).error ?? '', /cannot read .*missing: no such file or directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the ring buffer at start is history: its reports come out of the first poll, read in takes, with wall times', async () => {
  const lines = oomFixture('real-memcg-v1-6.18-repeat-kmsg.txt').split('\n').filter((line) => line !== '').map((line) => `${line}\n`);
  const records = [...lines]; // FakeKmsg reads them away
  const source = await openLiveKernelLog({ kmsgDevice: new FakeKmsg(records), includeExisting: true });
  assert.ok('take' in source);
  if (!('take' in source)) return;
  const clock = { nowMs: Date.UTC(2026, 10, 28, 8), boot: { bootWallMs: 1795846839000, suspendedMs: 0 } };
  const watcher = new OomLogWatcher(source, { settleMs: 60_000, maxWaitMs: 60_000 }, clock);
  const tick = await watcher.pollSliced(0);
  assert.deepEqual(tick.reports.map((report) => report.victims[0]?.pid), [27282, 27323, 27364, 27405], 'no settle wait for history');
  assert.equal(Date.parse(tick.reports[0]?.wallTime ?? ''), Date.parse('2026-11-28T07:15:58.389Z'));
  // A kill after the start waits to settle as before.
  records.push(...lines.map((line) => line.replace(/^(\d+),(\d+),/, (_m, prio: string, seq: string) => `${prio},${Number(seq) + 1000},`)).slice(0, 80));
  assert.deepEqual((await watcher.pollSliced(1)).reports, []);
  assert.deepEqual((await watcher.pollSliced(70_000)).reports.map((report) => report.victims[0]?.pid), [27282]);
});
