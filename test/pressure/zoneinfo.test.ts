// Fixtures: zoneinfo-captured-6.18.txt is this machine's /proc/zoneinfo (cp /proc/zoneinfo, kernel 6.18,
// with boost, promo, cma and two unpopulated zones). The others are hand-written to mm/vmstat.c
// zoneinfo_show_print() of the release each names: zoneinfo-numa-2node-5.15.txt (two nodes, 5.15 layout,
// node 1 below low), zoneinfo-boost-5.19.txt (boost 2048 in Normal), zoneinfo-pre-4.8-4.4.txt (4.4: `scanned`, 4-space
// per-zone stats, no unpopulated zones), zoneinfo-per-node-header.txt (per-node stats under their own
// "Node 0, per-node stats" header, as a 2024 patch proposed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseKernelPageSize,
  parseZoneinfo,
  pagesToKb,
  populatedZones,
  readPageSize,
  readZoneinfo,
  zoneToKb,
} from '../../src/procfs/zoneinfo.js';
import { LIVE_ROOTS, rootsUnder } from '../../src/procfs/roots.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { fixtureText } from '../helpers/fixtures.js';

const names = (zones: { node: number; zone: string }[]) => zones.map((z) => `${z.node}/${z.zone}`);

test('captured 6.18 zoneinfo: every zone, unpopulated ones with managed 0', () => {
  const zones = parseZoneinfo(fixtureText('pressure', 'zoneinfo-captured-6.18.txt'));
  assert.deepEqual(names(zones), ['0/DMA', '0/DMA32', '0/Normal', '0/Movable', '0/Device']);
  const dma32 = zones[1]!;
  assert.equal(dma32.freePages, 772917);
  assert.equal(dma32.boostPages, 0);
  assert.deepEqual([dma32.minPages, dma32.lowPages, dma32.highPages], [12979, 16223, 19467]);
  assert.equal(dma32.managedPages, 772917);
  assert.deepEqual(dma32.protection, [0, 0, 896, 896, 896]);
  // The Movable zone prints min/low/high 32 but manages nothing: filtered out for display.
  assert.equal(zones[3]!.managedPages, 0);
  assert.equal(zones[3]!.minPages, 32);
  assert.deepEqual(names(populatedZones(zones)), ['0/DMA', '0/DMA32', '0/Normal']);
});

test('pages free comes from "pages free", not from the per-zone nr_free_pages stat', () => {
  const text = fixtureText('pressure', 'zoneinfo-captured-6.18.txt').replace('nr_free_pages 129348', 'nr_free_pages 1');
  const normal = parseZoneinfo(text)[2]!;
  assert.equal(normal.freePages, 129348);
  assert.equal(normal.highPages, 5775);
});

test('2-node NUMA box (5.15): both nodes, per-node stats blocks ignored, no boost line', () => {
  const zones = parseZoneinfo(fixtureText('pressure', 'zoneinfo-numa-2node-5.15.txt'));
  assert.equal(zones.length, 10);
  assert.deepEqual(names(populatedZones(zones)), ['0/DMA', '0/DMA32', '0/Normal', '1/Normal']);
  const node1 = zones.find((z) => z.node === 1 && z.zone === 'Normal')!;
  assert.deepEqual(
    { free: node1.freePages, min: node1.minPages, low: node1.lowPages, high: node1.highPages, managed: node1.managedPages },
    { free: 11000, min: 4139, low: 12396, high: 20653, managed: 8257000 },
  );
  assert.equal(node1.boostPages, null);
  assert.deepEqual(zones[0]!.protection, [0, 2893, 31564, 31564, 31564]);
  // Node 1's DMA is unpopulated: header, watermarks and protection only.
  const node1Dma = zones.find((z) => z.node === 1 && z.zone === 'DMA')!;
  assert.equal(node1Dma.managedPages, 0);
  assert.deepEqual(node1Dma.protection, [0, 0, 0, 0, 0]);
});

test('boost line (5.16+) is read; the printed watermarks already include it', () => {
  const normal = parseZoneinfo(fixtureText('pressure', 'zoneinfo-boost-5.19.txt')).find((z) => z.zone === 'Normal')!;
  assert.equal(normal.boostPages, 2048);
  assert.deepEqual([normal.freePages, normal.minPages, normal.lowPages, normal.highPages], [12000, 6944, 10048, 13152]);
});

test('pre-4.8 layout: scanned line and 4-space per-zone stats, protection after the stats', () => {
  const zones = parseZoneinfo(fixtureText('pressure', 'zoneinfo-pre-4.8-4.4.txt'));
  assert.deepEqual(names(zones), ['0/DMA', '0/DMA32', '0/Normal']);
  const normal = zones[2]!;
  assert.deepEqual([normal.freePages, normal.minPages, normal.lowPages, normal.highPages], [1500, 1643, 2053, 2464]);
  assert.equal(normal.managedPages, 1131520);
  assert.equal(normal.boostPages, null);
  assert.deepEqual(zones[0]!.protection, [0, 3437, 7857, 7857]);
});

test('per-node stats under their own "Node N, per-node stats" header are not a zone', () => {
  const zones = parseZoneinfo(fixtureText('pressure', 'zoneinfo-per-node-header.txt'));
  assert.deepEqual(names(zones), ['0/DMA32', '0/Normal']);
  assert.equal(zones[1]!.freePages, 5000);
});

test('pageset "high:" lines do not overwrite the high watermark', () => {
  const text = [
    'Node 0, zone   Normal',
    '  pages free     500',
    '        min      100',
    '        low      200',
    '        high     300',
    '        managed  1000',
    '        protection: (0, 0)',
    '  pagesets',
    '    cpu: 0',
    '              count: 12',
    '              high:  378',
    '              batch: 63',
  ].join('\n');
  const [zone] = parseZoneinfo(text);
  assert.equal(zone!.highPages, 300);
});

test('awkward input: empty text, no trailing newline, a truncated zone', () => {
  assert.deepEqual(parseZoneinfo(''), []);
  const captured = fixtureText('pressure', 'zoneinfo-captured-6.18.txt');
  assert.equal(parseZoneinfo(captured.trimEnd()).length, 5);
  const truncated = 'Node 0, zone   Normal\n  pages free     500\n        min      100\n';
  assert.deepEqual(parseZoneinfo(truncated), []);
});

test('kB conversion takes the page size', () => {
  assert.equal(pagesToKb(3), 12);
  assert.equal(pagesToKb(3, 65536), 192);
  const zone = parseZoneinfo(fixtureText('pressure', 'zoneinfo-numa-2node-5.15.txt')).find((z) => z.node === 1 && z.zone === 'Normal')!;
  assert.deepEqual(zoneToKb(zone), {
    node: 1,
    zone: 'Normal',
    freeKb: 44000,
    minKb: 16556,
    lowKb: 49584,
    highKb: 82612,
    managedKb: 33028000,
  });
  assert.equal(zoneToKb(zone, 65536).freeKb, 704000);
});

test('readZoneinfo: null when the file is absent, parsed when present', () => {
  const dir = tempDir('oomlens-zoneinfo-');
  mkdirSync(join(dir, 'proc'));
  assert.equal(readZoneinfo(rootsUnder(dir)), null);
  writeFileSync(join(dir, 'proc', 'zoneinfo'), fixtureText('pressure', 'zoneinfo-boost-5.19.txt'));
  assert.equal(readZoneinfo(rootsUnder(dir))!.length, 5);
});

test('this machine: /proc/zoneinfo has at least one populated zone', { skip: !process.platform.startsWith('linux') }, () => {
  const zones = readZoneinfo(LIVE_ROOTS);
  assert.ok(zones !== null && populatedZones(zones).length > 0);
});

test('page size: smallest KernelPageSize in smaps, 4096 when unknown', () => {
  const smaps = 'a-b r-xp 0 0:0 0 /x\nKernelPageSize:     2048 kB\nc-d r--p\nKernelPageSize:       64 kB\n';
  assert.equal(parseKernelPageSize(smaps), 65536);
  assert.equal(parseKernelPageSize('no such line'), null);
  const dir = tempDir('oomlens-pagesize-');
  assert.equal(readPageSize(rootsUnder(dir)), 4096);
  if (process.platform === 'linux') assert.ok([4096, 16384, 65536].includes(readPageSize(LIVE_ROOTS)));
});
