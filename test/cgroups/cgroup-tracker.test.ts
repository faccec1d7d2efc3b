// Cgroups as they enter the model: a hostile name (a delegated user may name a cgroup anything but "/")
// reaches the screen and --json as visible escapes, like a process's comm.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CgroupTracker } from '../../src/model/sampling/cgroup-tracker.js';
import { memoryCgroup } from '../helpers/cgroups.js';

test('cgroup paths are sanitised where they enter the model; a plain one is the same object', () => {
  const plain = memoryCgroup({ path: '/user.slice/user-1000.slice/user@1000.service/app.slice' });
  const hostile = memoryCgroup({ path: '/user.slice/user-1000.slice/user@1000.service/\x1b]0;pwned\x07\u202e.scope', limitKb: 1024 });
  const state = new CgroupTracker().update({ cgroups: [plain, hostile], truncated: false }, 0)!;
  assert.equal(state.list[0], plain);
  assert.equal(state.list[1]!.path, '/user.slice/user-1000.slice/user@1000.service/\\e]0;pwned\\a\\u202e.scope');
  assert.equal(state.list[1]!.limitKb, 1024);
});
