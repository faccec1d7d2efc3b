// oomlens's own row in the kill list says it is oomlens ("oomlens: node ..."): its comm is "node", and
// its ADJ may read -100 (src/procfs/self-protection.ts). The sampler marks it only on the live /proc.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnsFor, rowLine } from '../../src/ui/lines/columns.js';
import { row } from '../helpers/rows.js';

test('the kill list marks oomlens\'s own row: its COMMAND starts with "oomlens:"', () => {
  const self = row(4242, 'node', 600, 52_000, { cmdline: 'node /usr/lib/oomlens/dist/oomlens.mjs', oomScoreAdj: -100, self: true });
  const other = row(4243, 'node', 700, 90_000, { cmdline: 'node server.js' });
  for (const width of [60, 80, 160]) {
    const columns = columnsFor(width, 5);
    assert.match(rowLine(columns, self), / oomlens(:|\u2026)/, `at ${width}`);
    assert.doesNotMatch(rowLine(columns, other), /oomlens/);
  }
  assert.match(rowLine(columnsFor(160, 5), self), / -100 .* oomlens: node \/usr\/lib\/oomlens\/dist\/oomlens\.mjs/);
});
