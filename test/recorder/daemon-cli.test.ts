// The daemon modes' command line: every bad value or misplaced option is one line in our words and exit
// 2; a port that is taken is one line and exit 2; the values parse as documented.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { parseCli } from '../../src/cli/options.js';
import { parseAt, parseDuration, parseListen, parseSize } from '../../src/cli/daemon-options.js';
import { runCli } from '../helpers/run-cli.js';

const refusals: [string[], RegExp][] = [
  [['serve'], /^oomlens: serve needs --listen HOST:PORT/],
  [['serve', '--listen', 'localhost'], /^oomlens: --listen: expected HOST:PORT/],
  [['serve', '--listen', '127.0.0.1:70000'], /^oomlens: --listen: port must be 0 to 65535/],
  [['record', '--keep', 'forever'], /^oomlens: --keep: expected a duration like 90m, 48h or 7d/],
  [['record', '--keep', '10s'], /^oomlens: --keep: must be at least one minute/],
  [['record', '--max-size', 'lots'], /^oomlens: --max-size: expected a size like 256M or 2G/],
  [['record', '--at', '-5m'], /^oomlens: --at only applies to oomlens replay/],
  [['--dir', '/tmp'], /^oomlens: --dir only applies to oomlens record, oomlens replay, oomlens explain/],
  [['--json', '--listen', '127.0.0.1:1'], /^oomlens: --listen only applies to oomlens record, oomlens serve/],
  [['replay', '--at', 'yesterday'], /^oomlens: --at: expected a time like/],
  [['record', 'now'], /^oomlens: record takes no argument: "now"/],
  [['record', '--dir', '/proc/oomlens-cannot-be-here'], /^oomlens: --dir: cannot create \/proc\/oomlens-cannot-be-here: E[A-Z]+/],
  // A mistyped --dir must not read as "nothing was recorded" beside every report.
  [['explain', '--dir', '/tmp/oomlens-no-such-recording', '/dev/null'], /^oomlens: no recording in \/tmp\/oomlens-no-such-recording \(start one with: oomlens record --dir/],
];

for (const [args, message] of refusals) {
  test(`oomlens ${args.join(' ')}: one line, exit 2`, () => {
    const run = runCli(args);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, message);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  });
}

test('serve on a port that is taken: one line naming it, exit 2', async () => {
  const taken = createServer().listen(0, '127.0.0.1');
  await once(taken, 'listening');
  const port = (taken.address() as { port: number }).port;
  try {
    const run = runCli(['serve', '--listen', `127.0.0.1:${port}`]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, `oomlens: cannot listen on 127.0.0.1:${port}: the address is in use\n`);
  } finally {
    taken.close();
  }
});

test('--help lists record, replay and serve with their defaults', () => {
  const run = runCli(['--help']);
  assert.equal(run.status, 0);
  for (const text of ['oomlens record', 'default 48h', 'default 256M', 'oomlens replay', 'oomlens serve --listen HOST:PORT', '/var/lib/oomlens']) {
    assert.ok(run.stdout.includes(text), text);
  }
});

test('the values parse as documented', () => {
  assert.deepEqual(parseListen('127.0.0.1:9713'), { host: '127.0.0.1', port: 9713 });
  assert.deepEqual(parseListen('[::1]:0'), { host: '::1', port: 0 });
  assert.deepEqual(parseListen('db-prod-1:9713'), { host: 'db-prod-1', port: 9713 });
  assert.equal(parseDuration('90m', '--keep'), 90 * 60_000);
  assert.equal(parseDuration('7d', '--keep'), 7 * 86_400_000);
  assert.equal(parseDuration('48', '--keep'), 48 * 3600_000);
  assert.equal(parseSize('256M', '--max-size'), 256 << 20);
  assert.equal(parseSize('2GiB', '--max-size'), 2 * 2 ** 30);
  assert.equal(parseSize('64', '--max-size'), 64 << 20);
  const now = Date.parse('2025-11-21T22:50:10Z');
  assert.equal(parseAt('-10m', now), now - 600_000);
  assert.equal(parseAt('2025-11-21T22:40:00Z', now), Date.parse('2025-11-21T22:40:00Z'));
  assert.equal(new Date(parseAt('07:30', now)).getHours(), 7);
  const record = parseCli(['record'], {}, false);
  assert.equal(record.mode, 'record');
  assert.equal(record.intervalMs, 5000, 'record samples every 5 s by default');
  assert.equal(parseCli([], {}, true).intervalMs, 1000, 'the TUI keeps 1 s');
});
