// A report's result does not depend on how it reached us (issue 14, item 4): every real fixture, re-dressed
// in every transport's columns, re-indented or quoted by a publisher, hard-wrapped by a mail client, with
// CRLF line ends and another CPU's real BUG splat landing between its records, parses to the same JSON as
// the fixture as published. Only the timestamp may differ: it is the transport's.
// (Each case re-dresses the fixture as a publisher or a transport would; the expected result is the fixture's.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { toReportJson, type OomReportJson } from '../../src/oom/report-json.js';
import type { LogLine } from '../../src/oom/types.js';
import { fixturePath, oomFixture, oomFixtureNames, stripFixtureHeader } from '../helpers/fixtures.js';
import { TRANSPORTS, hardWrap, kernelLines, render } from './paste-transports.js';

const FIXTURES = oomFixtureNames().map((name) => ({ name, text: oomFixture(name) }));
const NOISE = kernelLines(stripFixtureHeader(readFileSync(join(fixturePath('oom'), 'noise', 'bug-sleeping-6.15-lkp-dmesg-x.txt'), 'utf8').trimEnd()));
const MARGINS = ['', '  ', '    ', '\t', '> ', '> > ', '>> '];
const AS_PUBLISHED = 'as published';

/** What a transport cannot change: the report without its times (the stamps are the transport's). */
type Comparable = Omit<OomReportJson, 'timestamp' | 'wallTime' | 'wallTimeApproximate' | 'wallTimeSource' | 'uptimeSeconds'>;

function comparable(text: string): Comparable[] {
  return parseOomReports(text).map((report) => {
    const { timestamp: _t, wallTime: _w, wallTimeApproximate: _a, wallTimeSource: _s, uptimeSeconds: _u, ...rest } = toReportJson(report);
    return rest;
  });
}

const BASELINE = new Map(FIXTURES.map(({ name, text }) => [name, comparable(text)]));

function baseline(name: string): Comparable[] {
  const reports = BASELINE.get(name);
  assert.ok(reports !== undefined && reports.length > 0, `${name} has no report to compare`);
  return reports;
}

test('the noise is real kernel text and holds no report', () => {
  assert.equal(NOISE.length, 23);
  assert.ok(NOISE.some((line) => line.text.startsWith('CPU: 2 UID: 0 PID: 1 Comm: swapper/0')));
  assert.deepEqual(parseOomReports(render(NOISE, 'dmesg').join('\n')), []);
});

for (const transport of Object.keys(TRANSPORTS)) {
  test(`every real report reads the same through ${transport}`, () => {
    for (const { name, text } of FIXTURES) {
      assert.deepEqual(comparable(render(kernelLines(text), transport).join('\n')), baseline(name), name);
    }
  });
}

/** A terminal copy pads every line with blanks to the window width. */
const padded = (line: string): string => line.padEnd(160);

test('every real report reads the same indented, tab-indented, mail-quoted, padded and with CRLF line ends', () => {
  for (const { name, text } of FIXTURES) {
    const lines = text.split('\n');
    for (const margin of MARGINS) assert.deepEqual(comparable(lines.map((line) => margin + line).join('\n')), baseline(name), `${name} ${JSON.stringify(margin)}`);
    assert.deepEqual(comparable(lines.map(padded).join('\n')), baseline(name), `${name} padded`);
    assert.deepEqual(comparable(lines.join('\r\n')), baseline(name), `${name} CRLF`);
  }
});

test('every real report reads the same hard-wrapped at 72 columns, as published and as dmesg -x', () => {
  for (const { name, text } of FIXTURES) {
    const wrap = (lines: string[]): string => lines.flatMap((line) => hardWrap(line, 72)).join('\n');
    assert.deepEqual(comparable(wrap(text.split('\n'))), baseline(name), `${name} as published`);
    assert.deepEqual(comparable(wrap(render(kernelLines(text), 'dmesg -x'))), baseline(name), `${name} dmesg -x`);
  }
});

/** Indices where another CPU's record can land: between records, and not inside panic()'s own output. */
function recordBoundaries(lines: LogLine[]): number[] {
  const afterPanic = (index: number): boolean =>
    /Kernel panic/.test(lines[index - 1]?.text ?? '') || (/Kernel panic/.test(lines[index - 2]?.text ?? '') && lines[index - 1]?.text.trim() === '');
  return [...lines.keys(), lines.length].filter((index) => lines[index]?.continued !== true && !afterPanic(index));
}

const paste = fc.record({
  fixture: fc.constantFrom(...FIXTURES.map((fixture) => fixture.name)),
  transport: fc.constantFrom(AS_PUBLISHED, ...Object.keys(TRANSPORTS)),
  noiseAt: fc.option(fc.nat(), { nil: null }),
  margin: fc.constantFrom(...MARGINS),
  wrapWidth: fc.option(fc.integer({ min: 64, max: 80 }), { nil: null }),
  wrapBeforeMargin: fc.boolean(),
  crlf: fc.boolean(),
  pad: fc.boolean(),
});

test('property: transport, noise, margin, wrap and line ends together never change a report', () => {
  fc.assert(
    fc.property(paste, ({ fixture, transport, noiseAt, margin, wrapWidth, wrapBeforeMargin, crlf, pad }) => {
      const text = oomFixture(fixture);
      let lines: string[];
      if (transport === AS_PUBLISHED) {
        lines = text.split('\n');
      } else {
        const kernel = kernelLines(text);
        const boundaries = recordBoundaries(kernel);
        if (noiseAt !== null) kernel.splice(boundaries[noiseAt % boundaries.length] ?? 0, 0, ...NOISE);
        lines = render(kernel, transport);
      }
      const wrap = (input: string[]): string[] => (wrapWidth === null ? input : input.flatMap((line) => hardWrap(line, wrapWidth)));
      const indent = (input: string[]): string[] => input.map((line) => margin + line);
      lines = wrapBeforeMargin ? indent(wrap(lines)) : wrap(indent(lines));
      if (pad) lines = lines.map(padded);
      assert.deepEqual(comparable(lines.join(crlf ? '\r\n' : '\n')), baseline(fixture));
    }),
    { numRuns: 250 },
  );
});
