import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseStatusBytes, parseStatusFast } from '../../src/procfs/pid/status-fast.js';
import { parseStatus } from '../oracles/status.js';
import { fixturePath, fixtureText } from '../helpers/fixtures.js';

test('fast status parser: equal to parseStatus on every captured status file', () => {
  for (const name of ['status-3.10-no-rssanon.txt', 'status-6.18-init.txt', 'status-6.18-kthreadd.txt']) {
    const text = fixtureText('procfs', name);
    assert.deepEqual(parseStatusFast(text), parseStatus(text), name);
    assert.deepEqual(fromBytes(text), parseStatus(text), `${name} (bytes)`);
  }
  const tree = fixturePath('proc-basic', 'proc');
  for (const pid of readdirSync(tree).filter((entry) => /^\d+$/.test(entry))) {
    const text = readFileSync(`${tree}/${pid}/status`, 'utf8');
    assert.deepEqual(parseStatusFast(text), parseStatus(text), `proc-basic ${pid}`);
  }
  const live = readFileSync('/proc/self/status', 'utf8');
  assert.deepEqual(parseStatusFast(live), parseStatus(live), '/proc/self/status');
  assert.deepEqual(fromBytes(live), parseStatus(live), '/proc/self/status (bytes)');
});

/** The bytes of `text` in a bigger buffer with stale data after them, as the reader's reused buffer has. */
function fromBytes(text: string | Uint8Array): ReturnType<typeof parseStatus> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  const buffer = Buffer.alloc(bytes.length + 64, '\nVmRSS:\t999 kB\n');
  bytes.copy(buffer, 0);
  return parseStatusBytes(buffer, bytes.length);
}

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
      assert.deepEqual(fromBytes(text), parseStatus(text));
    }),
    { numRuns: 2000 },
  );
});

const UNICODE_LINE = fc.tuple(fc.constantFrom(...KEYS), fc.oneof(VALUES, fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom(' 12\u00a0kB', '\u00a07 kB', '5 kB\u2028', '1\u3000\t2'))).map(([k, v]) => `${k}:${v}`);

test('fast status parser from bytes: equal to parseStatus on unicode and on raw bytes (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(LINE, UNICODE_LINE), { maxLength: 20 }), (lines) => {
      const text = lines.join('\n');
      assert.deepEqual(fromBytes(text), parseStatus(text));
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.array(fc.oneof(LINE.map((line) => Buffer.from(line)), fc.uint8Array({ maxLength: 24 })), { maxLength: 20 }), (parts) => {
      const bytes = Buffer.concat(parts.flatMap((part) => [part, Buffer.from('\n')]));
      assert.deepEqual(fromBytes(bytes), parseStatus(bytes.toString('utf8')));
    }),
    { numRuns: 2000 },
  );
});
