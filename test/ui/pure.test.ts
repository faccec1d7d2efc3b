// The pure halves of the UI: keymap, reducer, columns, layout, formatting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import stringWidth from 'string-width';
import { columnsFor, DROP_ORDER, headerLine, shortLabel } from '../../src/ui/lines/columns.js';
import { fit, formatDuration } from '../../src/ui/lines/format.js';
import { HELP_LENGTH, helpFooter, helpLength, helpLines, pathIn } from '../../src/ui/lines/help-lines.js';
import { formatKbCompact } from '../../src/text/units.js';
import { keymap, NO_KEY } from '../../src/ui/state/keymap.js';
import { computeLayout } from '../../src/ui/state/layout.js';
import { INITIAL_STATE, reduce } from '../../src/ui/state/state.js';
import { scrollTop } from '../../src/ui/state/view.js';
import { statusLines } from '../../src/ui/lines/status-lines.js';
import { pendingFor } from '../../src/ui/state/adjust-state.js';
import { snapshotOf } from '../helpers/rows.js';
import { row } from '../helpers/rows.js';

test('keymap: list keys, filter typing, help, and Ctrl-C from any mode', () => {
  assert.deepEqual(keymap('', { ...NO_KEY, downArrow: true }, 'list'), { type: 'move', delta: 1 });
  assert.deepEqual(keymap('s', NO_KEY, 'list'), { type: 'cycleSort' });
  assert.deepEqual(keymap('k', NO_KEY, 'list'), { type: 'toggleKernelThreads' });
  assert.deepEqual(keymap(' ', NO_KEY, 'list'), { type: 'togglePause' });
  assert.deepEqual(keymap('n', { ...NO_KEY, ctrl: true }, 'list'), { type: 'move', delta: 1 });
  assert.deepEqual(keymap('q', NO_KEY, 'filter'), { type: 'filterType', text: 'q' }, 'q is text while filtering');
  assert.equal(keymap('\x1b[31m', NO_KEY, 'filter')?.type, 'filterType');
  assert.deepEqual(keymap('\x1b[31m', NO_KEY, 'filter'), { type: 'filterType', text: '[31m' }, 'control bytes dropped');
  assert.equal(keymap('x', NO_KEY, 'list'), null);
  for (const mode of ['list', 'filter', 'help'] as const) {
    assert.deepEqual(keymap('c', { ...NO_KEY, ctrl: true }, mode), { type: 'quit' });
  }
  assert.deepEqual(keymap('', { ...NO_KEY, escape: true }, 'help'), { type: 'closeOverlay' });
});

test('reducer: moves are clamped to the list; an empty list selects nothing', () => {
  const rows = [row(1, 'a', 900, 1), row(2, 'b', 800, 1)];
  let state = reduce(INITIAL_STATE, { type: 'move', delta: -5 }, { rows, cgroups: [], pageSize: 10 });
  assert.equal(state.selectedKey, rows[0]!.key);
  state = reduce(state, { type: 'move', delta: 5 }, { rows, cgroups: [], pageSize: 10 });
  assert.equal(state.selectedKey, rows[1]!.key);
  state = reduce(state, { type: 'end' }, { rows: [], cgroups: [], pageSize: 10 });
  assert.equal(state.selectedKey, null);
});

test('scrollTop keeps the selection in view and moves as little as possible', () => {
  assert.equal(scrollTop(0, 5, 10, 100), 0);
  assert.equal(scrollTop(0, 12, 10, 100), 3);
  assert.equal(scrollTop(3, 2, 10, 100), 2);
  assert.equal(scrollTop(90, 95, 10, 100), 90);
  assert.equal(scrollTop(95, 99, 10, 100), 90, 'never past the end');
  assert.equal(scrollTop(5, 1, 10, 4), 0);
});

test('columns: PID, SCORE and COMMAND survive every width; the rest go in DROP_ORDER', () => {
  let previous = columnsFor(200).map((c) => c.id);
  assert.equal(previous.length, 12);
  for (let width = 199; width >= 20; width--) {
    const columns = columnsFor(width);
    const ids = columns.map((c) => c.id);
    for (const id of ['pid', 'score', 'command'] as const) assert.ok(ids.includes(id), `${id} at ${width}`);
    const dropped = previous.filter((id) => !ids.includes(id));
    for (const id of dropped) assert.ok(DROP_ORDER.includes(id));
    assert.ok(headerLine(columns).length <= width, `header fits at ${width}`);
    for (const sort of ['score', 'rss', 'swap', 'adj', 'pid', 'grow'] as const) {
      const marked = headerLine(columns, sort);
      assert.equal(marked.length, headerLine(columns).length, `the ${sort} mark fits at ${width}`);
      if (ids.includes(sort)) assert.match(marked, /[▼▲]/, `${sort} is marked at ${width}`);
    }
    previous = ids;
  }
  const at = (width: number, labels = 12) => Object.fromEntries(columnsFor(width, 5, labels).map((c) => [c.id, c.width]));
  assert.deepEqual(Object.keys(at(100)).length, 12, 'every column from 100 (pids of up to 5 digits)');
  // At 80: FILE and SHMEM give their room to a whole container id and a whole comm.
  assert.deepEqual(at(80), { pid: 5, user: 8, score: 5, adj: 5, rss: 5, anon: 5, swap: 5, grow: 6, cgroup: 12, command: 15 });
  assert.equal(at(80, 1).command, 21, 'labels of "/" only: CGROUP keeps its header\'s 6, COMMAND the rest');
  assert.deepEqual(Object.keys(at(60)), ['pid', 'user', 'score', 'adj', 'rss', 'swap', 'command']);
  assert.ok(at(60).command! >= 15);
  assert.equal(at(120, 24).cgroup, 15, 'a long label grows only while COMMAND keeps 40');
  assert.equal(at(200, 24).cgroup, 24);
});

test('a cgroup label too wide for its column takes a shorter form before it is cut', () => {
  assert.equal(shortLabel('mysql.service', 12), 'mysql');
  assert.equal(shortLabel('php-fpm.service', 12), 'php-fpm');
  assert.equal(shortLabel('2f24c06f82b7', 7), '2f24c06', 'an id keeps its first digits, as git abbreviates');
  assert.equal(shortLabel('2f24c06f82b7', 12), '2f24c06f82b7');
  assert.equal(shortLabel('app-gnome-firefox-1234.scope', 12), 'app-gnome-f…');
  assert.equal(shortLabel('/', 6), '/');
});

test('layout: the frame is rows-1 high; tiny terminals are flagged', () => {
  const layout = computeLayout(80, 24, 6);
  assert.equal(layout.height, 23);
  assert.equal(layout.listRows, 15, '23 - 6 header lines - column header - footer');
  assert.equal(computeLayout(39, 24).tooSmall, true);
  assert.equal(computeLayout(80, 7).tooSmall, true);
});

test('formatKbCompact fits in 5 characters and says "-" for absent', () => {
  const cases: Array<[number | null, string]> = [
    [null, '-'], [0, '0'], [812, '812K'], [4096, '4.0M'], [419840, '410M'], [7549747, '7.2G'],
    [999 * 1024, '999M'], [1023 * 1024, '1.0G'], [1024 * 1024 * 12.3, '12G'], [999.7, '1.0M'], [999.7 * 1024, '1.0G'],
  ];
  for (const [kb, text] of cases) {
    assert.equal(formatKbCompact(kb), text, String(kb));
    assert.ok(formatKbCompact(kb).length <= 5);
  }
  for (let kb = 1; kb < 2 ** 40; kb = Math.ceil(kb * 1.37)) assert.ok(formatKbCompact(kb).length <= 5, `${kb} → ${formatKbCompact(kb)}`);
});

test('formatDuration and fit (wide characters count double)', () => {
  assert.equal(formatDuration(1047600), '12d 3h');
  assert.equal(formatDuration(3725), '1h 2m');
  assert.equal(formatDuration(42), '42s');
  assert.equal(fit('abc', 5), 'abc  ');
  assert.equal(fit('abc', 5, 'right'), '  abc');
  assert.equal(fit('abcdef', 4), 'abc…');
  assert.equal(fit('数据库服务', 5), '数据…');
  assert.equal(fit('数据库服务', 6), '数据… ');
});

test('help: every line fits 78 columns, the length does not depend on the mode, scrolling stops at the end', () => {
  const longPath = `/home/${'a'.repeat(40)}/${'b'.repeat(40)}/oomlens/adjustments.log`;
  assert.equal(pathIn(longPath, 76), `/home/${'a'.repeat(40)}/…/oomlens/adjustments.log`, 'a long path keeps its start and its end');
  for (const [readOnly, logPath] of [[false, null], [true, null], [false, '/root/.local/state/oomlens/adjustments.log'], [false, longPath]] as const) {
    const lines = helpLines(readOnly, logPath);
    assert.equal(lines.length, HELP_LENGTH);
    for (const line of lines) assert.ok(stringWidth(line) <= 78, `too wide: ${line}`);
  }
  const context = { rows: [], cgroups: [], pageSize: 10, helpRows: 21 };
  let state = reduce(INITIAL_STATE, { type: 'openHelp' }, context);
  assert.deepEqual(keymap(' ', NO_KEY, 'help'), { type: 'page', direction: 1 });
  state = reduce(state, { type: 'page', direction: 1 }, context);
  assert.equal(state.helpTop, 20, 'a page less one line');
  state = reduce(state, { type: 'end' }, context);
  assert.equal(state.helpTop, HELP_LENGTH - 21);
  assert.equal(reduce(state, { type: 'move', delta: 1 }, context).helpTop, HELP_LENGTH - 21, 'nothing past the end');
  assert.equal(reduce(state, { type: 'home' }, context).helpTop, 0);
  assert.equal(reduce(state, { type: 'move', delta: 1 }, context).selectedKey, null, 'the list does not move under the help');
  assert.equal(reduce({ ...state, mode: 'list' }, { type: 'openHelp' }, context).helpTop, 0, 'the help opens at its top');
  assert.match(helpFooter(0, 21), /^lines 1-21 of \d+ · space PgDn/);
  assert.equal(helpFooter(0, HELP_LENGTH), 'Esc, ? or Enter: back to the list');
});

test('a refusal known before Enter is read whole at 72 columns, even for a long name and pid', () => {
  const process = row(4_194_303, 'kworker-longname', 700, 1000);
  const ui = { ...INITIAL_STATE, mode: 'adjust' as const, pending: { ...pendingFor(process), to: -1000 } };
  const refusal = 'cannot lower kworker-longname (4194303) to -1000: lowering below the current minimum needs CAP_SYS_RESOURCE, which this root lacks (a container or a reduced capability set)';
  const lines = statusLines(ui, snapshotOf([process]), 72, () => refusal).map((line) => line.text.trimEnd());
  assert.match(lines.join(' '), /a reduced capability set\); Enter writes nothing$/, lines.join('\n'));
  for (const line of lines) assert.ok(line.length <= 72 && !line.endsWith('…'), line);
});

test('help below 78 columns: reflowed to the width, each entry under its text; the length is the same in every mode', () => {
  const longPath = `/home/${'a'.repeat(40)}/oomlens/adjustments.log`;
  for (const width of [77, 72, 60, 40]) {
    const length = helpLength(width);
    for (const [readOnly, logPath] of [[false, null], [true, null], [false, longPath]] as const) {
      const lines = helpLines(readOnly, logPath, null, width);
      assert.equal(lines.length, length, `${width} columns, read-only ${readOnly}`);
      for (const line of lines) assert.ok(stringWidth(line) <= width, `${width}: too wide: ${line}`);
    }
    assert.ok(helpFooter(0, 19, length, width).length <= width);
  }
  const at72 = helpLines(false, null, null, 72);
  assert.ok(at72.includes('s                   sort: SCORE, RSS, SWAP, ADJ, PID, GROW/m (▼ in the'), 'the text wraps');
  assert.ok(at72.includes('                    header)'), 'under the text, not under the key');
  assert.ok(at72.includes('RSS          resident memory = ANON (heap, stacks: only swap frees it) +'), 'an entry that fits keeps its lines');
});
