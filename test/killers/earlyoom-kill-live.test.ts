// The real earlyoom (Debian's package, installed when missing) really kills, and oomlens shows it as
// earlyoom's kill: the built program in a real terminal (tmux) and `oomlens record --listen` both follow
// earlyoom's stdout and stderr, redirected to a file given with --killer-log.
//
// Only the bait can die. earlyoom runs with -m 99,1 -s 100,100 (act at once: more than 1% of memory is
// always in use, and no swap counts as none free) and --prefer '^oomlens-bait$', the bait (a copy of
// sleep) at oom_score_adj 1000; and, since earlyoom goes on killing while memory stays "low", it runs in
// a pid namespace of its own with its own /proc (unshare --pid --mount-proc), where the only processes it
// can see are the bait, the shell that started them (pid 1, which it never kills) and itself. It logs
// the bait's pid in that namespace, and so does oomlens. unshare is ended by its own pid (SIGKILL: with
// --fork it ignores SIGTERM), and with it (--kill-child) everything in the namespace.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { IncidentBundle } from '../../src/model/recording/bundle.js';
import { startDaemon } from '../helpers/daemon.js';
import { BIN } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { hasTmux, TmuxTerminal } from '../helpers/tmux.js';
import { ensureEarlyoom, readOr, stopChild, waitFor } from './live-earlyoom.js';

let binary: string | null = null;
let skip: string | false = false;
/** unshare's options for a pid namespace with its own /proc: as root, or in a user namespace of one's own. */
let isolation: string[] = [];

before(() => {
  if (process.platform !== 'linux') skip = 'earlyoom is Linux only';
  else if (!hasTmux()) skip = 'tmux is not installed';
  if (skip !== false) return;
  const found = ensureEarlyoom();
  if ('skip' in found) skip = found.skip;
  else binary = found.binary;
  const namespace = ['--pid', '--fork', '--mount-proc', '--kill-child'];
  isolation = process.getuid?.() === 0 ? namespace : ['--user', '--map-root-user', ...namespace];
  if (skip === false && spawnSync('unshare', [...isolation, 'true']).status !== 0) skip = 'cannot make a pid namespace (unshare) to fence earlyoom in';
  if (skip !== false) console.log(`# skipping the live earlyoom kill test: ${skip}`);
});

/** unshare --fork ignores SIGTERM while it waits for its child: SIGKILL it, and --kill-child ends the namespace. */
function stopFence(child: ChildProcess): Promise<void> {
  return stopChild(child, 'SIGKILL');
}

// In the namespace: start the bait and wait until it is the bait (the forked shell has exec'd it), note its
// pid, make it the likeliest victim, then run earlyoom with its output appended to the log. sh stays pid 1
// (it waits for earlyoom), so it also reaps the dead bait.
const FENCED = [
  'bait=$1; pidfile=$2; log=$3; shift 3',
  '"$bait" 300 & b=$!',
  'while read -r comm < /proc/$b/comm && [ "$comm" != oomlens-bait ]; do :; done',
  'echo 1000 > /proc/$b/oom_score_adj; echo $b > "$pidfile"',
  '"$@" >> "$log" 2>&1',
].join('\n');

test('earlyoom kills the bait: the panel shows it as earlyoom\'s kill, the recorder bundles it, /metrics counts it', { timeout: 120_000 }, async (t) => {
  if (skip !== false || binary === null) return t.skip(String(skip));
  const dir = tempDir('oomlens-earlyoom-kill-');
  const log = join(dir, 'earlyoom.log');
  writeFileSync(log, '');
  const bait = join(dir, 'oomlens-bait');
  copyFileSync('/bin/sleep', bait);
  const pidFile = join(dir, 'bait.pid');
  const terminal = new TmuxTerminal(`${process.execPath} ${BIN} --interval 0.5 --killer-log ${log}`, 120, 30, { XDG_STATE_HOME: join(dir, 'state') });
  const recorder = startDaemon(['record', '--dir', join(dir, 'recording'), '--interval', '0.5', '--killer-log', log, '--listen', '127.0.0.1:0']);
  let earlyoom: ChildProcess | null = null;
  try {
    // Both follow the file from its end before earlyoom writes a line to it.
    await terminal.waitFor((s) => /OOM kills \d/.test(s) && /MEM +\[/.test(s), 20_000);
    const metricsUrl = (await recorder.waitFor(/serving (http:\/\/\S+\/metrics)$/, 20_000))[1]!;
    await recorder.waitFor(new RegExp(`userspace killers' log: ${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), 20_000);

    const args = ['-m', '99,1', '-s', '100,100', '--prefer', '^oomlens-bait$', '-r', '0'];
    earlyoom = spawn('unshare', [...isolation, 'sh', '-c', FENCED, 'sh', bait, pidFile, log, binary, ...args], { stdio: 'ignore' });
    const baitPid = await waitFor('the bait\'s pid', () => readOr(pidFile)?.trim() || null);
    const sent = await waitFor('earlyoom\'s kill line', () => (/sending SIG\w+ to process/.test(readOr(log) ?? '') ? readOr(log) : null), 15_000).catch(() => null);
    if (sent === null) return t.skip(`earlyoom did not act at -m 99 (more than 99% of memory available?): ${readOr(log)}`);

    const screen = await terminal.waitFor((s) => s.replace(/\s+/g, ' ').includes(`earlyoom killed ${baitPid} (oomlens-bait)`), 10_000);
    const words = screen.replace(/\s+/g, ' ');
    assert.match(words, new RegExp(`earlyoom killed ${baitPid} \\(oomlens-bait\\): mem avail ≤ 99\\.00% and swap free ≤ 100\\.00% \\(earlyoom's SIGTERM limits\\)`));
    assert.match(words, /Signal SIGTERM, sent by earlyoom itself/);
    // Stamped when its line was read, the kill can be a few ms younger than the snapshot: "now".
    assert.match(words, / OOM \d+\/\d+ · ≈ \d\d:\d\d:\d\d \((?:\d+s ago|now)\) · earlyoom /);
    assert.match(screen.split('\n')[0] ?? '', /OOM kills \d+(?: \(\+\d+\))? \+ earlyoom 1 · last ≈ \d\d:\d\d:\d\d \((?:\d+s ago|now)\): oomlens-bait \(earlyoom\)/);

    const said = await recorder.waitFor(new RegExp(`earlyoom kill \\(.*SIGTERM limits\\)\\): oomlens-bait \\(pid ${baitPid}\\): \\d+ samples before → (\\S+)$`), 15_000);
    const bundle = JSON.parse(readFileSync(said[1]!, 'utf8')) as IncidentBundle;
    assert.equal(bundle.kill.witness, 'killer-log');
    assert.deepEqual(bundle.kill.killer, { name: 'earlyoom', signal: 'SIGTERM', reason: "mem avail ≤ 99.00% and swap free ≤ 100.00% (earlyoom's SIGTERM limits)" });
    const metrics = await (await fetch(metricsUrl)).text();
    assert.match(metrics, /^oomlens_oom_kills_total\{scope="global",killer="earlyoom"\} 1$/m);

    // earlyoom signalled the bait and nothing else, and the bait is gone.
    const kills = (readOr(log) ?? '').split('\n').filter((line) => /sending SIG\w+ to process/.test(line));
    assert.deepEqual(kills.map((line) => /to process (\d+) uid \d+ "([^"]*)"/.exec(line)?.slice(1)), [[baitPid, 'oomlens-bait']]);
    assert.match(readOr(log) ?? '', /process exited after/);
  } finally {
    if (earlyoom !== null) await stopFence(earlyoom);
    terminal.kill();
    const code = await recorder.stop();
    assert.equal(code, 0, recorder.lines.join('\n'));
  }
});
