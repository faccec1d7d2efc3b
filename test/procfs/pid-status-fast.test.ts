import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseStatus } from '../../src/procfs/pid-status.js';
import { parseStatusFast } from '../../src/procfs/pid-status-fast.js';
import { fixturePath, fixtureText } from '../helpers/fixtures.js';

test('fast status parser: equal to parseStatus on every captured status file', () => {
  for (const name of ['status-3.10-no-rssanon.txt', 'status-6.18-init.txt', 'status-6.18-kthreadd.txt']) {
    const text = fixtureText('procfs', name);
    assert.deepEqual(parseStatusFast(text), parseStatus(text), name);
  }
  const tree = fixturePath('proc-basic', 'proc');
  for (const pid of readdirSync(tree).filter((entry) => /^\d+$/.test(entry))) {
    const text = readFileSync(`${tree}/${pid}/status`, 'utf8');
    assert.deepEqual(parseStatusFast(text), parseStatus(text), `proc-basic ${pid}`);
  }
  const live = readFileSync('/proc/self/status', 'utf8');
  assert.deepEqual(parseStatusFast(live), parseStatus(live), '/proc/self/status');
});

// Lines the kernel prints, lines it might print one day, and the damage a hostile or truncated file can do.
const KEYS = ['Name', 'Tgid', 'Uid', 'VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmSwap', 'VmPTE', 'NSpid', 'Umask', 'VmPeak', 'Rss', 'T', ''];
const VALUES = fc.oneof(
  fc.nat().map((n) => `${n} kB`),
  fc.nat().map((n) => `\t   ${n} kB`),
  fc.nat().map((n) => `${n}kB `),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `\t${a}\t${b}\t${a}\t${b}`),
  fc.integer({ min: -5, max: 99999 }).map(String),
  fc.string({ maxLength: 12 }),
);
const LINE = fc.oneof(
  fc.tuple(fc.constantFrom(...KEYS), VALUES).map(([key, value]) => `${key}:${value}`),
  fc.string({ maxLength: 20 }),
);

test('fast status parser: equal to parseStatus on arbitrary status-like text (property)', () => {
  fc.assert(
    fc.property(fc.array(LINE, { maxLength: 30 }), fc.boolean(), (lines, trailingNewline) => {
      const text = lines.join('\n') + (trailingNewline ? '\n' : '');
      assert.deepEqual(parseStatusFast(text), parseStatus(text));
    }),
    { numRuns: 2000 },
  );
});
