// The one place that resolves oomlens's XDG state directory, for the adjustments log and incident files.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultIncidentDir } from '../../src/model/incidents/store.js';
import { oomlensStateDir } from '../../src/model/state-dir.js';
import { adjustmentLogPath } from '../../src/model/steering/adjustment-log.js';

test('state dir: an absolute XDG_STATE_HOME; unset, empty or relative (invalid per XDG) falls back to ~/.local/state', () => {
  assert.equal(oomlensStateDir({ XDG_STATE_HOME: '/var/tmp/state' }, '/home/ann'), '/var/tmp/state/oomlens');
  assert.equal(oomlensStateDir({ XDG_STATE_HOME: '/var/tmp/state/' }, '/home/ann'), '/var/tmp/state/oomlens');
  for (const env of [{}, { XDG_STATE_HOME: '' }, { XDG_STATE_HOME: 'state' }, { XDG_STATE_HOME: './state' }, { XDG_STATE_HOME: '~/state' }]) {
    assert.equal(oomlensStateDir(env, '/home/ann'), '/home/ann/.local/state/oomlens', JSON.stringify(env));
  }
});

test('state dir: the adjustments log and the incident files live side by side in it', () => {
  for (const env of [{ XDG_STATE_HOME: '/srv/state' }, { XDG_STATE_HOME: 'relative' }, {}]) {
    const dir = oomlensStateDir(env, '/root');
    assert.equal(adjustmentLogPath(env, '/root'), `${dir}/adjustments.log`);
    assert.equal(defaultIncidentDir(env, '/root'), `${dir}/incidents`);
  }
});
