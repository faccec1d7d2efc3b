// The fast paths the bundle puts in front of string-width and Intl.Segmenter must answer exactly as the
// real ones do: over every code unit they cover, and over random strings that mix covered units with
// uncovered ones (combining marks, emoji, ZWJ, CJK, CR LF, escape sequences), which they hand on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import { eastAsianWidth } from 'get-east-asian-width';
import { createFastStringWidth, isStandaloneUnit, LazySegmenter } from '../../src/text/fast-graphemes.js';

const COVERED: number[] = [];
for (let code = 0; code < 0x10000; code++) if (isStandaloneUnit(code)) COVERED.push(code);

// The bundle wraps string-width 8 only (scripts/bundle.js): wrap-ansi's own 7.x counts text-style emoji
// such as U+00A9 as two columns.
const fast = createFastStringWidth(() => stringWidth, stripAnsi, eastAsianWidth);

test('every covered code unit is one grapheme, alone and between others', () => {
  const icu = new Intl.Segmenter();
  assert.ok(COVERED.length > 3000, `${COVERED.length} code units covered`);
  for (const code of COVERED) {
    const char = String.fromCharCode(code);
    for (const text of [char, `a${char}b`, `${char}${char}`, `\u00e9${char}\u2500`]) {
      const segments = [...icu.segment(text)].map((s) => s.segment);
      assert.deepEqual(segments, [...text], `U+${code.toString(16)} in ${JSON.stringify(text)}`);
    }
  }
});

test('fast width equals string-width on every covered code unit, both ambiguity settings', () => {
  for (const code of COVERED) {
    const char = String.fromCharCode(code);
    assert.equal(fast(char), stringWidth(char), `U+${code.toString(16)}`);
    assert.equal(fast(char, { ambiguousIsNarrow: false }), stringWidth(char, { ambiguousIsNarrow: false }), `U+${code.toString(16)} wide`);
  }
});

/** Text as Ink measures it: covered units, ASCII, SGR colours, and some that are not covered. */
const PIECE = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...COVERED).map((code) => String.fromCharCode(code)) },
  { weight: 4, arbitrary: fc.string({ maxLength: 4 }) },
  { weight: 2, arbitrary: fc.constantFrom('\u001b[31m', '\u001b[1;42m', '\u001b[39m', '\u001b[0m', '\u009b32m', '\u001b]8;;http://x\u0007') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('\u0301', '\u200d', '\ufe0f', '\ud83d\udc4d', '\ud83c\udffd', '\u1100\u1161', '\u4e2d', '\r\n', '\r', '\u00ad', '\u200b', '\u0e33', '\u20e3', '\ud83c\uddeb\ud83c\uddf7', '\ud800'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 2 }) },
);
const TEXT = fc.array(PIECE, { maxLength: 12 }).map((pieces) => pieces.join(''));

test('fast width equals string-width on mixed text (property)', () => {
  fc.assert(
    fc.property(TEXT, fc.boolean(), fc.boolean(), (text, ambiguousIsNarrow, countAnsiEscapeCodes) => {
      assert.equal(fast(text), stringWidth(text), JSON.stringify(text));
      const options = { ambiguousIsNarrow, countAnsiEscapeCodes };
      assert.equal(fast(text, options), stringWidth(text, options), `${JSON.stringify(text)} ${JSON.stringify(options)}`);
    }),
    { numRuns: 3000 },
  );
});

test('the lazy segmenter splits as Intl.Segmenter does, and creates one only for text that needs it (property)', () => {
  const icu = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const lazy = new LazySegmenter(undefined, { granularity: 'grapheme' });
  const plain = (segments: Iterable<{ segment: string; index: number; input: string }>) => [...segments].map(({ segment, index, input }) => ({ segment, index, input }));
  const line = 'MEM [\u2588\u2588\u258f  ] 96% \u00b7 \u2191\u2193 \u001b[1mq\u001b[22m';
  assert.deepEqual(plain(lazy.segment(line)), plain(icu.segment(line)));
  assert.equal(Reflect.get(lazy, 'real'), null, 'no ICU segmenter for standalone units');
  const at = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.double(), fc.constant(undefined));
  fc.assert(
    fc.property(TEXT, at, (text, index) => {
      assert.deepEqual(plain(lazy.segment(text)), plain(icu.segment(text)), JSON.stringify(text));
      // slice-ansi asks for the grapheme at an index.
      const [fast, real] = [lazy.segment(text).containing(index), icu.segment(text).containing(index)];
      assert.deepEqual(fast && plain([fast]), real && plain([real]), `${JSON.stringify(text)} containing(${index})`);
    }),
    { numRuns: 3000 },
  );
  assert.notEqual(Reflect.get(lazy, 'real'), null, 'created for the first text with a combining mark or an emoji');
  const words = new LazySegmenter('en', { granularity: 'word' });
  assert.deepEqual(plain(words.segment('top dog')).map((s) => s.segment), ['top', ' ', 'dog']);
});

test('fast width loads the real string-width only for text it does not cover', () => {
  let loads = 0;
  const lazy = createFastStringWidth(() => (loads++, stringWidth), stripAnsi, eastAsianWidth);
  assert.equal(lazy('\u001b[1mMEM [\u2588\u2588\u258f  ] 96% \u00b7 \u2191\u2193\u001b[22m'), 20);
  assert.equal(loads, 0);
  assert.equal(lazy('\ud83d\udc4d ok'), 5);
  assert.equal(lazy('\u4e2d'), 2);
  assert.equal(loads, 1, 'loaded once');
});
