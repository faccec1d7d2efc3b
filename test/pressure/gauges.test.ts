// Text gauges: exact display width (measured with string-width, as Ink measures), states in words, and
// the watermark bar's letters on the right side of the fill.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import {
  gaugeBar,
  growthText,
  sparkline,
  watermarkBar,
  watermarkLine,
  zoneState,
  zoneStateWords,
  type WatermarkLevels,
} from '../../src/ui/lines/gauges.js';
import { pagesToKb, parseZoneinfo, populatedZones } from '../../src/procfs/zoneinfo.js';
import { fixtureText } from '../helpers/fixtures.js';

const WIDTHS = [0, 1, 2, 3, 4, 5, 6, 7, 10, 17, 31, 42, 80, 120];

const levels = (freePages: number): WatermarkLevels => ({ freePages, minPages: 100, lowPages: 200, highPages: 300 });

test('gaugeBar: exact width for every width and fraction', () => {
  for (const width of WIDTHS) {
    for (const fraction of [0, 0.001, 0.5, 0.96, 0.999, 1, 1.5, -1, Number.NaN]) {
      assert.equal(stringWidth(gaugeBar(fraction, width)), width, `width ${width}, fraction ${fraction}`);
    }
  }
});

test('gaugeBar: fill, and the ends stay honest', () => {
  assert.equal(gaugeBar(0.5, 12), '[|||||     ]');
  assert.equal(gaugeBar(0, 12), '[          ]');
  assert.equal(gaugeBar(1, 12), '[||||||||||]');
  assert.equal(gaugeBar(0.001, 12), '[|         ]');
  assert.equal(gaugeBar(0.999, 12), '[||||||||| ]');
});

test('sparkline: exact width, newest on the right, gaps for null', () => {
  const values = [null, 0, 1, 5, 10, 100, 50, 0];
  for (const width of WIDTHS) {
    assert.equal(stringWidth(sparkline(values, width)), width);
    assert.equal(stringWidth(sparkline(values, width, { ascii: true })), width);
  }
  assert.equal(sparkline([0, 50, 100], 5), '  ▁▅█');
  assert.equal(sparkline([null, 100], 2), ' █');
  assert.equal(sparkline([0, 50, 100], 3, { ascii: true }), '_=#');
  // Only the last `width` values are drawn, scaled among themselves.
  assert.equal(sparkline([1000, 0, 10], 2), '▁█');
});

test('sparkline: a trickle above zero is visible; all zero is the floor; explicit scale', () => {
  assert.equal(sparkline([0, 1, 10_000], 3), '▁▂█');
  assert.equal(sparkline([0, 0, 0], 3), '▁▁▁');
  assert.equal(sparkline([], 3), '   ');
  assert.equal(sparkline([50], 1, { max: 100 }), '▅');
  assert.equal(sparkline([500], 1, { max: 100 }), '█');
});

test('zone state in words for each region (at a mark counts as below it, as in the kernel)', () => {
  const cases: [number, string][] = [
    [0, 'below min: direct reclaim'],
    [100, 'below min: direct reclaim'],
    [101, 'below low: kswapd reclaiming'],
    [200, 'below low: kswapd reclaiming'],
    [250, 'below high'],
    [300, 'below high'],
    [301, 'ok'],
    [10_000, 'ok'],
  ];
  for (const [free, words] of cases) assert.equal(zoneStateWords(zoneState(levels(free))), words, `free ${free}`);
  assert.equal(zoneStateWords('below-low', true), 'below low');
  assert.equal(zoneStateWords('below-min', true), 'below min');
});

test('watermarkBar: exact width for every width and free level', () => {
  for (const width of WIDTHS) {
    for (const free of [0, 100, 150, 250, 301, 599, 601, 1e9]) {
      for (const ascii of [false, true]) {
        assert.equal(stringWidth(watermarkBar(levels(free), width, { ascii })), width, `w ${width} free ${free}`);
      }
    }
  }
});

test('watermarkBar: letters and fill say where free is, without colour', () => {
  assert.equal(watermarkBar(levels(50), 22), '▕█░░m░░l░░░h░░░░░░░░░▏');
  assert.equal(watermarkBar(levels(150), 22), '▕███M█░l░░░h░░░░░░░░░▏');
  assert.equal(watermarkBar(levels(250), 22), '▕███M██L█░░h░░░░░░░░░▏');
  assert.equal(watermarkBar(levels(301), 22), '▕███M██L███H░░░░░░░░░▏');
  // Beyond the scale (twice high) the bar is full and ends in ">".
  assert.equal(watermarkBar(levels(5000), 22, { ascii: true }), '[###M##L###H########>]');
});

test('watermarkBar: the case of each letter matches the state, at every width', () => {
  for (const width of [5, 6, 9, 14, 22, 40]) {
    for (const free of [0, 99, 100, 101, 199, 200, 201, 299, 300, 301, 1000]) {
      const bar = watermarkBar(levels(free), width, { ascii: true });
      const state = zoneState(levels(free));
      const upper = (bar.match(/[MLH]/g) ?? []).length;
      const expected = { 'below-min': 0, 'below-low': 1, 'below-high': 2, ok: 3 }[state];
      assert.equal(upper, expected, `${bar} free ${free}`);
      assert.equal((bar.match(/[mlhMLH]/g) ?? []).length, 3, bar);
      // The fill never continues past a lower-case letter.
      assert.doesNotMatch(bar, /[mlh][.]*#/, bar);
    }
  }
});

test('watermarkBar: colliding marks stay in order and inside the bar', () => {
  const tight = { freePages: 0, minPages: 1000, lowPages: 1001, highPages: 1002 };
  assert.equal(watermarkBar(tight, 7, { ascii: true }), '[..mlh]');
  const squeezed = { freePages: 1_000_000, minPages: 1999, lowPages: 2000, highPages: 2000 };
  assert.equal(watermarkBar(squeezed, 5, { ascii: true }), '[MLH]');
});

test('watermarkLine: exact width for real zones at many widths; words shorten before the bar vanishes', () => {
  for (const name of ['zoneinfo-captured-6.18.txt', 'zoneinfo-numa-2node-5.15.txt', 'zoneinfo-pre-4.8-4.4.txt']) {
    for (const zone of populatedZones(parseZoneinfo(fixtureText('pressure', name)))) {
      const input = { label: `N${zone.node} ${zone.zone}`, ...zone, freeKb: pagesToKb(zone.freePages) };
      for (const width of WIDTHS) {
        for (const ascii of [false, true]) {
          assert.equal(stringWidth(watermarkLine(input, width, { ascii, labelWidth: 9 })), width, `${name} ${width}`);
        }
      }
    }
  }
});

test('watermarkLine: the design sketch, as characters', () => {
  const zones = parseZoneinfo(fixtureText('pressure', 'zoneinfo-numa-2node-5.15.txt'));
  const node1 = zones.find((z) => z.node === 1 && z.zone === 'Normal')!;
  const input = { label: 'Normal', ...node1, freeKb: pagesToKb(node1.freePages) };
  const line = watermarkLine(input, 80, { ascii: true });
  assert.match(line, /^Normal {3}free \[#+M#*\.*l\.*h\.*\] {3}43M below low: kswapd reclaiming$/);
  assert.match(watermarkLine(input, 40, { ascii: true }), /43M below low$/);
  assert.equal(watermarkLine(input, 20, { ascii: true }), 'Normal     43M belo…');
});

test('growthText: sign and unit, flat under 1 MiB/min, a dash for no figure yet', () => {
  assert.equal(growthText(null), '—');
  assert.equal(growthText(null, { ascii: true }), '-');
  assert.equal(growthText(500), 'flat');
  assert.equal(growthText(-500), 'flat');
  assert.equal(growthText(122_880), '+120M');
  assert.equal(growthText(-4096), '-4.0M');
});
