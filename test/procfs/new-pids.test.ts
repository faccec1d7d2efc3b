import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { NewPidWatch, PROBE_OVERLAP } from '../../src/procfs/pid/new-pids.js';
import { rootsUnder } from '../../src/procfs/roots.js';

/** A proc tree whose loadavg we write; its `self` names this process, as a live mount of our namespace does. */
function fakeProc(pidMax = 32768) {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-newpids-'));
  mkdirSync(join(dir, 'proc', 'sys', 'kernel'), { recursive: true });
  symlinkSync(String(process.pid), join(dir, 'proc', 'self'));
  writeFileSync(join(dir, 'proc', 'sys', 'kernel', 'pid_max'), `${pidMax}\n`);
  const setLastPid = (pid: number) => writeFileSync(join(dir, 'proc', 'loadavg'), `0.10 0.20 0.30 1/300 ${pid}\n`);
  return { roots: rootsUnder(dir), setLastPid, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('new pids: nothing before the first listing; none while the last pid stands still', () => {
  const proc = fakeProc();
  try {
    proc.setLastPid(5000);
    const watch = new NewPidWatch(proc.roots);
    assert.equal(watch.candidates(100), null, 'no listing yet: list');
    watch.listed();
    assert.deepEqual(watch.candidates(100), []);
  } finally {
    proc.remove();
  }
});

test('new pids: the pids handed out since, with the top of the previous range probed again', () => {
  const proc = fakeProc();
  try {
    proc.setLastPid(5000);
    const watch = new NewPidWatch(proc.roots);
    watch.listed();
    proc.setLastPid(5003);
    assert.deepEqual(watch.candidates(100), range(5001 - PROBE_OVERLAP, 5003));
    proc.setLastPid(5004);
    assert.deepEqual(watch.candidates(100), range(5004 - PROBE_OVERLAP, 5004));
    proc.setLastPid(5500);
    assert.equal(watch.candidates(100), null, 'too many to probe: list');
  } finally {
    proc.remove();
  }
});

test('new pids: a wrap past pid_max continues from 1', () => {
  const proc = fakeProc(1000);
  try {
    proc.setLastPid(997);
    const watch = new NewPidWatch(proc.roots);
    watch.listed();
    proc.setLastPid(2);
    assert.deepEqual(watch.candidates(100), [...range(998 - PROBE_OVERLAP, 999), 1, 2]);
  } finally {
    proc.remove();
  }
});

test('new pids: a proc mount of another pid namespace (self is not us) always asks for a listing', () => {
  const proc = fakeProc();
  try {
    rmSync(join(proc.roots.proc, 'self'));
    symlinkSync('1', join(proc.roots.proc, 'self'));
    proc.setLastPid(5000);
    const watch = new NewPidWatch(proc.roots);
    watch.listed();
    assert.equal(watch.candidates(100), null);
  } finally {
    proc.remove();
  }
});
