// `oomlens explain`: the JSON contract, the human layout (verdict first), "no report" with exit 0, an
// unreadable file as one stderr line with exit 2, stdin, this machine's log through injected readers, and a
// log larger than the heap going through in bounded memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runExplain, type ExplainOptions } from '../../src/cli/explain.js';
import { fixturePath, oomFixture } from '../helpers/fixtures.js';
import { DENIED, FakeKmsg, fakeRunner } from '../helpers/kernel-log-fakes.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function explain(options: ExplainOptions, stdinText = ''): Promise<Run> {
  const stdout = sink();
  const stderr = sink();
  const code = await runExplain(options, { stdout: stdout.stream, stderr: stderr.stream, stdin: Readable.from([stdinText]) });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function tempFile(name: string, text: string | Uint8Array): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-explain-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Added keys are appended: keys are added, never renamed. history: the victim's recorded samples before the
// kill (oomlens record), [] when nothing was recorded.
const REPORT_KEYS = [
  'scope', 'outcome', 'manual', 'memcg', 'taskMemcg', 'constraint', 'timestamp', 'trigger', 'victims', 'tasks', 'findings',
  'wallTime', 'wallTimeApproximate', 'wallTimeSource', 'uptimeSeconds', 'kernelRelease', 'memory', 'panicCause', 'cpuset',
  'memsAllowed', 'nodemask', 'groupKill', 'headerMissing', 'noKillableProcess', 'taskTableSeen', 'tasksOmitted', 'history',
];
const TRIGGER_KEYS = ['name', 'pid', 'gfpMask', 'order', 'oomScoreAdj'];
const VICTIM_KEYS = ['pid', 'name', 'totalVmKb', 'anonRssKb', 'fileRssKb', 'shmemRssKb', 'uid', 'oomScoreAdj', 'reaped'];
const TASK_KEYS = ['pid', 'uid', 'tgid', 'totalVmPages', 'rssPages', 'swapEntries', 'oomScoreAdj', 'name'];

function isNumberOrNull(value: unknown): boolean {
  return value === null || typeof value === 'number';
}

test('--json prints {"schemaVersion":1,"reports":[...],"summary":{...}} with the documented keys, null where the report is silent', async () => {
  // The fixture file as published, header comments and all: explain reads real files, not cleaned ones.
  const run = await explain({ source: fixturePath('oom', 'memcg-v1-4.8-gentoo-docker-kmsg-prefix-stripped.txt'), json: true });
  assert.equal(run.code, 0);
  assert.equal(run.stderr, '');
  const parsed = JSON.parse(run.stdout) as { schemaVersion: number; reports: Record<string, unknown>[]; summary: Record<string, unknown> };
  assert.deepEqual(Object.keys(parsed), ['schemaVersion', 'reports', 'summary']);
  assert.equal(parsed.schemaVersion, 1);
  assert.equal(parsed.reports.length, 2);
  assert.deepEqual(parsed.summary, {
    reports: 2, kills: 2, rateLimitedReports: 0, reportsWithHeader: 2, panics: 0, noKills: 0, incompleteReports: 0, text: '2 kills, 2 reports.',
  });
  for (const report of parsed.reports) {
    assert.deepEqual(Object.keys(report), REPORT_KEYS);
    assert.ok(report['scope'] === 'global' || report['scope'] === 'memcg');
    assert.equal(typeof report['manual'], 'boolean');
    assert.deepEqual(Object.keys(report['trigger'] as object), TRIGGER_KEYS);
    for (const victim of report['victims'] as Record<string, unknown>[]) {
      assert.deepEqual(Object.keys(victim), VICTIM_KEYS);
      assert.ok(['totalVmKb', 'anonRssKb', 'fileRssKb', 'shmemRssKb', 'uid', 'oomScoreAdj'].every((key) => isNumberOrNull(victim[key])));
      assert.equal(typeof victim['reaped'], 'boolean');
    }
    for (const task of report['tasks'] as Record<string, unknown>[]) assert.deepEqual(Object.keys(task), TASK_KEYS);
    for (const finding of report['findings'] as Record<string, unknown>[]) assert.deepEqual(Object.keys(finding), ['id', 'text']);
    assert.deepEqual(report['history'], []);
  }
  const first = parsed.reports[0] as { constraint: unknown; timestamp: unknown; wallTime: unknown; wallTimeApproximate: unknown; victims: { pid: number; reaped: boolean }[] };
  assert.equal(first.constraint, null, 'a 4.8 report prints no constraint');
  assert.equal(first.timestamp, null, 'the publisher stripped the stamps');
  assert.deepEqual([first.wallTime, first.wallTimeApproximate], [null, false]);
  assert.deepEqual(first.victims.map((victim) => [victim.pid, victim.reaped]), [[1381, true]]);
});

test('human output: verdict first, then trigger, memory, tasks with the victim marked, findings', async () => {
  const run = await explain({ source: fixturePath('oom', 'global-3.13-ubuntu-syslog-kill-process-score.txt'), json: false });
  assert.equal(run.code, 0);
  const lines = run.stdout.split('\n');
  // A syslog stamp has no year and no zone: the local wall time is approximate, and says so.
  assert.match(lines[0] ?? '', /^OOM report 1 · ≈ \d{4}-01-28 19:58:45 · kernel 3\.13\.0-27-generic$/);
  assert.match(lines[1] ?? '', /^ {2}Killed +badsysprogram \(pid 1532, uid 1020, oom_score_adj 0\) — global OOM/);
  assert.match(lines[3] ?? '', /^ {2}When +≈ \d{4}-01-28 19:58:45 [+-]\d\d:\d\d \(approximate:/);
  const words = run.stdout.replace(/\s+/g, ' ');
  assert.ok(words.includes('(approximate: the stamp has no year and no time zone: year and local time assumed)'));
  assert.ok(words.includes('455.498827 s after boot · log stamp Jan 28 19:58:45'), 'kernel seconds and the log stamp stay as detail');
  const order = ['Killed', 'When', 'Trigger', 'Memory', 'Tasks', 'Findings'].map((label) => lines.findIndex((line) => line.startsWith(`  ${label}`)));
  assert.deepEqual([...order].sort((a, b) => a - b), order, `sections in order: ${order.join(',')}`);
  assert.ok(order.every((index) => index > 0));
  assert.ok(lines.some((line) => /^ {2}>\s+1532\s.*badsysprogram {3}<- killed$/.test(line)));
  assert.ok(run.stdout.includes('[global-oom]'));
  assert.ok(run.stdout.includes('node 0 DMA32 free 43.5 MiB (min 43.6 MiB, low 54.5 MiB) BELOW MIN'));
  assert.match(run.stdout, /\n1 kill, 1 report\.\n$/);
});

test('a log without any report says so and exits 0', async () => {
  const file = tempFile('quiet.log', '[    1.000000] Linux version 6.18.0\n[    2.000000] EXT4-fs (vda): mounted\n');
  try {
    const text = await explain({ source: file.path, json: false });
    assert.equal(text.code, 0);
    assert.equal(text.stderr, '');
    assert.equal(text.stdout, `No OOM report found in ${file.path}: the OOM killer has not killed anything in this log.\n`);
    const json = await explain({ source: file.path, json: true });
    assert.equal(json.code, 0);
    assert.deepEqual(JSON.parse(json.stdout), {
      schemaVersion: 1,
      reports: [],
      summary: {
        reports: 0, kills: 0, rateLimitedReports: 0, reportsWithHeader: 0, panics: 0, noKills: 0, incompleteReports: 0,
        text: `No OOM report found in ${file.path}: the OOM killer has not killed anything in this log.`,
      },
    });
  } finally {
    file.cleanup();
  }
});

test('an unreadable file is one line on stderr and exit 2, with no stack trace', async () => {
  for (const [source, reason] of [
    ['/nonexistent/oomlens/kern.log', 'no such file or directory'],
    [tmpdir(), 'is a directory'],
  ]) {
    const run = await explain({ source: source ?? '', json: true });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `oomlens: cannot read ${source}: ${reason}\n`);
  }
});

test('a binary file (a program, NUL bytes in the first KiB, a gzip) is not a text log: one line, exit 2', async () => {
  const nul = tempFile('nul.log', `${'x'.repeat(1000)}\0 Out of memory: Killed process 1 (a)\n`);
  const gzip = tempFile('kern.log.gz', Uint8Array.of(0x1f, 0x8b, 0x08, 0x00));
  try {
    for (const [source, reason] of [
      [process.execPath, 'is not a text log: it holds binary data'],
      [nul.path, 'is not a text log: it holds binary data'],
      [gzip.path, 'is gzip-compressed, not a text log: decompress it first (zcat)'],
    ] as const) {
      for (const json of [false, true]) {
        const run = await explain({ source, json });
        assert.equal(run.code, 2, source);
        assert.equal(run.stdout, '');
        assert.equal(run.stderr, `oomlens: ${source} ${reason}\n`);
      }
    }
  } finally {
    nul.cleanup();
    gzip.cleanup();
  }
});

test('"-" reads standard input', async () => {
  const run = await explain({ source: '-', json: true }, oomFixture('global-6.1-arch.txt'));
  assert.equal(run.code, 0);
  const parsed = JSON.parse(run.stdout) as { reports: { victims: { name: string }[] }[] };
  assert.equal(parsed.reports[0]?.victims[0]?.name, 'doxygen');
});

test('this machine\'s log (source null) through injected readers; unavailable is one line and exit 2', async () => {
  const records = oomFixture('real-memcg-v1-6.18-kmsg.txt')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => `${line}\n`);
  const nothingRuns = fakeRunner({}, DENIED).run;
  // This boot's own log: the kernel's seconds become wall time on this boot's clock.
  const bootClock = () => ({ bootWallMs: Date.parse('2026-11-21T22:45:53Z'), suspendedMs: 0 });
  const ok = await explain({ source: null, json: true, roots: { kmsgDevice: new FakeKmsg(records), runCommand: nothingRuns }, bootClock });
  assert.equal(ok.code, 0);
  const wall = (JSON.parse(ok.stdout) as { reports: { wallTime: string; wallTimeApproximate: boolean; wallTimeSource: string }[] }).reports[0];
  assert.equal(Date.parse(wall?.wallTime ?? ''), Date.parse('2026-11-21T22:50:10.183Z'), 'boot + 257.183159 s');
  assert.deepEqual([wall?.wallTimeApproximate, wall?.wallTimeSource], [false, 'boot-clock']);
  assert.match(ok.stdout, /"memcg":"\/oomlens-capture-3851"/);

  const denied = await explain({ source: null, json: false, roots: { kmsgDevice: new FakeKmsg([], 'EPERM'), runCommand: nothingRuns } });
  assert.equal(denied.code, 2);
  assert.equal(denied.stdout, '');
  assert.equal(denied.stderr.split('\n').length, 2, 'exactly one line');
  assert.match(denied.stderr, /^oomlens: cannot read the kernel log: .*dmesg_restrict.*sysctl kernel\.dmesg_restrict=0/);
});

test('a log larger than the heap is explained in bounded memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-big-'));
  try {
    const report = oomFixture('global-6.1-arch.txt');
    const noise = Array.from({ length: 2000 }, (_, index) => `[ ${index}.000000] docker0: port 2(veth380a1cd) entered blocking state ${'x'.repeat(60)}`).join('\n');
    const block = `${report}\n${noise}\n`;
    const copies = Math.ceil((48 * 1024 * 1024) / block.length);
    const log = join(dir, 'big.log');
    writeFileSync(log, block.repeat(copies));
    const script = join(dir, 'run.mts');
    const module = new URL('../../src/cli/explain.ts', import.meta.url).href;
    writeFileSync(
      script,
      `import { runExplain } from ${JSON.stringify(module)};
import { Writable } from 'node:stream';
let reports = 0;
const stdout = new Writable({ write(chunk, _e, cb) { reports += (String(chunk).match(/"scope"/g) ?? []).length; cb(); } });
const code = await runExplain({ source: ${JSON.stringify(log)}, json: true }, { stdout, stderr: process.stderr, stdin: process.stdin });
console.log(JSON.stringify({ code, reports }));
`,
    );
    // 32 MB of heap for a 48 MB log: holding the file, or every report's lines, would not fit.
    const child = spawnSync(process.execPath, ['--max-old-space-size=32', '--import', 'tsx', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), { code: 0, reports: copies });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a log that begins in the middle of a report: its kill is counted as cut, not as rate limiting', async () => {
  // The real 6.18 report twice, the first without its first eight lines (the ring buffer wrapped there).
  const lines = oomFixture('real-memcg-v1-6.18-dmesg.txt').split('\n');
  const file = tempFile('cut.log', [...lines.slice(8), ...lines].join('\n'));
  try {
    const run = await explain({ source: file.path, json: false });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /2 kills, 1 report, and 1 kill in a report whose start the log no longer holds \(it begins in the middle of one\)\.\n$/);
    assert.doesNotMatch(run.stdout, /rate-limited/);
  } finally {
    file.cleanup();
  }
});

test('a file with no OOM report: a kernel log says nothing was killed; a file that is no log is asked about', async () => {
  const passwd = tempFile('passwd', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
  const quiet = tempFile('dmesg.txt', '[    0.000000] Linux version 6.18.44\n[    1.250000] EXT4-fs (vda1): mounted filesystem\n');
  try {
    const notLog = await explain({ source: passwd.path, json: false });
    assert.equal(notLog.code, 0);
    assert.match(notLog.stdout, /none of its 2 lines has a kernel log's time stamp or syslog\/journal prefix: is it a kernel log/);
    const log = await explain({ source: quiet.path, json: false });
    assert.match(log.stdout, /No OOM report found in .*: the OOM killer has not killed anything in this log\.\n$/);
  } finally {
    passwd.cleanup();
    quiet.cleanup();
  }
});
