// The real earlyoom (Debian's package, installed when missing) started as a child in --dryrun mode:
//  1. the detector finds it in /proc with the thresholds it was given, and they are the ones earlyoom
//     itself prints at start ("sending SIGTERM when mem <= … and swap <= …");
//  2. told to act now (-m 99,99: "low memory" at once, no swap counts as none free), it names the victim
//     it would kill: a bait process with oom_score_adj 1000 that --prefer matches. Our ranking must name
//     the same pid, and the attributor must see no kill in a dry run's lines.
// Nothing is killed: --dryrun. Each child is ended in a finally block by its own pid.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { detectKillers, readKillerSettings, runningKiller } from '../../src/killers/index.js';
import { attributeKills } from '../../src/killers/logs/attribution.js';
import { classifyEarlyoomLine } from '../../src/killers/logs/earlyoom.js';
import { earlyoomRanking } from '../../src/killers/earlyoom-forecast.js';
import { parseEarlyoomArgv } from '../../src/killers/earlyoom-options.js';
import { parseMeminfo } from '../../src/procfs/meminfo.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { ensureEarlyoom, readProcesses, startEarlyoom, stopChild, waitFor, waitForCmdline } from './live-earlyoom.js';

let binary: string | null = null;
let skip: string | false = false;

before(() => {
  if (process.platform !== 'linux') {
    skip = 'earlyoom is Linux only';
    return;
  }
  const found = ensureEarlyoom();
  if ('skip' in found) skip = found.skip;
  else binary = found.binary;
  if (skip !== false) console.log(`# skipping live earlyoom tests: ${skip}`);
});

const BANNER = /sending SIGTERM when mem(?: avail)? <=\s*([\d.]+)% and swap(?: free)? <=\s*([\d.]+)%/;
const BANNER_KILL = /SIGKILL when mem(?: avail)? <=\s*([\d.]+)% and swap(?: free)? <=\s*([\d.]+)%/;

test('a running earlyoom is detected with the thresholds it prints itself', async (t) => {
  if (skip !== false || binary === null) return t.skip(String(skip));
  const earlyoom = startEarlyoom(binary, ['--dryrun', '-m', '5,2', '-s', '100,100', '--prefer', '^python', '-r', '0']);
  try {
    await waitForCmdline(earlyoom.pid, '--prefer');
    const banner = await waitFor('its start-up banner', () => {
      const text = earlyoom.lines().join('\n');
      const term = BANNER.exec(text);
      const kill = BANNER_KILL.exec(text);
      return term !== null && kill !== null ? { term, kill } : null;
    });
    const found = detectKillers(readProcesses()).find((killer) => killer.pid === earlyoom.pid);
    assert.ok(found, 'the detector finds the child');
    assert.equal(found.name, 'earlyoom');
    const memory = parseMeminfo(readFileSync('/proc/meminfo', 'utf8'))!;
    const entry = runningKiller(readKillerSettings({ root: '/', proc: '/proc' }, found), memory);
    const thresholds = entry.thresholds!;
    assert.deepEqual([thresholds.memTermPercent, thresholds.memKillPercent, thresholds.swapTermPercent, thresholds.swapKillPercent], [5, 2, 100, 100]);
    assert.deepEqual([thresholds.prefer, thresholds.dryRun], ['^python', true]);
    // The figures earlyoom printed are ours.
    assert.deepEqual([Number(banner.term[1]), Number(banner.term[2]), Number(banner.kill[1]), Number(banner.kill[2])], [5, 100, 2, 100]);
  } finally {
    await stopChild(earlyoom.child);
  }
});

test('in a dry run earlyoom names the victim our ranking names, and no kill is attributed', async (t) => {
  if (skip !== false || binary === null) return t.skip(String(skip));
  const dir = tempDir('oomlens-bait-');
  const baitPath = join(dir, 'oomlens-bait');
  copyFileSync('/bin/sleep', baitPath);
  const bait = spawn(baitPath, ['300'], { stdio: 'ignore' });
  const args = ['--dryrun', '-m', '99,99', '-s', '100,100', '--prefer', '^oomlens-bait$', '-r', '0'];
  let earlyoom: ReturnType<typeof startEarlyoom> | null = null;
  try {
    // Raising one's own child's oom_score_adj needs no privilege.
    writeFileSync(`/proc/${bait.pid}/oom_score_adj`, '1000');
    earlyoom = startEarlyoom(binary, args);
    const running = earlyoom;
    const sent = await waitFor('its dry-run kill line', () => {
      const lines = running.lines();
      const at = lines.findIndex((line) => classifyEarlyoomLine(line)?.kind === 'kill');
      return at >= 0 && lines.slice(at + 1).some((line) => classifyEarlyoomLine(line)?.kind === 'dryrun') ? lines : null;
    }, 15_000).catch(() => null);
    if (sent === null) return t.skip('earlyoom did not act at -m 99 (more than 99% of memory available?)');
    const kill = sent.map(classifyEarlyoomLine).find((line) => line?.kind === 'kill');
    assert.equal(kill?.kind === 'kill' ? kill.kill.pid : null, bait.pid);
    const ranked = earlyoomRanking(parseEarlyoomArgv(['earlyoom', ...args]), readProcesses(), running.pid);
    assert.equal(ranked[0]?.pid, bait.pid);
    assert.deepEqual(attributeKills(sent), []);
  } finally {
    if (earlyoom !== null) await stopChild(earlyoom.child);
    await stopChild(bait);
  }
});
