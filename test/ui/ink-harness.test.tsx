// The harness itself: press() returns with a frame that shows what the key did, even while other
// renders (a fast ticker) compete for the frames, and for a lone Escape, which Ink holds back a moment.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import { KEYS, renderAt, type Harness } from '../helpers/ink-harness.js';

let harness: Harness | null = null;
afterEach(() => {
  harness?.unmount();
  harness = null;
});

function Counter({ tickMs }: { tickMs: number }) {
  const [keys, setKeys] = useState({ letters: 0, escapes: 0 });
  const [ticks, setTicks] = useState(0);
  useInput((input, key) => {
    setKeys((k) => (key.escape ? { ...k, escapes: k.escapes + 1 } : { ...k, letters: k.letters + input.length }));
  });
  useEffect(() => {
    const timer = setInterval(() => setTicks((t) => t + 1), tickMs);
    return () => clearInterval(timer);
  }, [tickMs]);
  return <Text>{`letters ${keys.letters} escapes ${keys.escapes} ticks ${ticks}`}</Text>;
}

test('press(): the frame after each key shows it, while a 1 ms ticker renders too', async () => {
  harness = renderAt(<Counter tickMs={1} />, 60, 5);
  await harness.waitFor((f) => f.includes('ticks 3'));
  for (let i = 1; i <= 40; i++) {
    await harness.press('x');
    assert.match(harness.frame(), new RegExp(`letters ${i} escapes ${i - 1} `));
    await harness.press(KEYS.escape);
    assert.match(harness.frame(), new RegExp(`letters ${i} escapes ${i} `));
  }
});

test('press() of several keys waits for each', async () => {
  harness = renderAt(<Counter tickMs={1000} />, 60, 5);
  await harness.waitFor((f) => f.includes('letters 0'));
  await harness.press('a', KEYS.escape, 'b', 'c', KEYS.escape);
  assert.match(harness.frame(), /letters 3 escapes 2 /);
});

test('press() fails loudly when a key never leads to a frame', async () => {
  function Deaf() {
    return <Text>nothing listens</Text>;
  }
  harness = renderAt(<Deaf />, 60, 5);
  await harness.waitFor((f) => f.includes('nothing listens'));
  await assert.rejects(harness.press('z'), /no frame within \d+ ms after key "z"; last frame:\nnothing listens/);
});
