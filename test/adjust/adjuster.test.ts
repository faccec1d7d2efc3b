// The write path's logic over a fake kernel (src/model/adjuster.ts, adjust-errors.ts, adjustment-log.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { adjustmentLogPath, formatLogLine } from '../../src/model/steering/adjustment-log.js';
import { applyAdjustment, type AdjusterDeps } from '../../src/model/steering/adjuster.js';
import { AdjustmentSession, NOTHING_TO_UNDO } from '../../src/model/steering/session.js';
import { appendAdjustmentLogLine, parseHasCapSysResource } from '../../src/procfs/pid/oom-score-adj-writer.js';
import { currentActor } from '../../src/runtime/live-adjuster.js';
import { FakeKernel } from '../helpers/fake-kernel.js';

const AT = new Date('2025-06-01T12:00:00.000Z');

function depsFor(kernel: FakeKernel, extra: Partial<AdjusterDeps> = {}): AdjusterDeps & { log: string[] } {
  const log: string[] = [];
  return { files: kernel, readOnly: false, appendLog: (line) => log.push(line), now: () => AT, myUid: kernel.callerUid, log, ...extra };
}

function mysqldBox(callerUid = 0) {
  const kernel = new FakeKernel(callerUid);
  const mysqld = kernel.add({ pid: 1234, comm: 'mysqld', starttime: 5678, owner: callerUid });
  kernel.add({ pid: 1, comm: 'systemd' });
  kernel.add({ pid: 701, comm: 'sshd', adj: -1000, adjMin: -1000 });
  return { kernel, mysqld, target: { pid: 1234, starttime: 5678, name: 'mysqld' } };
}

test('a change: written once, read back, scores in the message, one log line', () => {
  const { kernel, target } = mysqldBox();
  const deps = depsFor(kernel);
  const result = applyAdjustment(target, -500, deps);
  assert.equal(result.outcome, 'changed');
  assert.equal(result.ok, true);
  assert.deepEqual(kernel.writes, [{ pid: 1234, value: -500 }]);
  assert.equal(result.oldValue, 0);
  assert.equal(result.newValue, -500);
  assert.equal(result.oldScore, 666);
  assert.equal(result.newScore, 333);
  assert.equal(result.message, 'mysqld (1234): oom_score_adj 0 → -500, oom_score 666 → 333');
  assert.equal(result.sharedNote, null);
  assert.deepEqual(deps.log, ['2025-06-01T12:00:00.000Z set pid=1234 starttime=5678 name="mysqld" adj=0->-500']);
});

test('the same value again: nothing written, nothing logged', () => {
  const { kernel, target } = mysqldBox();
  const deps = depsFor(kernel);
  const result = applyAdjustment(target, 0, deps);
  assert.equal(result.outcome, 'unchanged');
  assert.equal(result.ok, true);
  assert.match(result.message, /already has oom_score_adj 0: nothing written/);
  assert.deepEqual(kernel.writes, []);
  assert.deepEqual(deps.log, []);
});

test('--read-only refuses every write before touching the kernel', () => {
  const { kernel, target } = mysqldBox();
  kernel.openAdj = () => assert.fail('read-only must not open the file');
  const result = applyAdjustment(target, -500, depsFor(kernel, { readOnly: true }));
  assert.equal(result.outcome, 'read-only');
  assert.equal(result.ok, false);
  assert.match(result.message, /read-only mode \(--read-only\): mysqld \(1234\) not changed/);
  const session = new AdjustmentSession(depsFor(kernel, { readOnly: true }));
  assert.equal(session.apply(target, 500).outcome, 'read-only');
  assert.equal(session.undo(), null);
});

test('values outside -1000..1000 or not whole are refused without a write', () => {
  const { kernel, target } = mysqldBox();
  for (const value of [1001, -1001, 1.5, Number.NaN]) {
    const result = applyAdjustment(target, value, depsFor(kernel));
    assert.equal(result.outcome, 'invalid', String(value));
  }
  assert.deepEqual(kernel.writes, []);
});

test('pid reuse guard: another starttime means another process, and nothing is written', () => {
  const { kernel } = mysqldBox();
  kernel.add({ pid: 4321, comm: 'bash', starttime: 999 });
  const result = applyAdjustment({ pid: 4321, starttime: 111, name: 'mysqld' }, -500, depsFor(kernel));
  assert.equal(result.outcome, 'replaced');
  assert.equal(result.message, 'pid 4321 is now another process (bash): nothing written');
  assert.deepEqual(kernel.writes, []);
  assert.equal(kernel.oomScoreAdj(4321), 0);
});

test('exited: no such pid, a zombie, or gone during the write', () => {
  const { kernel, target } = mysqldBox();
  const gone = applyAdjustment({ pid: 999, starttime: 1, name: 'ghost' }, 100, depsFor(kernel));
  assert.equal(gone.outcome, 'exited');
  assert.equal(gone.message, 'ghost (999) has exited: nothing written');
  kernel.add({ pid: 50, comm: 'defunct', starttime: 5, state: 'Z' });
  assert.equal(applyAdjustment({ pid: 50, starttime: 5, name: 'defunct' }, 100, depsFor(kernel)).outcome, 'exited');
  kernel.failWrite.set(1234, 'ESRCH');
  const during = applyAdjustment(target, 100, depsFor(kernel));
  assert.equal(during.outcome, 'exited');
  assert.match(during.message, /exited before the write: nothing changed/);
  assert.deepEqual(kernel.writes, []);
});

test('the pid is reused between the open and the check: the open file is never written', () => {
  const { kernel, target } = mysqldBox();
  kernel.afterOpen = (pid) => {
    kernel.procs.delete(pid);
    kernel.add({ pid, comm: 'newcomer', starttime: 9999 });
  };
  const result = applyAdjustment(target, -500, depsFor(kernel));
  assert.equal(result.outcome, 'replaced');
  assert.match(result.message, /pid 1234 is now another process \(newcomer\)/);
  assert.deepEqual(kernel.writes, []);
  assert.equal(kernel.oomScoreAdj(1234), 0);
});

test('unprivileged: someone else\'s process cannot be opened — "not your process"', () => {
  const kernel = new FakeKernel(1000);
  kernel.add({ pid: 1234, comm: 'mysqld', starttime: 5678, owner: 27 });
  const result = applyAdjustment({ pid: 1234, starttime: 5678, name: 'mysqld' }, 500, depsFor(kernel));
  assert.equal(result.outcome, 'denied');
  assert.equal(result.message, 'mysqld (1234) is not your process (owned by uid 27): only its owner or root may change it');
});

test('unprivileged: raising and coming back to the floor work; lowering below it needs CAP_SYS_RESOURCE', () => {
  const { kernel, target } = mysqldBox(1000);
  const deps = depsFor(kernel);
  assert.equal(applyAdjustment(target, 300, deps).outcome, 'changed');
  assert.equal(applyAdjustment(target, 0, deps).outcome, 'changed');
  const lower = applyAdjustment(target, -100, deps);
  assert.equal(lower.outcome, 'denied');
  assert.equal(
    lower.message,
    'cannot lower mysqld (1234) to -100: lowering below the current minimum needs CAP_SYS_RESOURCE: run as root',
  );
  assert.equal(kernel.oomScoreAdj(1234), 0);
  assert.equal(deps.log.length, 3, 'two changes and the refused attempt');
  assert.match(deps.log[2]!, /^\S+ refused-set pid=1234 starttime=5678 name="mysqld" adj=0->-100 reason="cannot lower mysqld \(1234\) to -100: /);
});

test('the log says who made each change (the user, and SUDO_USER), and keeps refused attempts', () => {
  const { kernel, target } = mysqldBox();
  const deps = depsFor(kernel, { actor: { user: 'root', sudoUser: 'ann' }, logPath: '/var/log/x.log' });
  const session = new AdjustmentSession(deps);
  const changed = session.apply(target, 300);
  assert.equal(changed.loggedTo, '/var/log/x.log');
  assert.equal(deps.log[0], '2025-06-01T12:00:00.000Z set pid=1234 starttime=5678 name="mysqld" adj=0->300 by="root" sudo_user="ann"');
  kernel.failWrite.set(1234, 'EPERM');
  const refused = session.apply(target, 400);
  assert.equal(refused.outcome, 'denied');
  assert.equal(refused.loggedTo, '/var/log/x.log');
  assert.match(deps.log[1]!, /^\S+ refused-set pid=1234 .* adj=300->400 by="root" sudo_user="ann" reason="the kernel refused to raise mysqld \(1234\) to 400 \(EPERM\)/);
  // Refused before the write (the preview knew): logged the same way, without touching the kernel.
  const foreseen = session.refuse(target, -1000, 'cannot lower mysqld (1234) to -1000: …');
  assert.equal(foreseen.ok, false);
  assert.match(deps.log[2]!, /refused-set pid=1234 .* adj=\?->-1000 by="root" sudo_user="ann" reason="cannot lower/);
  // --read-only, a gone process or a typo are not attempts on the kernel: not logged.
  applyAdjustment(target, 5000, deps);
  applyAdjustment({ ...target, pid: 9999 }, 100, deps);
  applyAdjustment(target, 100, { ...deps, readOnly: true });
  assert.equal(deps.log.length, 3);
  assert.equal(session.logPath, '/var/log/x.log');
  assert.equal(new AdjustmentSession({ ...deps, appendLog: null }).logPath, null);
});

test('the live writer is this user, and SUDO_USER when sudo started oomlens', () => {
  assert.equal(currentActor({ SUDO_USER: 'ann' }).sudoUser, 'ann');
  assert.equal(currentActor({}).sudoUser, null);
  assert.equal(currentActor({ SUDO_USER: '' }).sudoUser, null);
  assert.notEqual(currentActor({}).user, '');
});

test('root without CAP_SYS_RESOURCE (a container): lowering is refused, and "run as root" is not the advice', () => {
  const { kernel, target } = mysqldBox(0);
  kernel.failWrite.set(1234, 'EACCES');
  const result = applyAdjustment(target, -500, depsFor(kernel, { hasCapSysResource: false }));
  assert.equal(result.outcome, 'denied');
  assert.equal(
    result.message,
    'cannot lower mysqld (1234) to -500: lowering below the current minimum needs CAP_SYS_RESOURCE, which this root lacks (a container or a reduced capability set)',
  );
});

test('CapEff: bit 24 is CAP_SYS_RESOURCE', () => {
  assert.equal(parseHasCapSysResource('Name:\tx\nCapEff:\t000001ffffffffff\n'), true);
  // This project's VMs: everything but CAP_SYS_RESOURCE.
  assert.equal(parseHasCapSysResource('CapEff:\t000001fffeffffff\n'), false);
  assert.equal(parseHasCapSysResource('CapEff:\t0000000000000000'), false);
  assert.equal(parseHasCapSysResource('Name:\tx\n'), null);
});

test('other kernel errors in words: EPERM on a raise, EINVAL, EROFS, anything else', () => {
  const { kernel, target } = mysqldBox();
  kernel.failWrite.set(1234, 'EPERM');
  assert.match(applyAdjustment(target, 500, depsFor(kernel)).message, /refused to raise mysqld \(1234\) to 500 \(EPERM\)/);
  kernel.failWrite.set(1234, 'EINVAL');
  const invalid = applyAdjustment(target, 500, depsFor(kernel));
  assert.equal(invalid.outcome, 'invalid');
  assert.match(invalid.message, /refused 500 for mysqld \(1234\) as invalid \(EINVAL\)/);
  kernel.failWrite.delete(1234);
  kernel.failOpen.set(1234, 'EROFS');
  assert.match(applyAdjustment(target, 500, depsFor(kernel)).message, /\/proc is read-only here \(EROFS\)/);
  kernel.failOpen.set(1234, 'EIO');
  const other = applyAdjustment(target, 500, depsFor(kernel));
  assert.equal(other.outcome, 'failed');
  assert.match(other.message, /EIO/);
  assert.deepEqual(kernel.writes, []);
});

test('shared memory: the other CLONE_VM processes are named; an unrelated one with the same value is not', () => {
  const { kernel, target } = mysqldBox();
  kernel.add({ pid: 1240, comm: 'mysqld-helper', mm: 1234 });
  kernel.add({ pid: 1241, comm: 'worker', mm: 1234 });
  kernel.add({ pid: 3000, comm: 'cron' });
  const deps = depsFor(kernel);
  const result = applyAdjustment(target, 200, deps);
  assert.deepEqual(result.sharedWith, [{ pid: 1240, name: 'mysqld-helper' }, { pid: 1241, name: 'worker' }]);
  assert.equal(result.sharedNote, 'also changed, sharing its memory: mysqld-helper (1240), worker (1241)');
  assert.deepEqual(kernel.writes, [{ pid: 1234, value: 200 }], 'only the target is written');
  assert.equal(kernel.oomScoreAdj(3000), 0);
  assert.match(deps.log[0] ?? '', / shared=1240,1241$/);
});

test('undo walks back this session\'s changes through the same guarded write', () => {
  const { kernel, target } = mysqldBox();
  const deps = depsFor(kernel);
  const session = new AdjustmentSession(deps);
  session.apply(target, -500);
  session.apply(target, -600);
  assert.equal(session.undoDepth, 2);
  assert.deepEqual(session.nextUndo(), { target, from: -500, to: -600 });
  const first = session.undo();
  assert.equal(first?.outcome, 'changed');
  assert.equal(first?.message, 'undo: mysqld (1234): oom_score_adj -600 → -500, oom_score 266 → 333');
  assert.equal(kernel.oomScoreAdj(1234), -500);
  assert.equal(session.undo()?.newValue, 0);
  assert.equal(session.undo(), null);
  assert.equal(session.nothingToUndo(), 'nothing left to undo: the 2 changes of this session are undone');
  assert.equal(new AdjustmentSession(deps).nothingToUndo(), NOTHING_TO_UNDO);
  assert.match(NOTHING_TO_UNDO, /nothing to undo/);
  assert.deepEqual(deps.log.map((line) => line.split(' ').slice(1, 2).concat(line.split(' ').slice(-1))), [
    ['set', 'adj=0->-500'], ['set', 'adj=-500->-600'], ['undo', 'adj=-600->-500'], ['undo', 'adj=-500->0'],
  ]);
});

test('undo after the process exited: refused, and the next u walks further back', () => {
  const { kernel, target } = mysqldBox();
  const other = kernel.add({ pid: 2000, comm: 'redis', starttime: 20 });
  const session = new AdjustmentSession(depsFor(kernel));
  session.apply({ pid: 2000, starttime: 20, name: 'redis' }, 300);
  session.apply(target, -500);
  kernel.procs.delete(1234);
  kernel.add({ pid: 1234, comm: 'bash', starttime: 77 });
  const refused = session.undo();
  assert.equal(refused?.outcome, 'replaced');
  assert.match(refused?.message ?? '', /^undo: pid 1234 is now another process \(bash\): nothing written$/);
  assert.equal(kernel.oomScoreAdj(1234), 0, 'the newcomer keeps its value');
  assert.equal(session.undo()?.outcome, 'changed');
  assert.equal(other.adj, 0);
  assert.equal(session.undo(), null);
  assert.equal(session.nothingToUndo(), "nothing left to undo: 1 of this session's 2 changes are undone, 1 could not be (see above)");
});

test('undo says so when the value was changed elsewhere since', () => {
  const { kernel, target, mysqld } = mysqldBox();
  const session = new AdjustmentSession(depsFor(kernel));
  session.apply(target, -500);
  mysqld.adj = 250;
  assert.match(session.undo()?.message ?? '', /\(it was 250, not -500: changed elsewhere since\)/);
  assert.equal(mysqld.adj, 0);
});

test('a log failure does not undo the write, and is reported', () => {
  const { kernel, target } = mysqldBox();
  const deps = depsFor(kernel, { appendLog: () => { throw Object.assign(new Error('denied'), { code: 'EACCES' }); } });
  const result = applyAdjustment(target, -500, deps);
  assert.equal(result.outcome, 'changed');
  assert.equal(result.logError, 'EACCES');
  assert.match(result.message, /\(not logged: EACCES\)$/);
  assert.equal(kernel.oomScoreAdj(1234), -500);
});

test('log line: ISO time, set/undo, pid, starttime, sanitised and quoted name, old -> new', () => {
  const line = formatLogLine({ at: AT, pid: 7, starttime: 8, name: 'evil\n2025 set pid=1 "x"', oldValue: null, newValue: -1000, undo: true });
  assert.equal(line, '2025-06-01T12:00:00.000Z undo pid=7 starttime=8 name="evil\\\\n2025 set pid=1 \\"x\\"" adj=?->-1000');
  assert.ok(!line.includes('\n'));
  // SUDO_USER comes from the environment: sanitised and quoted like the name.
  const sudo = formatLogLine({ at: AT, pid: 7, starttime: 8, name: 'x', oldValue: 0, newValue: 1, undo: false, by: { user: 'root', sudoUser: 'a\nb="c"' } });
  assert.ok(sudo.endsWith(' by="root" sudo_user="a\\\\nb=\\"c\\""'), sudo);
});

test('log path: $XDG_STATE_HOME/oomlens, else ~/.local/state/oomlens; a relative XDG_STATE_HOME is ignored', () => {
  assert.equal(adjustmentLogPath({ XDG_STATE_HOME: '/var/tmp/state' }, '/root'), '/var/tmp/state/oomlens/adjustments.log');
  assert.equal(adjustmentLogPath({}, '/home/ann'), '/home/ann/.local/state/oomlens/adjustments.log');
  assert.equal(adjustmentLogPath({ XDG_STATE_HOME: '' }, '/home/ann'), '/home/ann/.local/state/oomlens/adjustments.log');
  assert.equal(adjustmentLogPath({ XDG_STATE_HOME: 'rel' }, '/home/ann'), '/home/ann/.local/state/oomlens/adjustments.log');
});

test('the log file: directories created (0700), file 0600, lines appended', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-log-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = adjustmentLogPath({ XDG_STATE_HOME: join(dir, 'state') }, '/nonexistent');
  appendAdjustmentLogLine(path, 'one');
  appendAdjustmentLogLine(path, 'two');
  assert.equal(readFileSync(path, 'utf8'), 'one\ntwo\n');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'state', 'oomlens')).mode & 0o777, 0o700);
  // A path under a regular file cannot be created: the error surfaces for the caller to report.
  writeFileSync(join(dir, 'file'), '');
  assert.throws(() => appendAdjustmentLogLine(join(dir, 'file', 'oomlens', 'adjustments.log'), 'x'), { code: 'ENOTDIR' });
});
