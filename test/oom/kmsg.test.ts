// /dev/kmsg: the record format (header, caller field, dictionary lines, \xNN escapes) and the reader's
// handling of EAGAIN, EPIPE, EINVAL and sequence gaps, with the device injected so no privilege is needed.
// Also the fallback chain when /dev/kmsg is denied (kernel.dmesg_restrict=1 without CAP_SYSLOG).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openMachineKernelLog } from '../../src/oom/kernel-log-source.js';
import { kmsgRecordToLines, parseKmsgRecord, unescapeKmsgText } from '../../src/oom/kmsg-record.js';
import { KMSG_READ_BUFFER_BYTES, KmsgTailer, readKmsgNow } from '../../src/oom/kmsg-reader.js';
import { eachReportFromLogLines } from '../../src/oom/report-assembler.js';
import type { LogLine, OomReport } from '../../src/oom/types.js';
import { oomFixture } from '../helpers/fixtures.js';
import { FakeKmsg, fakeRunner, type KmsgStep } from '../helpers/kernel-log-fakes.js';

test('record header: priority, facility, level, seq, usec, flags', () => {
  const record = parseKmsgRecord('6,727,257192744,-;oom-kill:constraint=CONSTRAINT_MEMCG\n');
  assert.ok(record !== null);
  assert.equal(record.priority, 6);
  assert.equal(record.facility, 0);
  assert.equal(record.level, 6);
  assert.equal(record.seq, 727);
  assert.equal(record.usec, 257192744);
  assert.equal(record.flags, '-');
  assert.equal(record.caller, null);
  assert.equal(record.message, 'oom-kill:constraint=CONSTRAINT_MEMCG');
});

test('caller field and unknown future fields before the semicolon', () => {
  const record = parseKmsgRecord('4,12,34,c,caller=T6736,future=1;python3 invoked oom-killer: gfp_mask=0xcc0, order=0');
  assert.equal(record?.caller, 'T6736');
  assert.equal(record?.flags, 'c');
  assert.equal(record?.message, 'python3 invoked oom-killer: gfp_mask=0xcc0, order=0');
});

test('continuation KEY=value dictionary lines', () => {
  const record = parseKmsgRecord('6,900,1000,-;usb 1-1: new device\n SUBSYSTEM=usb\n DEVICE=c189:1\n');
  assert.equal(record?.message, 'usb 1-1: new device');
  assert.deepEqual(record?.dictionary, { SUBSYSTEM: 'usb', DEVICE: 'c189:1' });
});

test('\\xNN escapes: control bytes, the backslash itself and UTF-8 sequences', () => {
  assert.equal(unescapeKmsgText('a\\x5cb'), 'a\\b');
  assert.equal(unescapeKmsgText('tab\\x09x'), 'tab\tx');
  assert.equal(unescapeKmsgText('\\xc3\\xbcmlaut'), 'ümlaut');
  assert.equal(unescapeKmsgText('\\xff'), '\ufffd', 'invalid UTF-8 becomes U+FFFD, never throws');
  assert.equal(unescapeKmsgText('no escapes'), 'no escapes');
});

test('a multi-line record (\\x0a) becomes several lines sharing the stamp', () => {
  const record = parseKmsgRecord('6,10,2000000,-;active_anon:1 inactive_anon:2\\x0a active_file:3\\x0a free:4');
  assert.ok(record !== null);
  const lines = kmsgRecordToLines(record);
  assert.deepEqual(
    lines.map((line) => [line.text, line.uptimeSeconds, line.seq, line.continued]),
    [
      ['active_anon:1 inactive_anon:2', 2, 10, false],
      [' active_file:3', 2, 10, true],
      [' free:4', 2, 10, true],
    ],
  );
});

test('a line that is not a record is not parsed as one', () => {
  assert.equal(parseKmsgRecord('[  257.183159] python3 invoked oom-killer'), null);
  assert.equal(parseKmsgRecord('6,abc,1,-;x'), null);
});

test('reads one record per read() with a buffer of at least 8 KiB, until EAGAIN', () => {
  const device = new FakeKmsg(['6,1,10,-;one\n', '6,2,20,-;two\n']);
  const batch = readKmsgNow('/dev/kmsg', device);
  assert.deepEqual(
    batch.records.map((record) => record.message),
    ['one', 'two'],
  );
  assert.equal(batch.lostRecords, 0);
  assert.ok(KMSG_READ_BUFFER_BYTES >= 8192);
  assert.ok(device.bufferSizes.every((size) => size >= 8192));
  assert.equal(device.closed, 1);
});

test('EPIPE (records overwritten) continues from the next record and counts the gap', () => {
  const device = new FakeKmsg(['6,1,10,-;one\n', { code: 'EPIPE' }, '6,7,70,-;seven\n', '6,8,80,-;eight\n']);
  const batch = readKmsgNow('/dev/kmsg', device);
  assert.deepEqual(
    batch.records.map((record) => record.seq),
    [1, 7, 8],
  );
  assert.equal(batch.lostRecords, 5);
});

test('EINVAL (record larger than the buffer) is consumed by the kernel: counted as lost, reading goes on', () => {
  const batch = readKmsgNow('/dev/kmsg', new FakeKmsg(['6,1,10,-;one\n', { code: 'EINVAL' }, '6,3,30,-;three\n']));
  assert.deepEqual(
    batch.records.map((record) => record.seq),
    [1, 3],
  );
  assert.equal(batch.lostRecords, 1, 'counted once, from the seq gap it leaves');
});

test('skipExisting decodes headers only, and leaves the tailer where reading every record would', () => {
  // Malformed, overwritten (EPIPE), oversized (EINVAL), a header-less line, a caller field, UTF-8 after the
  // header, a record shorter than stale bytes left in the buffer by a longer one before it.
  const existing: KmsgStep[] = [
    '6,1,10,-;first ' + 'x'.repeat(300) + '\n', '6,2,11,-;second\n', 'garbage without a header\n', { code: 'EPIPE' },
    '4,7,12,c,caller=T6736;\u00e9t\u00e9 \\x1b\n SUBSYSTEM=usb\n', { code: 'EINVAL' }, '6,9,13,-;short\n', 'no;header\n',
  ];
  const [skipSteps, readSteps] = [[...existing], [...existing]];
  const skipping = KmsgTailer.open('/dev/kmsg', new FakeKmsg(skipSteps));
  const reading = KmsgTailer.open('/dev/kmsg', new FakeKmsg(readSteps));
  assert.equal(skipping.skipExisting(), 4);
  assert.equal(reading.readNew().records.length, 4);
  // Both continue from seq 9: the same records, the same gap of two.
  skipSteps.push('6,12,20,-;after a gap\n');
  readSteps.push('6,12,20,-;after a gap\n');
  const [afterSkip, afterRead] = [skipping.readNew(), reading.readNew()];
  assert.deepEqual(afterSkip, afterRead);
  assert.equal(afterSkip.lostRecords, 2);
});

test('the tailer returns only what is new since the last call', () => {
  const steps: KmsgStep[] = ['6,1,10,-;old\n'];
  const device = new FakeKmsg(steps);
  const tailer = KmsgTailer.open('/dev/kmsg', device);
  assert.equal(tailer.skipExisting(), 1);
  assert.deepEqual(tailer.readNew().records, []);
  steps.push('6,2,20,-;new\n');
  assert.deepEqual(
    tailer.readNew().records.map((record) => record.message),
    ['new'],
  );
  tailer.close();
  assert.deepEqual(tailer.readNew().records, [], 'a closed tailer reads nothing and does not throw');
});

test('an unexpected read error is thrown, not swallowed', () => {
  const tailer = KmsgTailer.open('/dev/kmsg', new FakeKmsg([{ code: 'EIO' }]));
  assert.throws(() => tailer.readNew(), /EIO/);
});

async function collect(lines: AsyncIterable<LogLine>): Promise<OomReport[]> {
  const reports: OomReport[] = [];
  for await (const report of eachReportFromLogLines(lines)) reports.push(report);
  return reports;
}

const REAL_KMSG = oomFixture('real-memcg-v1-6.18-kmsg.txt');

test('/dev/kmsg is used when it can be opened', async () => {
  const records = REAL_KMSG.split('\n').filter((line) => line !== '').map((line) => `${line}\n`);
  const { run, calls } = fakeRunner({});
  const opened = await openMachineKernelLog({ kmsgDevice: new FakeKmsg(records), runCommand: run });
  assert.equal(opened.kind, 'lines');
  if (opened.kind !== 'lines') return;
  assert.equal(opened.source, 'kmsg');
  assert.deepEqual(calls, [], 'no fallback command runs');
  const reports = await collect(opened.lines);
  assert.equal(reports[0]?.victims[0]?.pid, 3892);
});

test('EPERM on /dev/kmsg (dmesg_restrict) falls back to journalctl -k -o json', async () => {
  const json = oomFixture('real-memcg-v1-6.18-dmesg.txt')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.stringify({ MESSAGE: line.replace(/^\[[^\]]*\] /, ''), _TRANSPORT: 'kernel' }));
  const { run, calls } = fakeRunner({ journalctl: { lines: json } });
  const opened = await openMachineKernelLog({ kmsgDevice: new FakeKmsg([], 'EPERM'), runCommand: run });
  assert.equal(opened.kind === 'lines' ? opened.source : opened.kind, 'journalctl-json');
  assert.deepEqual(calls, ['journalctl -k -o json --no-pager -q']);
  if (opened.kind === 'lines') assert.equal((await collect(opened.lines))[0]?.victims[0]?.name, 'python3');
});

test('an empty or refused journal falls back to dmesg', async () => {
  const { run, calls } = fakeRunner({
    journalctl: { lines: [], stderr: 'No journal files were found.', exitCode: 1 },
    dmesg: { lines: oomFixture('real-memcg-v1-6.18-dmesg.txt').split('\n') },
  });
  const opened = await openMachineKernelLog({ kmsgDevice: new FakeKmsg([], 'EPERM'), runCommand: run });
  assert.equal(opened.kind === 'lines' ? opened.source : opened.kind, 'dmesg');
  assert.equal(calls.length, 3, 'journalctl -o json, journalctl, dmesg');
  if (opened.kind === 'lines') assert.equal((await collect(opened.lines))[0]?.victims[0]?.pid, 3892);
});

test('nothing readable: a structured "unavailable" result that says why and how to fix it', async () => {
  const { run } = fakeRunner({
    journalctl: { lines: ['-- No entries --'], stderr: 'No journal files were found.' },
    dmesg: { lines: [], stderr: 'dmesg: read kernel buffer failed: Operation not permitted', exitCode: 1 },
  });
  const opened = await openMachineKernelLog({ kmsgDevice: new FakeKmsg([], 'EPERM'), runCommand: run });
  assert.equal(opened.kind, 'unavailable');
  if (opened.kind !== 'unavailable') return;
  assert.deepEqual(
    opened.attempts.map((attempt) => attempt.source),
    ['kmsg', 'journalctl-json', 'journalctl', 'dmesg'],
  );
  assert.match(opened.message, /\/dev\/kmsg: operation not permitted/);
  assert.match(opened.message, /dmesg_restrict=1/);
  assert.match(opened.message, /CAP_SYSLOG/);
  assert.match(opened.message, /as root/);
  assert.match(opened.message, /sysctl kernel\.dmesg_restrict=0/);
  assert.match(opened.message, /adm or\s+systemd-journal group/);
  assert.match(opened.message, /Operation not permitted/);
});
