// The App tells its source which processes are on screen, so that their details are read every tick.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { KEYS, type Harness } from '../helpers/ink-harness.js';
import { renderApp } from '../helpers/app.js';
import { row, scriptedSource, snapshotOf } from '../helpers/rows.js';

const HOST = { hostname: 'h', kernel: '6.8.0', distro: null };
let harness: Harness | null = null;
afterEach(() => {
  harness?.unmount();
  harness = null;
});

test('focus: the source hears the keys of the rows on screen, and again when the window scrolls', async () => {
  const rows = Array.from({ length: 60 }, (_, i) => row(1000 + i, `p${i}`, 900 - i, 1000));
  const source = Object.assign(scriptedSource(snapshotOf(rows)), { focused: [] as string[][] });
  const withFocus = { ...source, next: source.next, focus: (keys: readonly string[]) => void source.focused.push([...keys]) };
  harness = renderApp({ source: withFocus, host: HOST, intervalMs: 40, color: false }, 80, 24);
  await harness.waitFor((frame) => frame.includes('p0'));
  await harness.waitFor(() => source.focused.some((keys) => keys.includes(rows[0]!.key)));
  const first = source.focused.at(-1)!;
  assert.ok(first.length > 3 && first.length < 24, `one screenful: ${first.length} keys`);
  assert.ok(!first.includes(rows[59]!.key), 'a row below the screen is not focused');
  await harness.press(KEYS.end);
  await harness.waitFor(() => source.focused.at(-1)!.includes(rows[59]!.key));
  assert.ok(!source.focused.at(-1)!.includes(rows[0]!.key), 'scrolled away: no longer focused');
});
