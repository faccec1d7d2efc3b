// The command-line contract, through the built program: --once, --json, --root, and bad input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameColumns, parseCli, UsageError } from '../../src/cli/options.js';
import { fixturePath } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

const TREE = fixturePath('proc-basic');

test('--json on a fixture tree: the documented shape, sorted by oomScore, nulls for what is absent', () => {
  const result = runCli(['--json', '--root', TREE, '--interval', '0.2']);
  assert.equal(result.status, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  for (const key of ['version', 'takenAt', 'host', 'memory', 'swap', 'zones', 'pressure', 'commit', 'etaSeconds', 'oomKills', 'processes']) {
    assert.ok(key in json, key);
  }
  assert.match(json.takenAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.deepEqual(json.host, { hostname: 'db-prod', kernel: '6.8.0-51-generic', distro: null, uptimeSeconds: 1047600.12 });
  assert.deepEqual(json.memory, { totalKb: 8046432, freeKb: 201344, availableKb: 317440 });
  assert.equal(json.swap.totalKb, 2097148);
  assert.equal(json.swap.freeKb, 0);
  assert.equal(json.oomKills, 4);
  assert.equal(json.processes.length, 10, 'every process, kernel threads included');
  const scores = json.processes.map((p: { oomScore: number }) => p.oomScore);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  assert.deepEqual(json.processes[0], {
    pid: 1234, name: 'mysqld', user: 'mysql', uid: 110, oomScore: 1231, oomScoreAdj: 0,
    rssKb: 7549747, rssAnonKb: 7548723, rssFileKb: 1024, rssShmemKb: 0, swapKb: 81920,
    cgroup: '/system.slice/mysql.service', kernelThread: false,
    // Two samples: an early slope, marked as such (settled after 5 samples over 10 s).
    growthKbPerMin: 0, growthProvisional: true,
  });
  assert.equal(json.zones, null, 'the tree has no zoneinfo: absent, not empty');
  assert.equal(json.pressure, null, 'no PSI file: null');
  assert.deepEqual(json.commit, { committedKb: 11744051, limitKb: 6120364, overcommitMemory: null });
  assert.equal(json.etaSeconds, null);
  assert.equal(json.swap.inPagesPerSec, 0, 'two samples: a real rate (the fixture counters do not move)');
  const old = json.processes.find((p: { pid: number }) => p.pid === 990);
  assert.equal(old.rssAnonKb, null, 'a kernel without RssAnon gives null, never 0');
  const kthread = json.processes.find((p: { pid: number }) => p.pid === 2);
  assert.equal(kthread.kernelThread, true);
  assert.equal(kthread.rssKb, null);
  assert.doesNotMatch(result.stdout, /\u001b|\u0007/, 'no raw escape reaches the JSON');
});

test('--once on a fixture tree: one plain frame, no escape codes, kernel threads hidden', () => {
  const result = runCli(['--once', '--root', TREE, '--interval', '0.2'], { env: { COLUMNS: '100' } });
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^oomlens db-prod · 6\.8\.0-51-generic · up 12d 3h · 0\.2s +OOM kills 4$/);
  const header = lines.findIndex((line) => /\bPID\b/.test(line));
  assert.match(lines[header]!, /^ +PID USER +SCORE +ADJ +RSS +ANON +FILE SHMEM +SWAP GROW\/m CGROUP +COMMAND/);
  assert.match(lines[header + 1]!, /^ 1234 mysql +1231/);
  assert.equal(lines.length, header + 1 + 8, 'the header, then the 8 user-space processes');
  assert.match(result.stdout, /PSI n\/a/);
  assert.match(result.stdout, /zones n\/a/);
  assert.ok(lines.every((line) => line.length <= 100));
  assert.doesNotMatch(result.stdout, /\u001b/);
  assert.doesNotMatch(result.stdout, /kthreadd/);
});

test('--once --width N: the frame is N columns wide, whatever $COLUMNS says', () => {
  const result = runCli(['--once', '--root', TREE, '--interval', '0.2', '--width', '90'], { env: { COLUMNS: '130' } });
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines[0]!.length, 90, 'the title line reaches the right edge');
  assert.ok(lines.every((line) => line.length <= 90));
});

test('a non-TTY stdout gets the --once frame; the live machine works too', () => {
  const result = runCli(['--interval', '0.2']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^oomlens \S+ · /);
  assert.match(result.stdout, /PID USER +SCORE/);
  assert.ok(result.stdout.includes(' node '), 'this test runner is in the list');
});

test('bad input: one line on stderr, exit 2, no stack trace', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--interval', '0.1'], /--interval: must be between 0\.2 and 3600 seconds/],
    [['--interval', 'fast'], /--interval: not a number/],
    [['--bogus'], /^oomlens: unknown option --bogus \(see oomlens --help\)$/],
    [['--interval', '-1'], /^oomlens: --interval: must be a positive number of seconds, not -1$/],
    [['--root', '/nonexistent/tree'], /--root: no such directory/],
    [['--root', fixturePath('procfs')], /has no proc\/ directory/],
    [['frobnicate'], /unknown command: "frobnicate"/],
    [['--once', '--json'], /exclusive/],
    [['--version', 'extra'], /--version takes no argument: "extra"/],
    [['--once', '--kernel-log', '/nonexistent/kern.log'], /--kernel-log: cannot read \/nonexistent\/kern\.log: no such file or directory$/],
    [['--once', '--kernel-log', fixturePath('procfs')], /--kernel-log: \S+procfs is a directory, not a log file$/],
    [['--json', '--kernel-log', process.execPath], /--kernel-log: \S+ is not a text log: it holds binary data$/],
    [['--once', '--killer-log', '/nonexistent/earlyoom.log'], /--killer-log: cannot read \/nonexistent\/earlyoom\.log: no such file or directory$/],
    [['explain', process.execPath], /is not a text log: it holds binary data$/],
  ];
  for (const [args, message] of cases) {
    const result = runCli(args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /^oomlens: /);
    assert.match(lines[0]!, message);
  }
});

test('--kernel-log with a readable text file is accepted', () => {
  const log = fixturePath('oom', 'global-6.1-arch.txt');
  const result = runCli(['--json', '--root', TREE, '--interval', '0.2', '--kernel-log', log]);
  assert.equal(result.status, 0, result.stderr);
});

test('--help and --version', () => {
  const help = runCli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /oomlens explain \[FILE\|-\]/);
  assert.match(help.stdout, /--killer-log FILE +follow the userspace killers' log in FILE/);
  const version = runCli(['--version']);
  assert.match(version.stdout, /^oomlens \d+\.\d+\.\d+\n$/);
});

test('parseCli: modes, colour, interval', () => {
  assert.equal(parseCli([], {}, true).mode, 'tui');
  assert.equal(parseCli([], {}, false).mode, 'once');
  assert.equal(parseCli(['--json'], {}, true).mode, 'json');
  assert.equal(parseCli(['explain', 'x.log', '--json'], {}, true).explainSource, 'x.log');
  assert.equal(parseCli([], { NO_COLOR: '1' }, true).color, false);
  assert.equal(parseCli([], { TERM: 'dumb' }, true).color, false);
  assert.equal(parseCli(['--no-color'], {}, true).color, false);
  assert.equal(parseCli([], {}, true).color, true);
  assert.equal(parseCli(['--interval', '2.5'], {}, true).intervalMs, 2500);
  assert.throws(() => parseCli(['--interval', ''], {}, true), UsageError);
});

test('parseCli: refusals are said in our words, never in parseArgs\' advice', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--bogus'], /^unknown option --bogus \(see oomlens --help\)$/],
    [['--bogus=1'], /^unknown option --bogus /],
    [['-x'], /^unknown option -x /],
    [['-hx'], /^unknown option -x /],
    [['--interval', '-1'], /^--interval: must be a positive number of seconds, not -1$/],
    [['--interval=-1'], /positive number of seconds/],
    [['--interval', '0'], /positive number of seconds/],
    [['--interval'], /^--interval needs a value: --interval SECONDS$/],
    [['--root', '--once'], /^--root needs a value: --root DIR$/],
    [['--kernel-log'], /^--kernel-log needs a value: --kernel-log FILE$/],
    [['--once=yes'], /^--once takes no value$/],
    [['--', '--bogus'], /^unknown command: "--bogus" \(see oomlens --help\)$/],
    [['--version', 'extra'], /^--version takes no argument: "extra"$/],
    [['extra', '-V'], /^--version takes no argument: "extra"$/],
    [['--help', 'extra'], /^--help takes no argument: "extra"$/],
    [['explain', 'x.log', '--help'], /^--help takes no argument: "x\.log"$/],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseCli(args, {}, true), (error: Error) => {
      assert.ok(error instanceof UsageError, args.join(' '));
      assert.match(error.message, message, args.join(' '));
      assert.doesNotMatch(error.message, /To specify a positional|ambiguous|'--/, args.join(' '));
      return true;
    });
  }
  assert.equal(parseCli(['explain', '--kernel-log', '-'], {}, true).kernelLog, '-', 'a lone "-" is a value');
  assert.deepEqual([parseCli(['--killer-log', 'e.log'], {}, true).killerLog, parseCli([], {}, true).killerLog], ['e.log', null]);
  assert.equal(parseCli(['--interval', '0.5'], {}, true).intervalMs, 500);
  assert.equal(parseCli(['explain', '--help'], {}, true).mode, 'help');
  for (const [args, message] of [
    [['--once', '--width', '39'], /^--width: must be a whole number of columns from 40 to 1000, not "39"$/],
    [['--once', '--width', '1.5'], /whole number of columns/],
    [['--once', '--width', '-100'], /whole number of columns/],
    [['--width', '100'], /^--width only applies to --once/],
    [['--json', '--width', '100'], /^--width only applies to --once/],
  ] as const) {
    assert.throws(() => parseCli([...args], {}, true), (error: Error) => error instanceof UsageError && message.test(error.message), args.join(' '));
  }
});

test('the --once width: --width, else the terminal, else $COLUMNS (a number, kept to 40..1000), else 120', () => {
  assert.equal(parseCli(['--once', '--width', '100'], {}, true).width, 100);
  assert.equal(parseCli(['--width', '100'], {}, false).width, 100, 'a pipe gets --once, so --width applies');
  assert.equal(parseCli(['--once'], {}, true).width, null);
  assert.equal(frameColumns(100, 80, { COLUMNS: '132' }), 100);
  assert.equal(frameColumns(null, 80, { COLUMNS: '132' }), 80);
  assert.equal(frameColumns(null, undefined, { COLUMNS: '132' }), 132);
  assert.equal(frameColumns(null, undefined, { COLUMNS: '20' }), 40);
  assert.equal(frameColumns(null, undefined, { COLUMNS: 'wide' }), 120);
  assert.equal(frameColumns(null, undefined, {}), 120);
});
