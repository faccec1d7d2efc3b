import assert from 'node:assert/strict';
import { test } from 'node:test';
import { limitedViewNotice, parseProcVisibility } from '../../src/procfs/proc-mount.js';

const PLAIN = '22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:5 - proc proc rw\n';
const HIDDEN = `${PLAIN}98 22 0:40 / /proc rw,relatime - proc proc rw,hidepid=invisible,gid=27\n`;

test('hidepid: absent is 0; the mount on top wins; words and numbers; the exempt group', () => {
  assert.deepEqual(parseProcVisibility(PLAIN), { hidepid: 0, exemptGid: null });
  assert.deepEqual(parseProcVisibility(HIDDEN), { hidepid: 2, exemptGid: 27 });
  assert.equal(parseProcVisibility(PLAIN.replace('proc rw\n', 'proc rw,hidepid=1\n')).hidepid, 1);
  assert.deepEqual(parseProcVisibility(''), { hidepid: null, exemptGid: null });
});

test('the notice is for a user who cannot see everyone', () => {
  const hidden = parseProcVisibility(HIDDEN);
  assert.match(limitedViewNotice(hidden, 65534, []) ?? '', /hidepid=2; run as root to see all/);
  assert.equal(limitedViewNotice(hidden, 0, []), null, 'root sees all');
  assert.equal(limitedViewNotice(hidden, 1000, [27]), null, 'the gid= group sees all');
  assert.equal(limitedViewNotice(parseProcVisibility(PLAIN), 1000, []), null);
});
