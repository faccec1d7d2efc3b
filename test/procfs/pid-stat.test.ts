import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStat } from '../../src/procfs/pid/stat.js';
import { fixtureText } from '../helpers/fixtures.js';

/** A 6.x stat line with the given comm and starttime; fields after comm as the kernel prints them. */
function statLine(pid: number, comm: string, starttime = 4242, flags = 4194560): string {
  return `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 ${flags} 120 0 0 0 3 1 0 0 20 0 1 0 ${starttime} 10055680 865 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n`;
}

const AWKWARD_COMMS = [
  'with spaces',
  '(',
  ')',
  ') (',
  'a) S 1 2 3 (b',
  'new\nline',
  'fifteen-bytes15',
  'sixteen-bytes-16',
  '',
];

for (const comm of AWKWARD_COMMS) {
  test(`stat: comm ${JSON.stringify(comm)} parses and keeps the right fields`, () => {
    const stat = parseStat(statLine(321, comm));
    assert.ok(stat);
    assert.equal(stat.pid, 321);
    assert.equal(stat.comm, comm);
    assert.equal(stat.state, 'S');
    assert.equal(stat.ppid, 1);
    assert.equal(stat.starttime, 4242);
    assert.equal(stat.kernelThread, false);
  });
}

test('stat: a captured kthreadd line is a kernel thread (PF_KTHREAD)', () => {
  const stat = parseStat(fixtureText('procfs', 'stat-6.18-kthreadd.txt'));
  assert.ok(stat);
  assert.equal(stat.pid, 2);
  assert.equal(stat.comm, 'kthreadd');
  assert.equal(stat.kernelThread, true);
  assert.equal(stat.ppid, 0);
});

test('stat: a captured user process is not a kernel thread and has a starttime', () => {
  const stat = parseStat(fixtureText('procfs', 'stat-6.18-bash.txt'));
  assert.ok(stat);
  assert.equal(stat.kernelThread, false);
  assert.ok(stat.starttime > 0);
});

test('stat: empty, truncated and garbled text is null, not an exception', () => {
  const full = statLine(5, 'x');
  for (const text of ['', '\n', '5', '5 (x', '5 (x) S 1 2', full.slice(0, full.indexOf(' 4242')), 'garbage (x) S a b c']) {
    assert.equal(parseStat(text), null, JSON.stringify(text));
  }
});
