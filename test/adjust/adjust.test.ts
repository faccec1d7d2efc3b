// Key targets, clamping, the `=` prompt and the -1000 confirmation (src/model/adjust.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ADJUST_KEYS, clampAdj, confirmationText, draftProblem, isAdjustKey, needsConfirmation, parseAdjInput, targetForKey,
} from '../../src/model/steering/adjust-keys.js';

test('clamp: the kernel range -1000..1000, fractions dropped toward zero', () => {
  assert.equal(clampAdj(0), 0);
  assert.equal(clampAdj(1100), 1000);
  assert.equal(clampAdj(-1100), -1000);
  assert.equal(clampAdj(1000), 1000);
  assert.equal(clampAdj(-1000), -1000);
  assert.equal(clampAdj(12.9), 12);
  assert.equal(clampAdj(-12.9), -12);
});

test('key targets: + and - step by 100 from the current value and stop at the ends', () => {
  assert.equal(targetForKey('+', 0), 100);
  assert.equal(targetForKey('-', 0), -100);
  assert.equal(targetForKey('+', 950), 1000);
  assert.equal(targetForKey('+', 1000), 1000);
  assert.equal(targetForKey('-', -950), -1000);
  assert.equal(targetForKey('-', -1000), -1000);
  assert.equal(targetForKey('-', 333), 233);
  // An unreadable current value counts as the kernel default, 0.
  assert.equal(targetForKey('+', null), 100);
});

test('key targets: p protects gently (-500), e marks expendable (+500), 0 resets, whatever the current value', () => {
  for (const current of [-1000, -500, 0, 250, 1000, null]) {
    assert.equal(targetForKey('p', current), -500);
    assert.equal(targetForKey('e', current), 500);
    assert.equal(targetForKey('0', current), 0);
  }
});

test('isAdjustKey: only the five direct keys (= prompts, u undoes)', () => {
  assert.deepEqual([...ADJUST_KEYS], ['+', '-', 'p', 'e', '0']);
  for (const key of ADJUST_KEYS) assert.ok(isAdjustKey(key));
  for (const key of ['=', 'u', 'P', '1', '', '++']) assert.equal(isAdjustKey(key), false, key);
});

test('prompt: integers from -1000 to 1000 with optional sign and surrounding spaces', () => {
  const good: [string, number][] = [
    [' -500 ', -500], ['+100', 100], ['0', 0], ['-0', 0], ['1000', 1000], ['-1000', -1000], ['\t42\n', 42], ['007', 7],
  ];
  for (const [input, value] of good) assert.deepEqual(parseAdjInput(input), { ok: true, value }, JSON.stringify(input));
  assert.ok(Object.is((parseAdjInput('-0') as { value: number }).value, 0), '-0 is written as 0');
});

test('prompt: anything else is refused with a short reason', () => {
  const bad: [string, RegExp][] = [
    ['', /whole number from -1000 to 1000/],
    ['   ', /whole number from -1000 to 1000/],
    ['abc', /not a number/],
    ['1001', /too high: the maximum is 1000/],
    ['-1001', /too low: the minimum is -1000/],
    ['99999999999999999999', /too high/],
    ['12.5', /no fraction/],
    ['-.5', /no fraction/],
    ['0x10', /not a number/],
    ['1e3', /not a number/],
    ['+', /not a number/],
    ['--5', /not a number/],
    ['5 0', /not a number/],
    ['٥', /not a number/],
    ['.', /not a number/],
    ['1,000', /no separators/],
    ['-1_000', /no separators/],
  ];
  for (const [input, reason] of bad) {
    const result = parseAdjInput(input);
    assert.equal(result.ok, false, JSON.stringify(input));
    if (!result.ok) {
      assert.match(result.reason, reason, JSON.stringify(input));
      assert.ok(result.reason.length <= 50, `short reason: ${result.reason}`);
    }
  }
});

test('prompt while typing: an empty text or a lone sign is not yet wrong; anything Enter would refuse is', () => {
  for (const draft of ['', ' ', '-', '+', ' -', '-1', '10', '-100', '-1000', '1000 ']) assert.equal(draftProblem(draft), null, JSON.stringify(draft));
  assert.match(draftProblem('1.') ?? '', /no fraction/);
  assert.match(draftProblem('-1e') ?? '', /not a number/);
  assert.match(draftProblem('1001') ?? '', /too high/);
  assert.match(draftProblem('- ') ?? '', /not a number/);
});

test('confirmation: only -1000, and the question says why it is dangerous', () => {
  assert.equal(needsConfirmation(-1000), true);
  for (const value of [-999, -500, 0, 1000]) assert.equal(needsConfirmation(value), false);
  const text = confirmationText('postgres', 812);
  assert.match(text, /postgres \(812\)/);
  assert.match(text, /unkillable/);
  assert.match(text, /kill something else/);
  assert.match(text, /sshd/);
  assert.match(text, /leaks/);
  assert.match(text, /wedges/);
});
