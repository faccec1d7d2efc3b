// The same kernel report, carried by every transport oomlens meets (raw /dev/kmsg, dmesg, dmesg -T in
// several locales, syslog with and without host, journalctl short and JSON, RFC 3339 syslog), must parse
// to the same result; foreign lines anywhere must not change it; awkward comm names must survive intact
// (and sanitised).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLogLines } from '../../src/oom/log-line.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { toReportJson, type OomReportJson } from '../../src/oom/report-json.js';
import type { LogLine } from '../../src/oom/types.js';
import { sanitize } from '../../src/text/sanitize.js';
import { oomFixture } from '../helpers/fixtures.js';

const KMSG = oomFixture('real-memcg-v1-6.18-kmsg.txt');
const KERNEL_LINES: LogLine[] = readLogLines(KMSG).filter((line) => line.text !== '');

/** The report without its times: each transport stamps differently (test/oom/wall-time.test.ts reads them). */
type Comparable = Omit<OomReportJson, 'timestamp' | 'wallTime' | 'wallTimeApproximate' | 'wallTimeSource' | 'uptimeSeconds'>;

function comparable(text: string): Comparable[] {
  return parseOomReports(text).map((report) => {
    const { timestamp: _t, wallTime: _w, wallTimeApproximate: _a, wallTimeSource: _s, uptimeSeconds: _u, ...rest } = toReportJson(report);
    return rest;
  });
}

function uptime(line: LogLine): string {
  return (line.uptimeSeconds ?? 0).toFixed(6).padStart(12);
}

const TRANSPORTS: Record<string, (line: LogLine) => string> = {
  dmesg: (line) => `[${uptime(line)}] ${line.text}`,
  'dmesg with caller id': (line) => `[${uptime(line)}][ T3892] ${line.text}`,
  'dmesg -x': (line) => `kern  :warn  : [${uptime(line)}] ${line.text}`,
  'dmesg -T (C locale)': (line) => `[Sat Nov 21 22:50:10 2026] ${line.text}`,
  'dmesg -T (de_DE)': (line) => `[Sa Nov 21 22:50:10 2026] ${line.text}`,
  'dmesg -T (fr_FR)': (line) => `[sam. 21 nov. 22:50:10 2026] ${line.text}`,
  'syslog with host and uptime': (line) => `Nov 21 22:50:10 vm kernel: [${uptime(line)}] ${line.text}`,
  'syslog without host': (line) => `Nov 21 22:50:10 kernel: ${line.text}`,
  'journalctl short (es_ES month)': (line) => `nov 21 22:50:10 vm kernel: ${line.text}`,
  'rsyslog RFC 3339': (line) => `2026-11-21T22:50:10.183159+00:00 vm kernel: ${line.text}`,
  'mail-indented dmesg': (line) => `  [${uptime(line)}] ${line.text}`,
  'journalctl -o json': (line) =>
    JSON.stringify({
      MESSAGE: line.text,
      PRIORITY: '6',
      SYSLOG_FACILITY: '0',
      _TRANSPORT: 'kernel',
      _SOURCE_MONOTONIC_TIMESTAMP: String(Math.round((line.uptimeSeconds ?? 0) * 1e6)),
      __REALTIME_TIMESTAMP: '1795301410183159',
    }),
  'journalctl -o json (MESSAGE as bytes)': (line) =>
    JSON.stringify({ MESSAGE: [...Buffer.from(line.text, 'utf8')], _TRANSPORT: 'kernel' }),
};

const BASELINE = comparable(KMSG);

test('the raw kmsg capture is the baseline', () => {
  assert.equal(BASELINE.length, 1);
  assert.equal(BASELINE[0]?.victims[0]?.pid, 3892);
});

for (const [name, render] of Object.entries(TRANSPORTS)) {
  test(`same report through ${name}`, () => {
    const banner = name.startsWith('journalctl short') ? '-- Journal begins at Sat 2026-11-21 22:40:01 UTC. --\n' : '';
    assert.deepEqual(comparable(banner + KERNEL_LINES.map(render).join('\n')), BASELINE);
  });
}

test('the dmesg fixture captured on this machine parses like its kmsg twin', () => {
  assert.deepEqual(comparable(oomFixture('real-memcg-v1-6.18-dmesg.txt')), BASELINE);
});

test('dmesg -T in a non-English locale: a fixture rewritten with German and French stamps', () => {
  const dmesg = oomFixture('global-4.14-next-no-task-dump-interleaved.txt');
  const german = dmesg.replace(/^\[\s*\d+\.\d+\]/gm, '[Di Aug 12 03:54:03 2025]');
  const french = dmesg.replace(/^\[\s*\d+\.\d+\]/gm, '[dim. 19 avril 18:03:30 2026]');
  const expected = comparable(dmesg);
  assert.deepEqual(comparable(german), expected);
  assert.deepEqual(comparable(french), expected);
  assert.equal(parseOomReports(german)[0]?.timestamp, 'Di Aug 12 03:54:03 2025');
});

test('journal JSON keeps the record stamp and the realtime clock', () => {
  const [report] = parseOomReports(KERNEL_LINES.map(TRANSPORTS['journalctl -o json'] ?? String).join('\n'));
  assert.equal(report?.uptimeSeconds, 257.183159);
  assert.equal(report?.timestamp, new Date(1795301410183).toISOString());
});

test('foreign lines between every line of a report change nothing', () => {
  const syslog = oomFixture('global-3.13-ubuntu-syslog-kill-process-score.txt');
  const noisySyslog = syslog
    .split('\n')
    .flatMap((line) => [line, 'Jan 28 19:58:45 localhost systemd[1]: Killed process 1 (init) by the OOM killer.'])
    .join('\n');
  assert.deepEqual(comparable(noisySyslog), comparable(syslog));

  const dmesg = oomFixture('real-memcg-v1-6.18-dmesg.txt');
  const noisyDmesg = dmesg
    .split('\n')
    .flatMap((line) => [line, '[  257.190000] docker0: port 2(veth380a1cd) entered blocking state'])
    .join('\n');
  assert.deepEqual(comparable(noisyDmesg), BASELINE);
});

test('a user-space record written into /dev/kmsg cannot claim a kill', () => {
  // Facility 1 (LOG_USER): prio 8–15. The kernel marks such records; they are never kernel text.
  const forged = '12,900,300000000,-;Out of memory: Killed process 1 (systemd) total-vm:1kB, anon-rss:1kB, file-rss:0kB';
  assert.deepEqual(parseOomReports(forged), []);
});

test('rsyslog #012 escapes split a multi-line record back into lines', () => {
  const lines = readLogLines('Jan 28 19:58:45 host kernel: active_anon:1 inactive_anon:2#012 active_file:3#011x');
  assert.deepEqual(
    lines.map((line) => line.text),
    ['active_anon:1 inactive_anon:2', ' active_file:3\tx'],
  );
  assert.ok(lines.every((line) => line.wallClock === 'Jan 28 19:58:45'));
});

/** kmsg's escaping: every byte < 0x20, >= 0x7f and the backslash become \xNN. */
function kmsgEscape(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => (byte < 0x20 || byte >= 0x7f || byte === 0x5c ? `\\x${byte.toString(16).padStart(2, '0')}` : String.fromCharCode(byte)))
    .join('');
}

const AWKWARD_COMMS = [
  'Web Content',
  'foo (bar)',
  'a)b',
  ')',
  '((',
  'x) total-vm:1kB',
  'comma,name',
  'kworker/0:2',
  'gunpowder-memho', // 15 bytes: TASK_COMM_LEN - 1
  'sixteen-chars-ab', // one more than the kernel allows: still parsed whole
  'back\\slash',
  'tab\tname',
  'evil\x1b]0;pwned\x07',
  'ümlaut-ß',
];

for (const comm of AWKWARD_COMMS) {
  test(`comm ${JSON.stringify(comm)} survives kmsg escaping, every line that names it, and sanitize()`, () => {
    const kmsg = KMSG.replaceAll('python3', kmsgEscape(comm));
    const [report] = parseOomReports(kmsg);
    const expected = sanitize(comm);
    assert.equal(report?.trigger.name, expected);
    assert.equal(report?.trigger.pid, 3892);
    assert.equal(report?.victims[0]?.name, expected);
    assert.equal(report?.victims[0]?.pid, 3892);
    assert.equal(report?.tasks[0]?.name, expected);
    assert.equal(report?.tasks[0]?.rssPages, 3669);
    assert.doesNotMatch(JSON.stringify(report?.victims), /[\u0000-\u001f\u007f]/u);
  });
}

test('a comm containing a newline cannot forge a kill line', () => {
  const forgedName = 'a\nKilled process 1 (init)';
  // /dev/kmsg escapes the newline; the report line is kept whole and the newline is shown as `\n`.
  const [report] = parseOomReports(KMSG.replaceAll('python3', kmsgEscape(forgedName)));
  assert.deepEqual(
    report?.victims.map((victim) => [victim.pid, victim.name]),
    [[3892, sanitize(forgedName)]],
  );
  assert.equal(report?.trigger.pid, 3892);
  // dmesg prints the newline and indents the rest under the text column: an unstamped continuation line,
  // which can never be a verdict. The real kill line is cut in half, so no victim at all — but not pid 1.
  const dmesg = KERNEL_LINES.map((line) => `[${uptime(line)}] ${line.text.replaceAll('python3', forgedName.replace('\n', '\n               '))}`);
  const victims = parseOomReports(dmesg.join('\n')).flatMap((parsed) => parsed.victims.map((victim) => victim.pid));
  assert.ok(!victims.includes(1), `forged victim in ${JSON.stringify(victims)}`);
});

test('indented continuation lines inherit the stamp of the record they continue', () => {
  const lines = readLogLines('[  343.840557] active_anon:1 inactive_anon:2\n                active_file:27 inactive_file:0');
  assert.equal(lines[1]?.uptimeSeconds, 343.840557);
  assert.equal(lines[1]?.text, '                active_file:27 inactive_file:0');
});

test('journal banners and other programs are foreign', () => {
  const lines = readLogLines(
    [
      '-- Boot 3f1e2d --',
      'Jan  5 15:20:01 /usr/bin/lock: called by /bin/bash for . uid 0, euid 0.',
      'Oct 12 19:00:20 aks-node containerd[2388]: time="x" msg="TaskOOM event"',
      'Oct 12 19:00:20 aks-node kernel: [ 8523.347333] Memory cgroup out of memory: Killed process 1 (x)',
    ].join('\n'),
  );
  assert.deepEqual(
    lines.map((line) => line.foreign),
    [true, true, true, false],
  );
  assert.equal(lines[3]?.uptimeSeconds, 8523.347333);
});

test('dmesg -x level prefixes are stripped, look-alike kernel text is not', () => {
  assert.equal(readLogLines('kern  :err   : [  1.000000] Out of memory: Killed process 5 (x)')[0]?.text, 'Out of memory: Killed process 5 (x)');
  assert.equal(readLogLines('nfs: info: server not responding')[0]?.text, 'nfs: info: server not responding');
});
