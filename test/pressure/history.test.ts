import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RingBuffer, SPARKLINE_SAMPLES, trendCapacity } from '../../src/model/sampling/history.js';

test('ring buffer keeps the newest `capacity` items, oldest first', () => {
  const ring = new RingBuffer<number>(3);
  assert.deepEqual(ring.toArray(), []);
  assert.equal(ring.last(), undefined);
  for (const n of [1, 2, 3, 4, 5]) ring.push(n);
  assert.equal(ring.size, 3);
  assert.deepEqual(ring.toArray(), [3, 4, 5]);
  assert.equal(ring.last(), 5);
  assert.deepEqual(ring.lastN(2), [4, 5]);
  assert.deepEqual(ring.lastN(10), [3, 4, 5]);
  assert.deepEqual(ring.lastN(0), []);
  ring.clear();
  assert.equal(ring.size, 0);
  ring.push(9);
  assert.deepEqual(ring.toArray(), [9]);
});

test('toArray is a copy: later pushes do not change a handed-over array', () => {
  const ring = new RingBuffer<number>(SPARKLINE_SAMPLES);
  ring.push(1);
  const copy = ring.toArray();
  ring.push(2);
  assert.deepEqual(copy, [1]);
});

test('a full sparkline buffer wraps many times without growing', () => {
  const ring = new RingBuffer<number>(SPARKLINE_SAMPLES);
  for (let i = 0; i < 1000; i++) ring.push(i);
  const items = ring.toArray();
  assert.equal(items.length, 60);
  assert.equal(items[0], 940);
  assert.equal(items[59], 999);
});

test('capacity must be a positive integer', () => {
  assert.throws(() => new RingBuffer(0), RangeError);
  assert.throws(() => new RingBuffer(1.5), RangeError);
});

test('trendCapacity covers the window at the interval', () => {
  assert.equal(trendCapacity(1000, 60_000), 61);
  assert.equal(trendCapacity(500, 60_000), 121);
  assert.equal(trendCapacity(120_000, 60_000), 2);
});
