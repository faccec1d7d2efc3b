// Key presses on the live App, with snapshots the test controls.
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

const alpha = row(100, 'alpha', 900, 1000);
const bravo = row(200, 'bravo', 800, 9000);
const charlie = row(300, 'charlie', 700, 5000);

function start(source: ReturnType<typeof scriptedSource>, columns = 80, rows = 24): Harness {
  harness = renderApp({ source, host: HOST, intervalMs: 40, color: false }, columns, rows);
  return harness;
}

/** The process rows on screen (between the column header and the footer). */
function listLines(screen: Harness): string[] {
  const lines = screen.lines();
  const header = lines.findIndex((line) => /\bPID\b/.test(line));
  return lines.slice(header + 1, -1).filter((line) => line.trim() !== '');
}

/** The name on the selected ('>') row. */
function selectedName(screen: Harness): string | undefined {
  const line = screen.lines().find((l) => l.startsWith('>'));
  return line?.trim().split(/\s+/).at(-1);
}

test('the selection stays on its process when the list re-sorts', async () => {
  const source = scriptedSource(snapshotOf([alpha, bravo, charlie]));
  const screen = start(source);
  await screen.waitFor((f) => f.includes('charlie'));
  await screen.press(KEYS.down);
  assert.equal(selectedName(screen), 'bravo');
  // bravo's score rises to the top: the cursor follows it.
  source.current = snapshotOf([{ ...bravo, oomScore: 990 }, alpha, charlie]);
  await screen.waitFor((f) => /^>.*\b990\b/m.test(f));
  assert.equal(selectedName(screen), 'bravo');
  assert.match(listLines(screen)[0]!, /^> +200 /, 'bravo is now the first row, still selected');
});

test('when the selected process exits the cursor stays at its position', async () => {
  const source = scriptedSource(snapshotOf([alpha, bravo, charlie]));
  const screen = start(source);
  await screen.waitFor((f) => f.includes('charlie'));
  await screen.press(KEYS.down);
  source.current = snapshotOf([alpha, charlie]);
  await screen.waitFor((f) => !f.includes('bravo'));
  assert.equal(selectedName(screen), 'charlie');
});

test('s cycles the sort column: SCORE → RSS → SWAP → ADJ → PID → GROW → SCORE', async () => {
  const source = scriptedSource(snapshotOf([alpha, bravo, charlie]));
  const screen = start(source);
  await screen.waitFor((f) => f.includes('sort:SCORE') && f.includes('charlie'));
  const order = () => listLines(screen).map((l) => l.trim().split(/\s+/).at(-1));
  assert.deepEqual(order(), ['alpha', 'bravo', 'charlie']);
  await screen.press('s');
  await screen.waitFor((f) => f.includes('sort:RSS'));
  assert.deepEqual(order(), ['bravo', 'charlie', 'alpha']);
  for (const label of ['SWAP', 'ADJ', 'PID', 'GROW', 'SCORE']) {
    await screen.press('s');
    await screen.waitFor((f) => f.includes(`sort:${label}`));
  }
  assert.deepEqual(order(), ['alpha', 'bravo', 'charlie']);
});

test('the column header marks the sort column (▼ descending, ▲ for PID), and no column moves', async () => {
  const screen = start(scriptedSource(snapshotOf([alpha, bravo, charlie])));
  await screen.waitFor((f) => f.includes('charlie'));
  const header = () => screen.lines().find((l) => /\bPID\b.*\bSCORE\b/.test(l))!;
  const plain = header().replace(/[▼▲]/, ' ');
  const marks: Array<[string, RegExp]> = [
    ['SCORE', / ▼SCORE /], ['RSS', / ▼RSS /], ['SWAP', / ▼SWAP /], ['ADJ', / ▼ADJ /], ['PID', /▲PID /], ['GROW', /▼GROW\/m /],
  ];
  for (const [label, mark] of marks) {
    if (label !== 'SCORE') await screen.press('s');
    await screen.waitFor((f) => f.includes(`sort:${label}`));
    assert.match(header(), mark, `sorted by ${label}`);
    assert.equal((header().match(/[▼▲]/g) ?? []).length, 1, 'one mark');
    assert.equal(header().replace(/[▼▲]/, ' '), plain, 'the columns stay where they were');
  }
});

test('/ filters by name, pid or cgroup; Enter keeps it, Esc clears it', async () => {
  const source = scriptedSource(
    snapshotOf([alpha, bravo, { ...charlie, cgroup: '/system.slice/web.service', cgroupLabel: 'web.service' }]),
  );
  const screen = start(source);
  await screen.waitFor((f) => f.includes('charlie'));
  await screen.press('/', 'b', 'r');
  let frame = await screen.waitFor((f) => !f.includes('alpha'));
  assert.ok(frame.includes('bravo'));
  assert.match(screen.lines().at(-1)!, /\/br.*1\/3/);
  await screen.press(KEYS.enter);
  frame = await screen.waitFor((f) => f.includes('filter "br"'));
  assert.ok(!frame.includes('alpha'));
  await screen.press('/', KEYS.backspace, KEYS.backspace, '3', '0', '0', KEYS.enter);
  frame = await screen.waitFor((f) => f.includes('filter "300"'));
  assert.ok(frame.includes('charlie') && !frame.includes('bravo'), 'a pid matches');
  await screen.press('/', KEYS.backspace, KEYS.backspace, KEYS.backspace, 'w', 'e', 'b', KEYS.enter);
  frame = await screen.waitFor((f) => f.includes('filter "web"'));
  assert.ok(frame.includes('charlie') && !frame.includes('alpha'), 'a cgroup matches');
  await screen.press('/', KEYS.escape);
  await screen.waitFor((f) => f.includes('alpha') && f.includes('bravo') && !f.includes('filter "'));
});

test('PgDn, End, Home and PgUp move by pages and to the ends', async () => {
  const many = Array.from({ length: 60 }, (_, i) => row(1000 + i, `p${i}`, 1000 - i, 100));
  const source = scriptedSource(snapshotOf(many));
  const screen = start(source, 80, 24);
  await screen.waitFor((f) => f.includes('p0'));
  const listRows = listLines(screen).length;
  assert.ok(listRows >= 12, `${listRows} list rows at 80x24`);
  await screen.press(KEYS.pageDown);
  // A page moves one row less than the list shows, so one row stays in view.
  assert.equal(selectedName(screen), `p${listRows - 1}`);
  await screen.press(KEYS.end);
  assert.equal(selectedName(screen), 'p59');
  assert.ok(screen.lines().some((l) => l.includes('p59')), 'the end is scrolled into view');
  await screen.press(KEYS.home);
  assert.equal(selectedName(screen), 'p0');
  await screen.press(KEYS.down, KEYS.down, KEYS.pageUp);
  assert.equal(selectedName(screen), 'p0');
});

test('space holds the list still and resumes with the newest sample', async () => {
  const source = scriptedSource(snapshotOf([alpha, bravo]));
  const screen = start(source);
  await screen.waitFor((f) => f.includes('bravo'));
  await screen.press(' ');
  await screen.waitFor((f) => f.includes('PAUSED'));
  // The store learns of the pause in an effect after the frame that says PAUSED: let one sample pass.
  const callsAtFrame = source.calls;
  await screen.waitFor(() => source.calls > callsAtFrame);
  source.current = snapshotOf([alpha, bravo, charlie]);
  const callsAtPause = source.calls;
  // Sampling goes on while paused: wait for three samples that have charlie, then the screen must not.
  await screen.waitFor(() => source.calls >= callsAtPause + 3);
  assert.ok(!screen.frame().includes('charlie'), 'the screen holds still');
  await screen.press(' ');
  await screen.waitFor((f) => f.includes('charlie') && !f.includes('PAUSED'));
});

for (const [name, key] of [['q', 'q'], ['Ctrl-C', KEYS.ctrlC]] as const) {
  test(`${name} quits the app`, async () => {
    const source = scriptedSource(snapshotOf([alpha]));
    const screen = start(source);
    await screen.waitFor((f) => f.includes('alpha'));
    await screen.press(key);
    await Promise.race([
      screen.exited(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('did not exit')), 2000)),
    ]);
    harness = null;
  });
}
