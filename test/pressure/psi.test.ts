// Fixtures: pressure-memory-captured-6.18.txt is this machine's /proc/pressure/memory (captured);
// pressure-some-only.txt is hand-written to kernel/sched/psi.c psi_show() of Linux 5.12, which printed no
// `full` line for the cpu file (5.13's "psi: Add PSI_CPU_FULL state" added it). The PSI-less kernel is an
// empty proc tree; psi=0 is a reader that throws EOPNOTSUPP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePressure, readMemoryPressure, readPressureFile } from '../../src/procfs/pressure.js';
import { LIVE_ROOTS, rootsUnder } from '../../src/procfs/roots.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { fixtureText } from '../helpers/fixtures.js';

function treeWithPressure(text: string | null) {
  const dir = tempDir('oomlens-psi-');
  mkdirSync(join(dir, 'proc'));
  if (text !== null) {
    mkdirSync(join(dir, 'proc', 'pressure'));
    writeFileSync(join(dir, 'proc', 'pressure', 'memory'), text);
  }
  return rootsUnder(dir);
}

test('captured /proc/pressure/memory: some and full lines', () => {
  const pressure = parsePressure(fixtureText('pressure', 'pressure-memory-captured-6.18.txt'));
  assert.ok(pressure !== null);
  assert.deepEqual(pressure.some, { avg10: 0, avg60: 0, avg300: 0, totalUs: 942 });
  assert.deepEqual(pressure.full, { avg10: 0, avg60: 0, avg300: 0, totalUs: 653 });
});

test('a stalled box', () => {
  const text = 'some avg10=31.02 avg60=12.50 avg300=3.10 total=98765432\nfull avg10=12.40 avg60=4.00 avg300=0.90 total=45678901\n';
  const pressure = parsePressure(text)!;
  assert.equal(pressure.some.avg10, 31.02);
  assert.equal(pressure.full!.avg60, 4);
  assert.equal(pressure.full!.totalUs, 45678901);
});

test('only a some line: full is null, not zero', () => {
  const pressure = parsePressure(fixtureText('pressure', 'pressure-some-only.txt'))!;
  assert.deepEqual(pressure.some, { avg10: 1.5, avg60: 0.8, avg300: 0.2, totalUs: 123456789 });
  assert.equal(pressure.full, null);
});

test('empty or foreign text is null; no trailing newline is fine', () => {
  assert.equal(parsePressure(''), null);
  assert.equal(parsePressure('full avg10=1.00 avg60=1.00 avg300=1.00 total=5\n'), null);
  assert.equal(parsePressure('some avg10=x avg60=1 avg300=1 total=1'), null);
  assert.equal(parsePressure('some avg10=0.00 avg60=0.00 avg300=0.00 total=7')!.some.totalUs, 7);
});

test('kernel without PSI (no /proc/pressure): null, not zero', () => {
  assert.equal(readMemoryPressure(treeWithPressure(null)), null);
});

test('PSI present in a tree: parsed', () => {
  const roots = treeWithPressure(fixtureText('pressure', 'pressure-memory-captured-6.18.txt'));
  assert.equal(readMemoryPressure(roots)!.full!.totalUs, 653);
});

test('psi=0 at boot: a read failing with EOPNOTSUPP is absent; other errors still throw', () => {
  const failWith = (code: string) => () => {
    throw Object.assign(new Error(code), { code });
  };
  assert.equal(readMemoryPressure(LIVE_ROOTS, failWith('EOPNOTSUPP')), null);
  assert.equal(readPressureFile('/sys/fs/cgroup/x/memory.pressure', failWith('EOPNOTSUPP')), null);
  assert.throws(() => readMemoryPressure(LIVE_ROOTS, failWith('EIO')), /EIO/);
});

test('this machine: /proc/pressure/memory parses when it exists', () => {
  const pressure = readMemoryPressure(LIVE_ROOTS);
  // PSI may be compiled out here: then null is the right answer and there is nothing more to check.
  if (pressure !== null) assert.ok(pressure.some.totalUs >= 0);
});
