// Property tests: truncated, shuffled, spliced and random input never throws and never invents a victim —
// every victim pid the parser returns appears in a `Killed process N` line of its input. Also: the bounded
// line splitter gives the same lines however the bytes are chunked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseKmsgRecord, unescapeKmsgText } from '../../src/oom/kmsg-record.js';
import { splitLines } from '../../src/oom/line-stream.js';
import { readLogLines } from '../../src/oom/log-line.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { oomFixture, oomFixtureNames } from '../helpers/fixtures.js';

const FIXTURES = oomFixtureNames().map((name) => oomFixture(name));
const ALL_LINES = FIXTURES.flatMap((text) => text.split('\n'));

function killedPids(input: string): Set<number> {
  // A mail client may have wrapped the line between the two words.
  return new Set([...input.matchAll(/Killed\s+process\s+(\d+)/g)].map((match) => Number(match[1])));
}

/** Parses and checks the two invariants; returns the number of victims for coverage assertions. */
function assertNoInventedVictims(input: string): number {
  const allowed = killedPids(input);
  let victims = 0;
  for (const report of parseOomReports(input)) {
    for (const victim of report.victims) {
      victims += 1;
      assert.ok(allowed.has(victim.pid), `victim ${victim.pid} does not appear in a Killed process line`);
    }
  }
  return victims;
}

// Small alphabets that hit the parser's regexes hard (brackets, separators, digits, key words).
const NASTY_WORDS = [
  ' invoked oom-killer: ',
  'gfp_mask=0x',
  'order=',
  'Killed process ',
  'Kill process ',
  'oom-kill:',
  ',task=',
  ',pid=',
  'oom_reaper: reaped process ',
  '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
  'memory: usage ',
  'Node 0 Normal free:',
  'kB',
  ' min:',
  '(',
  ')',
  '[',
  ']',
  ':',
  ',',
  ' ',
  '\\x0a',
  '#012',
  '6,1,2,-;',
  '12',
  '-1',
];

const nastyLine = fc.array(fc.constantFrom(...NASTY_WORDS), { maxLength: 40 }).map((words) => words.join(''));
const anyLine = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), nastyLine, fc.constantFrom(...ALL_LINES));

test('random input never throws and never invents a victim', () => {
  fc.assert(
    fc.property(fc.array(anyLine, { maxLength: 150 }), (lines) => {
      assertNoInventedVictims(lines.join('\n'));
    }),
    { numRuns: 400 },
  );
});

test('truncated fixtures (cut at any character) never throw or invent a victim', () => {
  fc.assert(
    fc.property(fc.constantFrom(...FIXTURES), fc.double({ min: 0, max: 1, noNaN: true }), (text, fraction) => {
      assertNoInventedVictims(text.slice(0, Math.floor(text.length * fraction)));
    }),
    { numRuns: 300 },
  );
});

test('line-shuffled fixtures never throw or invent a victim', () => {
  const fixtureLines = FIXTURES.map((text) => text.split('\n'));
  fc.assert(
    fc.property(
      fc.constantFrom(...fixtureLines).chain((lines) => fc.shuffledSubarray(lines, { minLength: lines.length })),
      (shuffled) => {
        assertNoInventedVictims(shuffled.join('\n'));
      },
    ),
    { numRuns: 200 },
  );
});

test('fixtures spliced with random lines anywhere never throw or invent a victim', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...FIXTURES),
      fc.array(fc.tuple(fc.nat(), fc.oneof(nastyLine, fc.string({ maxLength: 80 }))), { maxLength: 30 }),
      (text, insertions) => {
        const lines = text.split('\n');
        for (const [at, line] of insertions) lines.splice(at % (lines.length + 1), 0, line);
        assertNoInventedVictims(lines.join('\n'));
      },
    ),
    { numRuns: 200 },
  );
});

test('the record parser and the line reader accept any text', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      parseKmsgRecord(`6,1,2,-;${text}`);
      parseKmsgRecord(text);
      unescapeKmsgText(text);
      readLogLines(text);
    }),
    { numRuns: 500 },
  );
});

test('the bounded line splitter gives the same lines however the bytes are chunked', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { maxLength: 20 }),
      fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }),
      async (lines, chunkSizes) => {
        const bytes = Buffer.from(lines.join('\n'), 'utf8');
        const chunks: Buffer[] = [];
        for (let at = 0, index = 0; at < bytes.length; index += 1) {
          const size = chunkSizes[index % chunkSizes.length] ?? 1;
          chunks.push(bytes.subarray(at, at + size));
          at += size;
        }
        const got: string[] = [];
        for await (const line of splitLines((async function* source() { yield* chunks; })())) got.push(line);
        const expected = lines.join('\n').split('\n');
        if (expected.at(-1) === '') expected.pop();
        assert.deepEqual(got, expected);
      },
    ),
    { numRuns: 300 },
  );
});

test('the splitter cuts absurdly long lines instead of holding them', async () => {
  const long = 'x'.repeat(100_000);
  const got: string[] = [];
  for await (const line of splitLines((async function* source() { yield `${long}\nshort\n${long}`; })(), 1000)) got.push(line);
  assert.deepEqual(got.map((line) => line.length), [1000, 5, 1000]);
});
