// "Protect gently": with CAP_SYS_RESOURCE (root) oomlens lowers its own oom_score_adj from 0 to -100 and
// says so in --json; what it starts (journalctl, dmesg) runs at 0, and so does everything those start;
// --no-self-protect and --read-only leave it at 0; without the capability it stays at 0. The logic is also
// run against a stand-in file, so that it is tested where the kernel refuses the write.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PROJECT_DIR } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { hasTool } from '../hygiene/harness.js';
import { readHasCapSysResource } from '../../src/procfs/pid/oom-score-adj-writer.js';
import { OwnOomScoreAdj } from '../../src/procfs/self-protection.js';
import { LIVE_ROOTS, rootsUnder } from '../../src/procfs/roots.js';
import { createSampler, passwdPathFor } from '../../src/runtime/sampling.js';
import { fixturePath } from '../helpers/fixtures.js';

const ownAdj = Number(readFileSync('/proc/self/oom_score_adj', 'utf8'));
// A child starts with the runner's value; protection lowers only the default 0.
const skip =
  readHasCapSysResource() !== true ? 'no CAP_SYS_RESOURCE: the kernel refuses to lower oom_score_adj' : ownAdj !== 0 ? `the test runner's oom_score_adj is ${ownAdj}, not 0` : false;
if (skip) console.log(`# skipping the kernel self-protection tests: ${skip}`);

const dir = mkdtempSync(join(tmpdir(), 'oomlens-self-adj-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for /proc/self/oom_score_adj holding `value`. */
function standIn(name: string, value: string): { own: OwnOomScoreAdj; file: string } {
  const file = join(dir, name);
  writeFileSync(file, value);
  return { own: new OwnOomScoreAdj(file, 4242), file };
}

test('stand-in: 0 is lowered to -100, and put back to 0 only for the moment of a spawn', () => {
  const { own, file } = standIn('default', '0\n');
  assert.deepEqual(own.protect(), { pid: 4242, oomScoreAdj: -100, lowered: true, reason: null });
  assert.equal(own.spawnWithDefault(() => readFileSync(file, 'utf8')), '0\n', 'what a child forked now inherits');
  assert.equal(readFileSync(file, 'utf8'), '-100\n');
  assert.throws(() => own.spawnWithDefault(() => {
    throw new Error('spawn failed');
  }), /spawn failed/);
  assert.equal(readFileSync(file, 'utf8'), '-100\n', 'lowered again after a failed spawn');
  assert.deepEqual(own.protect(), { pid: 4242, oomScoreAdj: -100, lowered: true, reason: null }, 'twice is once');
});

test('stand-in: a value someone chose is kept; an unwritable or unreadable file changes nothing', () => {
  const chosen = standIn('chosen', '-500\n');
  assert.deepEqual(chosen.own.protect(), { pid: 4242, oomScoreAdj: -500, lowered: false, reason: 'already -500, as oomlens was started' });
  assert.equal(chosen.own.spawnWithDefault(() => readFileSync(chosen.file, 'utf8')), '-500\n', 'a child inherits it as it is');
  // A directory: reads fail as a missing file does. Writes that fail are the EACCES case.
  const unreadable = new OwnOomScoreAdj(dir, 1);
  assert.equal(unreadable.protect().lowered, false);
  assert.match(unreadable.protect().reason ?? '', /is not readable/);
  assert.deepEqual(standIn('asis', '0\n').own.asIs('--no-self-protect'), { pid: 4242, oomScoreAdj: 0, lowered: false, reason: '--no-self-protect' });
});

interface SelfJson {
  pid: number;
  oomScoreAdj: number;
  lowered: boolean;
  reason: string | null;
}

function selfOf(args: string[]): SelfJson {
  const run = runCli(['--json', '--interval', '0.2', ...args]);
  assert.equal(run.status, 0, run.stderr);
  return (JSON.parse(run.stdout) as { self: SelfJson }).self;
}

test('with CAP_SYS_RESOURCE --json runs at oom_score_adj -100 and says so; its own row carries it', { skip }, () => {
  const run = runCli(['--json', '--interval', '0.2']);
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(run.stdout) as { self: SelfJson; processes: { pid: number; oomScoreAdj: number }[] };
  assert.deepEqual({ ...json.self, pid: typeof json.self.pid }, { pid: 'number', oomScoreAdj: -100, lowered: true, reason: null });
  assert.equal(json.processes.find((p) => p.pid === json.self.pid)?.oomScoreAdj, -100, 'the kill list read it from /proc');
});

test('--no-self-protect and --read-only leave it at 0', () => {
  assert.deepEqual({ ...selfOf(['--no-self-protect']), pid: 0 }, { pid: 0, oomScoreAdj: ownAdj, lowered: false, reason: '--no-self-protect' });
  assert.deepEqual({ ...selfOf(['--read-only']), pid: 0 }, { pid: 0, oomScoreAdj: ownAdj, lowered: false, reason: '--read-only' });
});

test('journalctl, and what a child starts, run at 0 while oomlens stays at -100', { skip, timeout: 30_000 }, () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_DIR, 'test', 'runtime', 'self-protect-child.ts')], {
    cwd: PROJECT_DIR,
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { protection: { oomScoreAdj: number }; grandchild: number; journalctl: number | null; ownAfter: number };
  assert.equal(result.protection.oomScoreAdj, -100);
  assert.equal(result.grandchild, 0, 'a grandchild forked from the first child');
  if (hasTool('journalctl')) assert.equal(result.journalctl, 0, 'journalctl -k -f, read while it runs');
  assert.equal(result.ownAfter, -100, 'lowered again after each start');
});

const skipNobody = process.getuid?.() !== 0 ? 'not root: cannot switch to nobody' : hasTool('setpriv') ? false : 'setpriv is not installed';

test('as nobody (no CAP_SYS_RESOURCE) it stays as it was started', { skip: skipNobody }, () => {
  const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(PROJECT_DIR, 'bin', 'oomlens.js'), '--json', '--interval', '0.2'], {
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 256 << 20,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp' },
  });
  assert.equal(run.status, 0, run.stderr);
  const self = (JSON.parse(run.stdout) as { self: SelfJson }).self;
  assert.equal(self.oomScoreAdj, ownAdj);
  assert.equal(self.lowered, false);
  // Said, not silent: why it was not lowered.
  assert.match(String(self.reason), ownAdj === 0 ? /^not permitted \(lowering needs CAP_SYS_RESOURCE\)$/ : /^already /);
});

test('the live sampler marks this process\'s own row; a captured tree\'s sampler marks none', () => {
  const live = createSampler({ roots: LIVE_ROOTS, passwdPath: passwdPathFor(null), intervalMs: 1000, oneShot: true });
  const rows = live.sample().processes;
  live.close();
  assert.deepEqual(rows.filter((r) => r.self === true).map((r) => r.pid), [process.pid]);
  const tree = createSampler({ roots: rootsUnder(fixturePath('proc-basic')), passwdPath: passwdPathFor(fixturePath('proc-basic')), intervalMs: 1000, oneShot: true });
  assert.ok(tree.sample().processes.every((r) => r.self !== true));
  tree.close();
});
