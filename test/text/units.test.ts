// The size formatters: one module, three looks, each pinned here on the same figures so that a change to
// one cannot pass for another.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCount, formatKbCompact, formatKbInline, formatKbWithUnit, formatPagesWithUnit, plural } from '../../src/text/units.js';

/** 812 KiB, 4 MiB, 4.1 MiB, 999.6 MiB, 1.5 GiB, 7.2 GiB, 9.2 TiB. */
const FIGURES_KB = [812, 4096, 4200, 1_023_600, 1_536 * 1024, 7_549_747, 9.2 * 1024 * 1024 * 1024];

test('compact (columns): at most 5 characters, one decimal below 10, "1.0G" where rounding reaches 1000M', () => {
  assert.deepEqual(FIGURES_KB.map(formatKbCompact), ['812K', '4.0M', '4.1M', '1.0G', '1.5G', '7.2G', '9.2T']);
  assert.deepEqual([formatKbCompact(0), formatKbCompact(null), formatKbCompact(undefined)], ['0', '-', '-']);
});

test('inline (sentences): no ".0", up to 1023 of a unit (1000M), "unlimited" for no limit', () => {
  assert.deepEqual(FIGURES_KB.map(formatKbInline), ['812K', '4M', '4.1M', '1000M', '1.5G', '7.2G', '9.2T']);
  assert.equal(formatKbInline(null), 'unlimited');
});

test('with unit (explain, findings): spelled-out binary units, the kernel\'s "kB" below 1 MiB', () => {
  assert.deepEqual(FIGURES_KB.map(formatKbWithUnit), ['812 kB', '4.0 MiB', '4.1 MiB', '1000 MiB', '1.5 GiB', '7.2 GiB', '9.2 TiB']);
  assert.equal(formatKbWithUnit(-2048), '-2.0 MiB');
  assert.equal(formatPagesWithUnit(262_144), '1.0 GiB', '4 KiB pages');
});

test('plural', () => {
  assert.deepEqual([plural(1, 'report'), plural(2, 'report'), plural(0, 'process', 'processes')], ['1 report', '2 reports', '0 processes']);
});

test('counts with thousands separators, as toLocaleString(\'en-US\') writes integers', () => {
  for (const count of [0, 7, 999, 1000, 10_005, 123_456, 1_234_567, -4321, 12.9]) {
    assert.equal(formatCount(count), Math.trunc(count).toLocaleString('en-US'), String(count));
  }
});
