// The shipped unit for `oomlens record` is one systemd accepts (systemd-analyze verify), and it keeps the
// promises the README makes: a gentle OOMScoreAdjust, a memory cap, a read-only system but for its state
// directory, and the capability to read the kernel log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dirs.js';

const UNIT = join(PROJECT_DIR, 'packaging', 'oomlens-record.service');

function settings(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^(\w+)=(.*)$/.exec(line);
    if (match !== null) found.set(match[1]!, match[2]!);
  }
  return found;
}

test('the record unit keeps its promises', () => {
  const unit = settings(readFileSync(UNIT, 'utf8'));
  assert.match(unit.get('ExecStart') ?? '', /\boomlens record --dir \/var\/lib\/oomlens$/);
  assert.equal(unit.get('OOMScoreAdjust'), '-100');
  assert.match(unit.get('MemoryMax') ?? '', /^\d+M$/);
  assert.equal(unit.get('ProtectSystem'), 'strict');
  assert.equal(unit.get('ReadWritePaths'), '/var/lib/oomlens');
  assert.equal(unit.get('StateDirectory'), 'oomlens');
  assert.ok(unit.get('CapabilityBoundingSet')?.split(' ').includes('CAP_SYSLOG'));
  assert.equal(unit.get('NoNewPrivileges'), 'yes');
});

test('systemd-analyze verify accepts the record unit', (t) => {
  if (spawnSync('sh', ['-c', 'command -v systemd-analyze']).status !== 0) return t.skip('no systemd-analyze here');
  // The same unit with ExecStart on a program that exists here (verify checks that it does).
  const dir = tempDir('oomlens-unit-');
  const copy = join(dir, 'oomlens-record.service');
  writeFileSync(copy, readFileSync(UNIT, 'utf8').replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`));
  const verified = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
  assert.equal(verified.status, 0, verified.stderr);
  assert.equal(verified.stderr.trim(), '', verified.stderr);
});
