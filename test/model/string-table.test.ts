import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StringTable } from '../../src/model/sampling/string-table.js';

test('string table: equal strings come back as one shared copy; retain drops the rest', () => {
  const table = new StringTable();
  const text = 'x'.repeat(100) + '/system.slice/mysql.service' + 'y'.repeat(100);
  const a = table.intern(text.slice(100, 127));
  const b = table.intern(`/system.slice/${'mysql.service'}`);
  assert.equal(a, '/system.slice/mysql.service');
  assert.equal(b, a);
  assert.equal(table.intern(''), '');
  assert.equal(table.size, 2);
  table.retain([a]);
  assert.equal(table.size, 1);
  assert.equal(table.intern('/system.slice/mysql.service'), a);
});
