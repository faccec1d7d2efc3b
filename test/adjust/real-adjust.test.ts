// The write path against this machine's kernel: real processes, real /proc files, the same functions the
// keys call. Root is needed (to lower values and to play nobody); every process is killed by its pid.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { previewAdjustment } from '../../src/model/steering/preview.js';
import { applyAdjustment } from '../../src/model/steering/adjuster.js';
import { AdjustmentSession } from '../../src/model/steering/session.js';
import { liveAdjusterDeps } from '../../src/runtime/live-adjuster.js';
import { readHasCapSysResource } from '../../src/procfs/pid/oom-score-adj-writer.js';
import { parseStat } from '../../src/procfs/pid/stat.js';
import { row } from '../helpers/rows.js';

const isRoot = process.getuid?.() === 0;
const hasTool = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const rootSkip = isRoot ? false : 'needs root (to write other processes\' oom_score_adj and to run as nobody)';
// Root in a container may lack CAP_SYS_RESOURCE (this project's VMs do): then nobody, root included, can
// go below a process's floor (inherited, 0 here), and the negative half of the range cannot be exercised.
const canLower = readHasCapSysResource() === true;

const proc = (pid: number, name: string) => readFileSync(`/proc/${pid}/${name}`, 'utf8');
const readAdj = (pid: number) => Number(proc(pid, 'oom_score_adj').trim());
const readScore = (pid: number) => Number(proc(pid, 'oom_score').trim());
const startTimeOf = (pid: number) => parseStat(proc(pid, 'stat'))!.starttime;
const commOf = (pid: number) => parseStat(proc(pid, 'stat'))!.comm;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spawns a command and tracks it for killing (by pid) when the test ends. */
function start(t: TestContext, command: string, args: string[]): ChildProcess & { pid: number } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  t.after(() => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  return child as ChildProcess & { pid: number };
}

/** Waits until the process has exec'd `comm` (setpriv becomes sleep under the same pid). */
async function waitForComm(pid: number, comm: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (commOf(pid) === comm) return;
    await sleep(10);
  }
  throw new Error(`pid ${pid} never became ${comm}`);
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}) before printing a line`)));
  });
}

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-adjust-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('real: change a sleep through the session, read /proc back, undo twice, every change logged', { skip: rootSkip, timeout: 20_000 }, async (t) => {
  const child = start(t, 'sleep', ['60']);
  await waitForComm(child.pid, 'sleep');
  const target = { pid: child.pid, starttime: startTimeOf(child.pid), name: 'sleep' };
  const original = readAdj(child.pid);
  const logPath = join(tempDir(t), 'state', 'oomlens', 'adjustments.log');
  const session = new AdjustmentSession(liveAdjusterDeps({ readOnly: false, logPath }));

  // Raising works with or without CAP_SYS_RESOURCE; undo lowers back only to where the process started.
  const first = session.apply(target, 500);
  assert.equal(first.outcome, 'changed', first.message);
  assert.equal(readAdj(child.pid), 500);
  assert.equal(first.newValue, 500);
  assert.equal(first.newScore, readScore(child.pid));
  assert.equal(session.apply(target, 800).outcome, 'changed');
  assert.equal(readAdj(child.pid), 800);

  assert.equal(session.undo()?.newValue, 500);
  assert.equal(readAdj(child.pid), 500);
  const back = session.undo();
  assert.equal(back?.outcome, 'changed', back?.message);
  assert.equal(readAdj(child.pid), original);
  assert.equal(session.undo(), null);

  const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z set pid=${child.pid} starttime=${target.starttime} name="sleep" adj=${original}->500 by="\\S+"`));
  assert.match(lines[3]!, new RegExp(` undo pid=${child.pid} .* adj=500->${original} by=`));
});

test('real: the pid-reuse guard and --read-only write nothing; an exited process is named so', { skip: rootSkip, timeout: 20_000 }, async (t) => {
  const child = start(t, 'sleep', ['60']);
  await waitForComm(child.pid, 'sleep');
  const starttime = startTimeOf(child.pid);
  const before = readAdj(child.pid);
  const deps = liveAdjusterDeps({ readOnly: false, logPath: null });

  const replaced = applyAdjustment({ pid: child.pid, starttime: starttime + 1, name: 'sleep' }, 700, deps);
  assert.equal(replaced.outcome, 'replaced');
  assert.equal(replaced.message, `pid ${child.pid} is now another process (sleep): nothing written`);
  assert.equal(readAdj(child.pid), before);

  const readOnly = applyAdjustment({ pid: child.pid, starttime, name: 'sleep' }, 700, liveAdjusterDeps({ readOnly: true, logPath: null }));
  assert.equal(readOnly.outcome, 'read-only');
  assert.equal(readAdj(child.pid), before);

  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid, 'SIGKILL');
  await exited;
  const gone = applyAdjustment({ pid: child.pid, starttime, name: 'sleep' }, 700, deps);
  assert.equal(gone.outcome, 'exited');
  assert.equal(gone.message, `sleep (${child.pid}) has exited: nothing written`);
});

/** Predicts from the current state (as the preview does), writes, and returns the kernel's score against it. */
function measurePredictions(pid: number, name: string, values: number[]) {
  const deps = liveAdjusterDeps({ readOnly: false, logPath: null });
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? 0);
  const totalKb = kb('MemTotal') + kb('SwapTotal');
  const target = { pid, starttime: startTimeOf(pid), name };
  const errors: { plain: number; hinted: number }[] = [];
  for (const value of values) {
    const status = proc(pid, 'status');
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const current = row(pid, name, readScore(pid), rssKb, { oomScoreAdj: readAdj(pid) });
    const plain = previewAdjustment(current, value, [current], { scale: '5.9+' }).toScore!;
    const hinted = previewAdjustment(current, value, [current], { scale: '5.9+', totalKb }).toScore!;
    const result = applyAdjustment(target, value, deps);
    assert.equal(result.outcome, 'changed', result.message);
    const actual = readScore(pid);
    errors.push({ plain: plain - actual, hinted: hinted - actual });
  }
  return errors;
}

const FULL_SEQUENCE = [-500, -100, 100, 500, 1000, -999, 0, 250, -750, 999, -1, 1, 0];
const RAISING_SEQUENCE = [100, 500, 1000, 1, 250, 999, 333, 0, 667, 2, 0];
const SEQUENCE = canLower ? FULL_SEQUENCE : RAISING_SEQUENCE;
const sequenceNote = canLower ? '' : ' (no CAP_SYS_RESOURCE: values 0..1000 only)';
const kernelIs59 = /^(\d+)\.(\d+)/.exec(readFileSync('/proc/sys/kernel/osrelease', 'utf8'));
const newScale = kernelIs59 !== null && (Number(kernelIs59[1]) > 5 || (Number(kernelIs59[1]) === 5 && Number(kernelIs59[2]) >= 9));
const predictionSkip = rootSkip || (newScale ? false : 'the cross-check is written for the 5.9+ scale');

test('real: the predicted oom_score is within ±1 of what the kernel then reports (idle sleep)', { skip: predictionSkip, timeout: 20_000 }, async (t) => {
  const child = start(t, 'sleep', ['60']);
  await waitForComm(child.pid, 'sleep');
  const errors = measurePredictions(child.pid, 'sleep', SEQUENCE);
  t.diagnostic(`sleep${sequenceNote}: prediction − kernel, without / with the RSS hint: ${errors.map((e) => `${e.plain}/${e.hinted}`).join(' ')}`);
  for (const error of errors) {
    assert.ok(Math.abs(error.plain) <= 1 && Math.abs(error.hinted) <= 1, JSON.stringify(errors));
  }
});

test('real: the prediction holds for a process with a real footprint (python holding 512 MiB)', { skip: predictionSkip || (hasTool('python3') ? false : 'python3 is not installed'), timeout: 30_000 }, async (t) => {
  const child = start(t, 'python3', ['-c', "import time\nb = b'x' * (512 << 20)\nprint('ready', flush=True)\ntime.sleep(60)"]);
  assert.equal(await firstLine(child), 'ready');
  const errors = measurePredictions(child.pid, 'python3', SEQUENCE);
  t.diagnostic(`python3 (score ${readScore(child.pid)} at adj 0)${sequenceNote}: prediction − kernel, plain/hinted: ${errors.map((e) => `${e.plain}/${e.hinted}`).join(' ')}`);
  for (const error of errors) {
    assert.ok(Math.abs(error.plain) <= 1 && Math.abs(error.hinted) <= 1, JSON.stringify(errors));
  }
});

test('real: a clone(CLONE_VM) child shares the value, and the write names it', { skip: rootSkip || (hasTool('cc') ? false : 'cc is not installed'), timeout: 30_000 }, async (t) => {
  const binary = join(tempDir(t), 'clone-vm');
  const compiled = spawnSync('cc', ['-O0', '-o', binary, join('test', 'fixtures', 'adjust', 'clone-vm.c')], { encoding: 'utf8' });
  if (compiled.status !== 0) return t.skip(`cc failed: ${compiled.stderr.split('\n')[0]}`);
  const parent = start(t, binary, []);
  const childPid = Number(await firstLine(parent));
  t.after(() => {
    try {
      process.kill(childPid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  const deps = liveAdjusterDeps({ readOnly: false, logPath: null });
  const viaParent = applyAdjustment({ pid: parent.pid, starttime: startTimeOf(parent.pid), name: 'clone-vm' }, 400, deps);
  assert.equal(viaParent.outcome, 'changed', viaParent.message);
  assert.equal(readAdj(childPid), 400, 'the kernel propagated the value to the CLONE_VM child');
  assert.deepEqual(viaParent.sharedWith, [{ pid: childPid, name: 'clone-vm' }]);
  assert.equal(viaParent.sharedNote, `also changed, sharing its memory: clone-vm (${childPid})`);

  const viaChild = applyAdjustment({ pid: childPid, starttime: startTimeOf(childPid), name: 'clone-vm' }, 700, deps);
  assert.equal(viaChild.outcome, 'changed', viaChild.message);
  assert.deepEqual(viaChild.sharedWith.map((p) => p.pid), [parent.pid]);
  assert.equal(readAdj(parent.pid), 700);
});

function asNobody(pid: number, starttime: number, value: number): { uid: number; outcome: string; message: string } {
  const run = spawnSync(
    'setpriv',
    ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', join('test', 'adjust', 'unprivileged-adjust.ts'), String(pid), String(starttime), String(value)],
    { encoding: 'utf8', timeout: 30_000 },
  );
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { uid: number; outcome: string; message: string };
}

test('real, as nobody: raising works, lowering below the floor fails with the CAP_SYS_RESOURCE message; root\'s process is "not yours"', { skip: rootSkip || (hasTool('setpriv') ? false : 'setpriv is not installed'), timeout: 60_000 }, async (t) => {
  const child = start(t, 'setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sleep', '60']);
  await waitForComm(child.pid, 'sleep');
  const starttime = startTimeOf(child.pid);
  // With CAP_SYS_RESOURCE, root's write sets the process's floor (oom_score_adj_min) to 0 whatever this test
  // runner's floor was; without it the floor stays the inherited one (0 on this project's VMs).
  writeFileSync(`/proc/${child.pid}/oom_score_adj`, '0');

  const lower = asNobody(child.pid, starttime, -100);
  assert.equal(lower.uid, 65534);
  assert.equal(lower.outcome, 'denied');
  assert.equal(lower.message, `cannot lower sleep (${child.pid}) to -100: lowering below the current minimum needs CAP_SYS_RESOURCE: run as root`);
  assert.equal(readAdj(child.pid), 0);

  assert.equal(asNobody(child.pid, starttime, 200).outcome, 'changed');
  assert.equal(readAdj(child.pid), 200);
  assert.equal(asNobody(child.pid, starttime, 100).outcome, 'changed', 'lowering down to the floor is allowed');
  assert.equal(readAdj(child.pid), 100);

  const rootSleep = start(t, 'sleep', ['60']);
  await waitForComm(rootSleep.pid, 'sleep');
  const notYours = asNobody(rootSleep.pid, startTimeOf(rootSleep.pid), 500);
  assert.equal(notYours.outcome, 'denied');
  assert.equal(notYours.message, `sleep (${rootSleep.pid}) is not your process (owned by uid 0): only its owner or root may change it`);
  assert.equal(readAdj(rootSleep.pid), 0);
});

test('real, root without CAP_SYS_RESOURCE: lowering below the floor is refused, and the words do not say "run as root"', { skip: rootSkip || (canLower ? 'this root holds CAP_SYS_RESOURCE' : false), timeout: 20_000 }, async (t) => {
  const child = start(t, 'sleep', ['60']);
  await waitForComm(child.pid, 'sleep');
  const before = readAdj(child.pid);
  const target = { pid: child.pid, starttime: startTimeOf(child.pid), name: 'sleep' };
  const result = applyAdjustment(target, -1000, liveAdjusterDeps({ readOnly: false, logPath: null }));
  assert.equal(result.outcome, 'denied');
  assert.equal(
    result.message,
    `cannot lower sleep (${child.pid}) to -1000: lowering below the current minimum needs CAP_SYS_RESOURCE, which this root lacks (a container or a reduced capability set)`,
  );
  assert.equal(readAdj(child.pid), before);
});
