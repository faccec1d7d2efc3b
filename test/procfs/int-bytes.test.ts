import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseIntBytes, parseIntFile } from '../../src/procfs/pid/oom.js';

/** The bytes of `text` in a bigger buffer with stale digits after them, as the reader's reused buffer has. */
function fromBytes(text: string | Uint8Array): number | null {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  const buffer = Buffer.alloc(bytes.length + 16, '4242\n');
  bytes.copy(buffer, 0);
  return parseIntBytes(buffer, bytes.length);
}

const expectFromText = (text: string) => assert.equal(fromBytes(text), parseIntFile(text), JSON.stringify(text));

test('int from bytes: what the kernel writes, and what a truncated or foreign file holds', () => {
  assert.equal(fromBytes('666\n'), 666);
  assert.equal(fromBytes('-1000\n'), -1000);
  assert.equal(fromBytes('0'), 0);
  assert.equal(fromBytes(''), null, 'an empty read: not 4242 from the stale bytes after it');
  assert.equal(fromBytes('12a\n'), null);
  assert.equal(fromBytes('-\n'), null);
  for (const text of ['666\n', ' 7 ', '\t-3\r\n', '\v1\f', '-0', '+5', '1 2', '\u00a09\u2028', '\ufeff12', '１２', '99999999999999999999', '-12345678901234567']) {
    expectFromText(text);
  }
});

// Digits, signs, the whitespace trim() drops (ASCII and Unicode), and the bytes that are none of those.
const PIECE = fc.oneof(
  fc.nat().map(String),
  fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String),
  fc.constantFrom('-', '+', ' ', '\n', '\t', '\r', '\v', '\f', '\u00a0', '\u2028', '\ufeff', '\u3000', '\u001c', '0', '.', 'e'),
  fc.string({ maxLength: 3 }),
  fc.string({ unit: 'grapheme', maxLength: 2 }),
);

test('int from bytes: equal to parseIntFile on arbitrary text (property)', () => {
  fc.assert(
    fc.property(fc.array(PIECE, { maxLength: 6 }), (pieces) => expectFromText(pieces.join(''))),
    { numRuns: 5000 },
  );
});

test('int from bytes: equal to parseIntFile on raw bytes, invalid UTF-8 included (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(PIECE.map((piece) => Buffer.from(piece)), fc.uint8Array({ maxLength: 6 })), { maxLength: 6 }), (parts) => {
      const bytes = Buffer.concat(parts);
      assert.equal(fromBytes(bytes), parseIntFile(bytes.toString('utf8')));
    }),
    { numRuns: 5000 },
  );
});
