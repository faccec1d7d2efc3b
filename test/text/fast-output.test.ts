// The bundle's Output (src/text/fast-output.ts) must give the very frames Ink's own Output gives: the same
// bytes for random frames of writes (SGR styles, compound codes, 256 and 24-bit colours, links, escapes
// that are not SGR, 8-bit CSI, wide and combined characters, emoji, a combining mark after a code's final
// m), clips (some sides undefined, nested, popped too often), transformers, overlapping writes, positions
// off the grid and between cells. One fast class serves every frame, as in the bundle, so what its caches
// keep (parsed lines, styles, the rows themselves) is tested against the next.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fastOutput, inkOutput } from '../helpers/ink-output.js';

const Ink = await inkOutput();

const byte = fc.integer({ min: 0, max: 255 });
const SGR = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 4, 7, 9, 22, 23, 24, 27, 29, 31, 32, 33, 36, 39, 41, 44, 49, 90, 97).map((code) => `\x1b[${code}m`),
  fc.constantFrom('1;31', '2;3', '0;7', '22;39', '4;38;5;208', '38;5;12', '48;5;236').map((codes) => `\x1b[${codes}m`),
  fc.tuple(fc.constantFrom(38, 48), byte, byte, byte).map(([ground, r, g, b]) => `\x1b[${ground};2;${r};${g};${b}m`),
  fc.constantFrom('\x1b]8;;https://example.org\x07', '\x1b]8;;\x07', '\x9b31m', '\x9b[31m', '\x1b[m'),
  // Not SGR as ansi-tokenize reads it: it takes the ESC for a character.
  fc.constantFrom('\x1b', '\x1b[', '\x1b[31', '\x1b[?25l', '\x1b[1:2m'),
);
const TEXT_PIECE = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...'abc XYZ 0123-:.'), maxLength: 12 }) },
  { weight: 3, arbitrary: SGR },
  { weight: 2, arbitrary: fc.constantFrom('漢', '字', '한', 'ｱ', '👍', '🇩🇪', '👨‍👩‍👧', 'e\u0301', '\u0301', '─', '│', '█', '▕', '…', '\t', '\u200b') },
  { weight: 1, arbitrary: fc.constant('\n') },
);
const TEXT = fc.array(TEXT_PIECE, { maxLength: 10 }).map((pieces) => pieces.join(''));

type Transformer = (line: string, index: number) => string;
const TRANSFORMERS: Transformer[] = [
  (line, index) => `\x1b[3${index % 8}m${line}\x1b[39m`,
  (line) => `\x1b[1m${line}\x1b[22m`,
  (line) => line.toUpperCase(),
  (line, index) => `${index}>${line}`,
  (line) => `\x1b[48;2;10;20;30m${line}\x1b[49m`,
];

const coordinate = (max: number) => fc.oneof({ weight: 9, arbitrary: fc.integer({ min: -3, max: max + 3 }) }, { weight: 1, arbitrary: fc.constant(1.5) });
const side = (max: number) => fc.option(fc.integer({ min: -2, max: max + 2 }), { nil: undefined });

type Op =
  | { type: 'write'; x: number; y: number; text: string; transformers: number[] }
  | { type: 'clip'; x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined }
  | { type: 'unclip' };

const OP: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constant('write' as const), x: coordinate(30), y: coordinate(8), text: TEXT, transformers: fc.array(fc.nat(TRANSFORMERS.length - 1), { maxLength: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('clip' as const), x1: side(30), x2: side(30), y1: side(8), y2: side(8) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('unclip' as const) }) },
);
const FRAME = fc.record({ width: fc.integer({ min: 0, max: 30 }), height: fc.integer({ min: 0, max: 8 }), ops: fc.array(OP, { maxLength: 14 }) });

interface Frame {
  width: number;
  height: number;
  ops: Op[];
}

function draw(Output: typeof Ink, frame: Frame): { output: string; height: number } {
  const output = new Output({ width: frame.width, height: frame.height });
  for (const op of frame.ops) {
    if (op.type === 'write') output.write(op.x, op.y, op.text, { transformers: op.transformers.map((index) => TRANSFORMERS[index]!) });
    else if (op.type === 'clip') output.clip({ x1: op.x1, x2: op.x2, y1: op.y1, y2: op.y2 });
    else output.unclip();
  }
  return output.get();
}

test("random frames of writes, clips and transformers come out as Ink's", () => {
  const Fast = fastOutput();
  fc.assert(
    fc.property(fc.array(FRAME, { minLength: 1, maxLength: 4 }), (frames) => {
      for (const frame of frames) assert.deepEqual(draw(Fast, frame), draw(Ink, frame));
    }),
    { numRuns: 3000 },
  );
});

test('a row written whole, then partly overwritten, as the kill list draws its selected row', () => {
  const Fast = fastOutput();
  const row = '\x1b[1m  PID\x1b[22m \x1b[38;2;255;85;85m 668\x1b[39m 漢字 node';
  const frame = {
    width: 40,
    height: 3,
    ops: [
      { type: 'write' as const, x: 0, y: 0, text: `${row}\n${row}`, transformers: [] },
      { type: 'write' as const, x: 5, y: 1, text: '\x1b[7mselected\x1b[27m', transformers: [1] },
      { type: 'write' as const, x: 3, y: 0, text: '👍', transformers: [] },
    ],
  };
  const expected = draw(Ink, frame);
  assert.match(expected.output, /selected/);
  assert.deepEqual(draw(Fast, frame), expected);
  assert.deepEqual(draw(Fast, frame), expected, 'the second frame, from the cache');
});

test('past its limit of style lists the cache starts again, and frames stay the same', () => {
  const Fast = fastOutput();
  for (let index = 0; index < 5000; index += 50) {
    const text = Array.from({ length: 50 }, (_, k) => `\x1b[38;2;${(index + k) % 256};${Math.floor((index + k) / 256)};7mx`).join('');
    const frame = { width: 60, height: 1, ops: [{ type: 'write' as const, x: 0, y: 0, text, transformers: [] }] };
    assert.deepEqual(draw(Fast, frame), draw(Ink, frame), `colours from ${index}`);
  }
});
