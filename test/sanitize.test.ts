import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sanitize, sanitizeBytes } from '../src/text/sanitize.js';

const HOSTILE: Array<[string, string]> = [
  ['\x1b[2J', '\\e[2J'],
  ['\x1b]0;owned\x07', '\\e]0;owned\\a'],
  ['a\rb', 'a\\rb'],
  ['a\nb', 'a\\nb'],
  ['\x9b31m', '\\x9b31m'],
  ['\x7f', '\\x7f'],
  ['\u202eevil', '\\u202eevil'],
  ['tab\there', 'tab\\there'],
];

for (const [input, expected] of HOSTILE) {
  test(`sanitize → ${expected}`, () => {
    const output = sanitize(input);
    assert.equal(output, expected);
    assert.doesNotMatch(output, /[\u0000-\u001f\u007f-\u009f]/);
  });
}

test('sanitize keeps ordinary text, wide characters and emoji', () => {
  for (const text of ['mysqld', 'kworker/0:1-events', '数据库', 'naïve', '🐘 postgres']) assert.equal(sanitize(text), text);
});

test('sanitizeBytes turns invalid UTF-8 into U+FFFD and escapes control bytes', () => {
  assert.equal(sanitizeBytes(Buffer.from([0x61, 0xc3, 0x28, 0x1b, 0x62])), 'a\ufffd(\\eb');
});
