import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseBytes,
  parseMemoryEvents,
  parseOomControl,
  parseProcs,
  parseV1LimitKb,
  parseV2LimitKb,
} from '../../src/cgroupfs/memory-files.js';

test('v1 limits: the page counter ceiling (any page size) and pre-3.19 ULLONG_MAX mean unlimited', () => {
  assert.equal(parseV1LimitKb('9223372036854771712\n'), null); // 4 KiB pages
  assert.equal(parseV1LimitKb('9223372036854759424\n'), null); // 16 KiB pages (0x7FFFFFFFFFFFC000)
  assert.equal(parseV1LimitKb('9223372036854710272\n'), null); // 64 KiB pages (0x7FFFFFFFFFFF0000)
  assert.equal(parseV1LimitKb('18446744073709551615\n'), null); // res_counter era
  assert.equal(parseV1LimitKb('16777216\n'), 16384);
  assert.equal(parseV1LimitKb('9223372036854644736\n'), 9007199254740864); // just below the 64 KiB ceiling: a limit
  assert.equal(parseV1LimitKb(null), null);
  assert.equal(parseV1LimitKb(''), null);
});

test('v2 limits: "max" is unlimited, bytes become KiB', () => {
  assert.equal(parseV2LimitKb('max\n'), null);
  assert.equal(parseV2LimitKb('536870912\n'), 524288);
  assert.equal(parseV2LimitKb(null), null);
  assert.equal(parseBytes('  123 \n'), 123n);
  assert.equal(parseBytes('12a'), null);
});

test('memory.events: flat keyed, unknown keys ignored, missing keys null', () => {
  assert.deepEqual(parseMemoryEvents('low 0\nhigh 91066\nmax 0\noom 3\noom_kill 2\noom_group_kill 1\nsock_throttled 0\n'), {
    high: 91066,
    max: 0,
    oom: 3,
    oomKill: 2,
    oomGroupKill: 1,
  });
  // 4.5–4.12: no oom_kill; before ≈5.17: no oom_group_kill.
  assert.deepEqual(parseMemoryEvents('low 0\nhigh 0\nmax 5\noom 1'), { high: 0, max: 5, oom: 1, oomKill: null, oomGroupKill: null });
  assert.deepEqual(parseMemoryEvents(''), { high: null, max: null, oom: null, oomKill: null, oomGroupKill: null });
});

test('memory.oom_control: flags as booleans, oom_kill only from 4.13', () => {
  assert.deepEqual(parseOomControl('oom_kill_disable 0\nunder_oom 0\noom_kill 3\n'), {
    oomKillDisable: false,
    underOom: false,
    oomKill: 3,
  });
  assert.deepEqual(parseOomControl('oom_kill_disable 1\nunder_oom 1\n'), {
    oomKillDisable: true,
    underOom: true,
    oomKill: null,
  });
});

test('cgroup.procs: one pid a line, blank and junk lines skipped', () => {
  assert.deepEqual(parseProcs('812\n815\n\n'), [812, 815]);
  assert.deepEqual(parseProcs(''), []);
  assert.deepEqual(parseProcs('7'), [7]);
});
