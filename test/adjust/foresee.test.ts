// Refusals known before the write (src/model/steering/foresee.ts): the preview says them, Enter does not try.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foreseeRefusal, unsteerable } from '../../src/model/steering/foresee.js';

const sleep = (uid: number | null, adj: number | null) => ({ pid: 42, name: 'sleep', uid, adj });

test("someone else's process, for a user who is not root: refused; root may write anyone's", () => {
  assert.equal(
    foreseeRefusal(sleep(0, 0), 500, { myUid: 1000, hasCapSysResource: false }),
    'sleep (42) is not your process (owned by uid 0): only its owner or root may change it',
  );
  assert.equal(foreseeRefusal(sleep(27, 0), 500, { myUid: 0, hasCapSysResource: true }), null);
  assert.equal(foreseeRefusal(sleep(null, 0), 500, { myUid: 1000, hasCapSysResource: false }), null, 'unknown owner: let the kernel say');
});

test('without CAP_SYS_RESOURCE, lowering below 0 is refused; raising and coming back down to 0 are not', () => {
  const user = { myUid: 1000, hasCapSysResource: false };
  assert.match(foreseeRefusal(sleep(1000, 0), -100, user) ?? '', /^cannot lower sleep \(42\) to -100: .*CAP_SYS_RESOURCE: run as root$/);
  assert.equal(foreseeRefusal(sleep(1000, 0), 300, user), null);
  assert.equal(foreseeRefusal(sleep(1000, 300), 0, user), null);
  assert.equal(foreseeRefusal(sleep(1000, -300), -200, user), null, 'raising from below the floor is allowed');
  const root = { myUid: 0, hasCapSysResource: false };
  assert.match(foreseeRefusal(sleep(0, 0), -1000, root) ?? '', /which this root lacks/);
  assert.equal(foreseeRefusal(sleep(0, 0), -1000, { myUid: 0, hasCapSysResource: true }), null);
  assert.equal(foreseeRefusal(sleep(0, 0), -1000, { myUid: 0, hasCapSysResource: null }), null, 'unknown: let the kernel say');
});

test('a kernel thread cannot be steered at all', () => {
  assert.match(unsteerable({ pid: 2, name: 'kthreadd', kernelThread: true }) ?? '', /kernel thread: the OOM killer never kills one/);
  assert.equal(unsteerable({ pid: 1, name: 'systemd', kernelThread: false }), null);
});
