// Pause, in a real terminal (tmux), over a copy of the fixture tree that the test changes while oomlens
// runs: space holds the kill list still, but not the news. A kill while paused shows at once: the header's
// counter moves and the OOM panel opens; the list keeps its order until space again.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixturePath } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { hasTmux } from '../helpers/tmux.js';
import { firstRow, hasKillList, oomlensCommand, Terminal } from './harness.js';

const skip = hasTmux() ? false : 'tmux is not installed';
if (skip) console.log(`# skipping the pause test: ${skip}`);

function rewrite(file: string, from: RegExp, to: string): void {
  writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
}

test('paused, a kill still shows: the header counts it and the OOM panel opens; the list holds', { skip, timeout: 60_000 }, async () => {
  const root = tempDir('oomlens-pause-');
  cpSync(fixturePath('proc-basic'), root, { recursive: true });
  const command = oomlensCommand({
    args: ['--root', root, '--kernel-log', '/dev/null', '--interval', '0.3'],
    env: { XDG_STATE_HOME: tempDir('oomlens-pause-state-') },
  });
  const terminal = new Terminal(command, 80, 24);
  try {
    await terminal.waitFor((s) => hasKillList(s) && /OOM kills 4\b/.test(s));
    assert.match(firstRow(terminal.screen()), /^ *1234 /);
    terminal.keys('Space');
    await terminal.waitFor((s) => s.includes('PAUSED'));
    // php-fpm (4242) overtakes mysqld, and the kernel kills something.
    rewrite(join(root, 'proc', '4242', 'oom_score'), /^\d+/, '1500');
    rewrite(join(root, 'proc', 'vmstat'), /^oom_kill 4$/m, 'oom_kill 5');
    const screen = await terminal.waitFor((s) => /OOM kills 5 \(\+1, /.test(s), 5_000);
    await terminal.waitFor((s) => /oom_kill rose by 1/.test(s), 5_000);
    assert.match(screen, /PAUSED/, 'still paused');
    terminal.keys('Escape');
    const list = await terminal.waitFor((s) => hasKillList(s), 5_000);
    assert.match(firstRow(list), /^ *1234 /, `the list holds still while paused:\n${list}`);
    terminal.keys('Space');
    const resumed = await terminal.waitFor((s) => /^ *4242 /.test(firstRow(s)), 5_000);
    assert.doesNotMatch(resumed, /PAUSED/);
  } finally {
    terminal.kill();
  }
});
