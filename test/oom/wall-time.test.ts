// Wall-clock time of a report, per transport, on real reports: raw /dev/kmsg and dmesg on this boot's clock,
// dmesg -T (computed by dmesg from the boot time: approximate), RFC 3164 syslog (no year, no zone:
// approximate), RFC 3339 syslog and journald's realtime (exact), a dmesg file from elsewhere (null), and a
// machine that was suspended since boot (approximate). The four kills of the repeat fixture were captured on
// this project's VM with TZ=UTC; /proc/stat btime was 1795846839, and util-linux dmesg -T printed the same
// kills at `Sat Nov 28 07:15:58 2026`.
process.env['TZ'] = 'UTC';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { readLogLines } from '../../src/oom/log-line.js';
import { whenText } from '../../src/oom/explain-render.js';
import { bootClockFrom, parseLogStamp, type ReportClock } from '../../src/oom/time/wall-time.js';
import { isoWithOffset } from '../../src/oom/time/wall-format.js';
import { oomFixture } from '../helpers/fixtures.js';

const BTIME_MS = 1795846839 * 1000;
/** When the capture was taken: 2026-11-28, an hour after the kills. */
const NOW_MS = Date.UTC(2026, 10, 28, 8, 15);
const THIS_BOOT: ReportClock = { nowMs: NOW_MS, boot: { bootWallMs: BTIME_MS, suspendedMs: 0 } };
const ELSEWHERE: ReportClock = { nowMs: NOW_MS, boot: null };

const times = (text: string, clock: ReportClock) =>
  parseOomReports(text, { clock }).map((report) => [report.wallTime, report.wallTimeApproximate, report.wallTimeSource]);

test('raw /dev/kmsg on this boot: kernel seconds + the boot time, exact, to the microsecond stamp', () => {
  const reports = parseOomReports(oomFixture('real-memcg-v1-6.18-repeat-kmsg.txt'), { clock: THIS_BOOT });
  assert.deepEqual(
    reports.map((report) => [report.uptimeSeconds, report.wallTime, report.wallTimeApproximate, report.wallTimeSource]),
    [
      [3319.389159, '2026-11-28T07:15:58.389+00:00', false, 'boot-clock'],
      [3319.56364, '2026-11-28T07:15:58.563+00:00', false, 'boot-clock'],
      [3319.719745, '2026-11-28T07:15:58.719+00:00', false, 'boot-clock'],
      [3319.751543, '2026-11-28T07:15:58.751+00:00', false, 'boot-clock'],
    ],
  );
  assert.equal(whenText(reports[0]!), '2026-11-28 07:15:58 +00:00 · 3319.389159 s after boot');
});

test('dmesg -T of the same kills: the same second, approximate (dmesg computed it from the boot time)', () => {
  const reports = parseOomReports(oomFixture('real-memcg-v1-6.18-repeat-dmesg-T.txt'), { clock: ELSEWHERE });
  assert.deepEqual(times(oomFixture('real-memcg-v1-6.18-repeat-dmesg-T.txt'), ELSEWHERE), Array(4).fill(['2026-11-28T07:15:58+00:00', true, 'dmesg-boot-time']));
  assert.equal(reports[0]?.timestamp, 'Sat Nov 28 07:15:58 2026');
  assert.match(whenText(reports[0]!), /^≈ 2026-11-28 07:15:58 \+00:00 \(approximate: dmesg computed it from the boot time, which is off after a suspend; local time assumed\) · log stamp Sat Nov 28 07:15:58 2026$/);
  // The boot clock and dmesg agree to the second.
  const kmsg = parseOomReports(oomFixture('real-memcg-v1-6.18-repeat-kmsg.txt'), { clock: THIS_BOOT });
  assert.equal(kmsg[0]?.wallTime?.slice(0, 19), reports[0]?.wallTime?.slice(0, 19));
});

test('a dmesg file from another boot or machine: kernel seconds only, no wall time', () => {
  const [report] = parseOomReports(oomFixture('real-memcg-v1-6.18-dmesg.txt'), { clock: ELSEWHERE });
  assert.deepEqual([report?.wallTime, report?.wallTimeApproximate, report?.wallTimeSource], [null, false, null]);
  assert.match(whenText(report!), /^257\.183159 s after boot; the time of day is unknown/);
});

test('a suspend since boot makes boot-clock times approximate, and says why', () => {
  const suspended: ReportClock = { nowMs: NOW_MS, boot: bootClockFrom(NOW_MS, 4_000_000, 4_000_000 + 3_600_000) };
  const [report] = parseOomReports(oomFixture('real-memcg-v1-6.18-repeat-kmsg.txt'), { clock: suspended });
  assert.equal(report?.wallTimeApproximate, true);
  assert.match(whenText(report!), /^≈ .*approximate: this machine has been suspended since boot, and kernel time stops during a suspend/);
});

test('RFC 3164 syslog (no year, no zone): the latest year not in the future, local time, approximate', () => {
  const syslog = oomFixture('global-3.13-ubuntu-syslog-kill-process-score.txt');
  assert.deepEqual(times(syslog, ELSEWHERE), [['2026-01-28T19:58:45+00:00', true, 'log-stamp-no-year']]);
  // Read on January 10th, a January 28th stamp is last year's.
  assert.deepEqual(times(syslog, { nowMs: Date.UTC(2027, 0, 10), boot: null }), [['2026-01-28T19:58:45+00:00', true, 'log-stamp-no-year']]);
  assert.deepEqual(times(syslog, { nowMs: Date.UTC(2027, 0, 29), boot: null }), [['2027-01-28T19:58:45+00:00', true, 'log-stamp-no-year']]);
  // The stamp beats the kernel seconds even on this boot's clock: it is the log's own.
  assert.deepEqual(times(syslog, THIS_BOOT), [['2026-01-28T19:58:45+00:00', true, 'log-stamp-no-year']]);
});

test('RFC 3339 syslog stamps are exact', () => {
  assert.deepEqual(times(oomFixture('global-5.14-sle-rfc3339-caller-id-elided.txt'), ELSEWHERE), [
    ['2024-01-07T17:53:49.053+00:00', false, 'log-stamp'],
    ['2024-01-07T17:54:00.759+00:00', false, 'log-stamp'],
  ]);
});

test("journalctl -o json: journald's realtime stamp is exact", () => {
  // The real kmsg records as journald stores them: MESSAGE, the kernel's µs, and the realtime it received them at.
  const journal = readLogLines(oomFixture('real-memcg-v1-6.18-repeat-kmsg.txt')).map((line) =>
    JSON.stringify({
      MESSAGE: line.text,
      _TRANSPORT: 'kernel',
      _SOURCE_MONOTONIC_TIMESTAMP: String(Math.round((line.uptimeSeconds ?? 0) * 1e6)),
      __REALTIME_TIMESTAMP: String(Math.round(BTIME_MS * 1000 + (line.uptimeSeconds ?? 0) * 1e6)),
    }),
  );
  assert.deepEqual(times(journal.join('\n'), ELSEWHERE)[0], ['2026-11-28T07:15:58.389+00:00', false, 'log-stamp']);
});

test('local time carries its offset; stamps in other locales and forms', () => {
  const previous = process.env['TZ'];
  try {
    process.env['TZ'] = 'Europe/Berlin';
    assert.equal(isoWithOffset(Date.UTC(2026, 10, 28, 7, 15, 58, 389)), '2026-11-28T08:15:58.389+01:00');
    assert.equal(isoWithOffset(Date.UTC(2026, 6, 1, 12)), '2026-07-01T14:00:00+02:00');
    process.env['TZ'] = 'Asia/Kolkata';
    assert.equal(isoWithOffset(Date.UTC(2026, 0, 1)), '2026-01-01T05:30:00+05:30');
  } finally {
    process.env['TZ'] = previous;
  }
  const at = (text: string) => {
    const wall = parseLogStamp(text, NOW_MS);
    return wall === null ? null : [new Date(wall.ms).toISOString(), wall.approximate, wall.source];
  };
  assert.deepEqual(at('dim. 19 avril 18:03:30 2026'), ['2026-04-19T18:03:30.000Z', true, 'dmesg-boot-time']);
  assert.deepEqual(at('mar. 12 août 10:00:00 2025'), ['2025-08-12T10:00:00.000Z', true, 'dmesg-boot-time'], 'French Tuesday is not March');
  assert.deepEqual(at('Mär  5 10:00:00'), ['2026-03-05T10:00:00.000Z', true, 'log-stamp-no-year']);
  assert.deepEqual(at('2026-11-28T06:37:04,881479+00:00'), ['2026-11-28T06:37:04.881Z', true, 'dmesg-boot-time'], 'dmesg --time-format iso');
  assert.deepEqual(at('Sat 2026-11-28 06:20:39 UTC'), ['2026-11-28T06:20:39.000Z', false, 'log-stamp']);
  assert.deepEqual(at('1795301410.183159'), ['2026-11-21T22:50:10.183Z', false, 'log-stamp']);
  assert.deepEqual(at('Feb 29 10:00:00'), ['2024-02-29T10:00:00.000Z', true, 'log-stamp-no-year'], 'the last leap year');
  assert.equal(at('Blah 12 10:00:00'), null);
});
