import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStatusBytes } from '../../src/procfs/pid/status-fast.js';
import { fixtureText } from '../helpers/fixtures.js';

/** The status parser the readers use, over the file's bytes. */
function statusOf(text: string) {
  const bytes = Buffer.from(text, 'utf8');
  return parseStatusBytes(bytes, bytes.length);
}

test('status (3.10): no RssAnon/RssFile/RssShmem means null, not 0; VmRSS and VmSwap read', () => {
  const status = statusOf(fixtureText('procfs', 'status-3.10-no-rssanon.txt'));
  assert.equal(status.name, 'java');
  assert.equal(status.uid, 996);
  assert.equal(status.vmRssKb, 1312640);
  assert.equal(status.vmSwapKb, 0);
  assert.equal(status.rssAnonKb, null);
  assert.equal(status.rssFileKb, null);
  assert.equal(status.rssShmemKb, null);
});

test('status (6.18, captured): init has the RSS split, summing to VmRSS', () => {
  const status = statusOf(fixtureText('procfs', 'status-6.18-init.txt'));
  assert.equal(status.tgid, 1);
  assert.ok(status.vmRssKb !== null && status.vmRssKb > 0);
  assert.equal((status.rssAnonKb ?? 0) + (status.rssFileKb ?? 0) + (status.rssShmemKb ?? 0), status.vmRssKb);
});

test('status (6.18, captured): a kernel thread has no memory lines at all', () => {
  const status = statusOf(fixtureText('procfs', 'status-6.18-kthreadd.txt'));
  assert.equal(status.name, 'kthreadd');
  assert.equal(status.vmRssKb, null);
  assert.equal(status.vmSwapKb, null);
  assert.equal(status.rssAnonKb, null);
});

test('status: the effective uid is the one reported', () => {
  const status = statusOf('Name:\tsu\nUid:\t1000\t0\t0\t0\n');
  assert.equal(status.uid, 0);
});

test('status: empty and truncated text gives nulls', () => {
  const empty = statusOf('');
  assert.deepEqual(Object.values(empty), Object.values(empty).map(() => null));
  const truncated = statusOf('Name:\tx\nVmRSS:\t  12');
  assert.equal(truncated.name, 'x');
  assert.equal(truncated.vmRssKb, null);
});
