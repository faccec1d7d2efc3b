// `oomlens record` as nobody: it records to the XDG state directory under its own HOME, and says at start
// what it misses (the kernel log, under kernel.dmesg_restrict=1) instead of failing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listSegments, readRange } from '../../src/history/segments.js';
import { startDaemon } from '../helpers/daemon.js';
import { tempDir } from '../helpers/temp-dirs.js';

const NOBODY = 65534;
const skip = process.getuid?.() !== 0 ? 'not root: cannot switch to nobody' : spawnSync('sh', ['-c', 'command -v setpriv']).status !== 0 ? 'setpriv is not installed' : false;

test('record as nobody: records under its XDG state dir and says what it misses', { skip, timeout: 60_000 }, async () => {
  const home = tempDir('oomlens-nobody-record-');
  chmodSync(home, 0o777);
  const recorder = startDaemon(['record', '--interval', '0.5'], [
    'setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'env', `HOME=${home}`, 'XDG_STATE_HOME=',
  ]);
  const dir = join(home, '.local', 'state', 'oomlens');
  try {
    await recorder.waitFor(new RegExp(`recording to ${dir} every 0.5 s`), 20_000);
    if (readFileSync('/proc/sys/kernel/dmesg_restrict', 'utf8').trim() === '1') {
      const said = await recorder.waitFor(/no kernel log: (.*); kills are still counted/, 5000);
      assert.match(said[1]!, /dmesg_restrict|CAP_SYSLOG|permission/i);
    }
    // Two ticks on disk: it records for real.
    for (let i = 0; i < 100 && readRange(join(dir, 'samples')).records.length < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(readRange(join(dir, 'samples')).records.length >= 2);
    assert.equal(listSegments(join(dir, 'samples')).length, 1);
  } finally {
    assert.equal(await recorder.stop(), 0, recorder.lines.join('\n'));
  }
});
