// The steering keys in the App, with a recording fake in place of the kernel writer.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { AdjustResult, AdjustTarget } from '../../src/model/steering/adjuster.js';
import { AdjustmentSession, NOTHING_TO_UNDO, type JournalEntry } from '../../src/model/steering/session.js';
import type { Adjuster } from '../../src/ui/state/adjust-effects.js';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { KEYS, type Harness } from '../helpers/ink-harness.js';
import { renderApp } from '../helpers/app.js';
import { row, scriptedSource, snapshotOf } from '../helpers/rows.js';

const HOST = { hostname: 'h', kernel: '6.8.0-51-generic', distro: null };
let harness: Harness | null = null;
afterEach(() => {
  harness?.unmount();
  harness = null;
});

class FakeAdjuster implements Adjuster {
  writes: Array<{ target: AdjustTarget; value: number }> = [];
  readonly logPath = null;
  private journal: JournalEntry[] = [];
  constructor(readonly readOnly = false) {}
  apply(target: AdjustTarget, value: number): AdjustResult {
    this.writes.push({ target, value });
    this.journal.push({ target, from: 0, to: value });
    return this.result(target, 0, value, false);
  }
  undo(): AdjustResult | null {
    const entry = this.journal.pop();
    if (!entry) return null;
    this.writes.push({ target: entry.target, value: entry.from });
    return this.result(entry.target, entry.to, entry.from, true);
  }
  nextUndo(): JournalEntry | null {
    return this.journal.at(-1) ?? null;
  }
  nothingToUndo(): string {
    return NOTHING_TO_UNDO;
  }
  foresee(): string | null {
    return null;
  }
  refuse(target: AdjustTarget, value: number, reason: string): AdjustResult {
    return { ...this.result(target, 0, value, false), outcome: 'denied', ok: false, message: reason };
  }
  private result(target: AdjustTarget, from: number, to: number, undo: boolean): AdjustResult {
    return {
      outcome: 'changed', ok: true, target, undo, requested: to, oldValue: from, newValue: to, oldScore: null, newScore: null,
      sharedWith: [], message: `${undo ? 'undo: ' : ''}${target.name}: oom_score_adj ${from} → ${to}`, sharedNote: null, logError: null,
    };
  }
}

// mysqld at score 1231 (5.9+ scale: badness 846‰ of RAM+swap), a worker and an idle shell.
const mysqld = row(1234, 'mysqld', 1231, 7_000_000, { cgroup: '/system.slice/mysql.service' });
const worker = row(2000, 'worker', 800, 1_000_000);
const shell = row(3000, 'bash', 667, 4_000);

function start(adjuster: Adjuster, columns = 100, rows = 30) {
  const source = scriptedSource(snapshotOf([mysqld, worker, shell]));
  harness = renderApp({ source, host: HOST, intervalMs: 40, color: false, adjuster }, columns, rows);
  return harness;
}

test('p previews before writing; Enter writes to the selected process only; the result says how to keep it', async () => {
  const adjuster = new FakeAdjuster();
  const screen = start(adjuster);
  await screen.waitFor((f) => f.includes('mysqld'));
  await screen.press('p');
  const preview = await screen.waitFor((f) => f.includes('adj 0 → -500'));
  assert.match(preview, /mysqld {2}adj 0 → -500 {2}score 1231 → \d+ {2}rank 1 → \d/);
  assert.equal(adjuster.writes.length, 0, 'nothing is written before Enter');
  await screen.press(KEYS.enter);
  const after = await screen.waitFor((f) => f.includes('oom_score_adj 0 → -500'));
  assert.deepEqual(adjuster.writes, [{ target: { pid: 1234, starttime: 12340, name: 'mysqld' }, value: -500 }]);
  // The advice is a sentence, wrapped rather than cut at the terminal's edge.
  const words = after.replace(/\s+/g, ' ');
  assert.match(words, /It is lost when mysql\.service restarts; to keep it, add OOMScoreAdjust=-500 with systemctl edit mysql\.service\./);
});

test('+ and - step by 100 from the pending value; Esc cancels without writing', async () => {
  const adjuster = new FakeAdjuster();
  const screen = start(adjuster);
  await screen.waitFor((f) => f.includes('mysqld'));
  await screen.press('-', '-', '-', '+');
  await screen.waitFor((f) => f.includes('adj 0 → -200'));
  await screen.press(KEYS.escape);
  await screen.waitFor((f) => !f.includes('adj 0 → -200'));
  assert.equal(adjuster.writes.length, 0);
});

test('= prompts for an exact value: junk is refused in the prompt, a good value is written', async () => {
  const adjuster = new FakeAdjuster();
  const screen = start(adjuster);
  await screen.waitFor((f) => f.includes('mysqld'));
  await screen.press('=', '5', '0', '0', '0', KEYS.enter);
  await screen.waitFor((f) => f.includes('refused: too high'));
  assert.equal(adjuster.writes.length, 0);
  await screen.press(KEYS.backspace, KEYS.enter);
  await screen.waitFor((f) => f.includes('oom_score_adj 0 → 500'));
  assert.equal(adjuster.writes[0]?.value, 500);
});

test('= shows what was typed: a fraction, an exponent or a separator is refused as typed and at Enter', async () => {
  const adjuster = new FakeAdjuster();
  const screen = start(adjuster, 80, 24);
  await screen.waitFor((f) => f.includes('mysqld'));
  const cases: Array<[string, RegExp]> = [
    ['1.5', /refused: a whole number, no fraction/],
    ['-1e3', /refused: not a number: use digits/],
    ['1,000', /refused: digits only, no separators/],
    ['5x', /refused: not a number/],
  ];
  for (const [typed, reason] of cases) {
    await screen.press('=', ...typed);
    const shown = await screen.waitFor((f) => f.includes(`-1000..1000: ${typed}▏`) && reason.test(f));
    assert.doesNotMatch(shown, /adj 0 →/, `${typed}: no preview of a value that was not typed`);
    await screen.press(KEYS.enter);
    await screen.waitFor((f) => reason.test(f) && f.includes(`${typed}▏`));
    assert.equal(adjuster.writes.length, 0, `${typed}: nothing is written`);
    await screen.press(KEYS.escape);
    await screen.waitFor((f) => !f.includes('refused'));
  }
  // The problem goes away with the character that caused it; the value then previews and writes.
  await screen.press('=', '2', 'x');
  await screen.waitFor((f) => f.includes('refused: not a number'));
  await screen.press(KEYS.backspace);
  await screen.waitFor((f) => f.includes('adj 0 → 2 ') && !f.includes('refused'));
  await screen.press(KEYS.enter);
  await screen.waitFor((f) => f.includes('oom_score_adj 0 → 2'));
  assert.deepEqual(adjuster.writes.map((w) => w.value), [2]);
});

test('-1000 asks first, saying why it is dangerous; only y writes', async () => {
  const adjuster = new FakeAdjuster();
  const screen = start(adjuster);
  await screen.waitFor((f) => f.includes('mysqld'));
  await screen.press('=', '-', '1', '0', '0', '0', KEYS.enter);
  const question = await screen.waitFor((f) => f.includes('unkillable'));
  assert.match(question.replace(/\s+/g, ' '), /kill something else instead, perhaps sshd/);
  await screen.press('n');
  await screen.waitFor((f) => !f.includes('Confirm with y'));
  assert.equal(adjuster.writes.length, 0);
  await screen.press('=', '-', '1', '0', '0', '0', KEYS.enter, 'y');
  await screen.waitFor((f) => f.includes('oom_score_adj 0 → -1000'));
  assert.equal(adjuster.writes[0]?.value, -1000);
});

test('u undoes the last change through the writer', async () => {
  const adjuster = new FakeAdjuster();
  const screen = start(adjuster);
  await screen.waitFor((f) => f.includes('mysqld'));
  await screen.press('e', KEYS.enter);
  await screen.waitFor((f) => f.includes('oom_score_adj 0 → 500'));
  await screen.press('u');
  await screen.waitFor((f) => f.includes('undo: mysqld: oom_score_adj 500 → 0'));
  await screen.press('u');
  await screen.waitFor((f) => f.includes('nothing to undo'));
});

test('a fourth u after three changes were undone says there is nothing left, not that nothing changed', async () => {
  const kernel = new FakeKernel(0);
  kernel.add({ pid: 1234, comm: 'mysqld', starttime: 12340 });
  const session = new AdjustmentSession({ files: kernel, readOnly: false, appendLog: null, now: () => new Date(0), myUid: 0 });
  const screen = start(session);
  await screen.waitFor((f) => f.includes('mysqld'));
  await screen.press('u');
  await screen.waitFor((f) => f.includes('nothing to undo: no oom_score_adj was changed in this session'));
  for (const [key, to] of [['e', 500], ['p', -500], ['0', 0]] as const) {
    await screen.press(key, KEYS.enter);
    await screen.waitFor((f) => f.includes(`→ ${to}, oom_score`));
  }
  for (const to of [-500, 500, 0]) {
    await screen.press('u');
    await screen.waitFor((f) => f.includes(`undo: mysqld (1234): oom_score_adj`) && f.includes(`→ ${to}, oom_score`));
  }
  await screen.press('u');
  await screen.waitFor((f) => f.includes('nothing left to undo: the 3 changes of this session are undone'));
  assert.deepEqual(kernel.writes.map((w) => w.value), [500, -500, 0, -500, 500, 0]);
});

test('a kernel thread is refused at the first key, with the reason; nothing is staged', async () => {
  const adjuster = new FakeAdjuster();
  const kthreadd = row(2, 'kthreadd', 0, 0, { kernelThread: true, cmdline: '', cgroup: '/' });
  harness = renderApp({ source: scriptedSource(snapshotOf([mysqld, kthreadd])), host: HOST, intervalMs: 40, color: false, adjuster }, 100, 30);
  const screen = harness;
  await screen.waitFor((f) => f.includes('mysqld'));
  await screen.press('k', KEYS.end);
  await screen.waitFor((f) => /^> +2 .*kthreadd/m.test(f));
  for (const key of ['+', 'e', '=']) {
    await screen.press(key);
    const frame = await screen.waitFor((f) => f.includes('kthreadd (2) is a kernel thread: the OOM killer never kills one'));
    assert.doesNotMatch(frame, /adj 0 → |-1000\.\.1000:/, `${key}: no preview, no prompt`);
    await screen.press(KEYS.escape);
    await screen.waitFor((f) => !f.includes('is a kernel thread'));
  }
  assert.equal(adjuster.writes.length, 0);
});

test('read-only: the footer says so, and every adjust key is refused without a write', async () => {
  const adjuster = new FakeAdjuster(true);
  const screen = start(adjuster);
  await screen.waitFor((f) => f.includes('READ-ONLY'));
  for (const key of ['+', '-', 'p', 'e', '0', '=', 'u']) {
    await screen.press(key);
    await screen.waitFor((f) => f.includes('read-only (--read-only)'));
    await screen.press(KEYS.escape);
  }
  assert.equal(adjuster.writes.length, 0);
  await screen.press('?');
  await screen.waitFor((f) => f.includes('oom_score_adj is never written'));
});

test('a write the kernel will refuse says so in the preview; Enter refuses it at once, without the -1000 question', async () => {
  // Not root, without CAP_SYS_RESOURCE: another user's process cannot be opened, and lowering below 0 is refused.
  const kernel = new FakeKernel(1000);
  kernel.add({ pid: 1234, comm: 'mysqld', starttime: 12340, owner: 27 });
  kernel.add({ pid: 3000, comm: 'bash', starttime: 30000, owner: 1000 });
  kernel.openAdj = () => assert.fail('a foreseen refusal never opens the file');
  const session = new AdjustmentSession({ files: kernel, readOnly: false, appendLog: null, now: () => new Date(0), myUid: 1000, hasCapSysResource: false });
  const theirs = { ...mysqld, uid: 27, user: 'mysql' };
  const mine = { ...shell, uid: 1000, user: 'ann' };
  harness = renderApp({ source: scriptedSource(snapshotOf([theirs, worker, mine])), host: HOST, intervalMs: 40, color: false, adjuster: session }, 100, 30);
  const screen = harness;
  await screen.waitFor((f) => f.includes('mysqld'));
  await screen.press('e');
  const preview = await screen.waitFor((f) => f.includes('adj 0 → 500'));
  assert.match(preview.replace(/\s+/g, ' '), /the kernel will refuse it: mysqld \(1234\) is not your process \(owned by uid 27\): only its owner or root may change it; Enter writes nothing/);
  await screen.press(KEYS.enter);
  await screen.waitFor((f) => !f.includes('adj 0 → 500') && f.includes('is not your process'));

  await screen.press(KEYS.end, '=', '-', '1', '0', '0', '0');
  const typed = await screen.waitFor((f) => f.includes('adj 0 → -1000'));
  assert.match(typed.replace(/\s+/g, ' '), /the kernel will refuse it: cannot lower bash \(3000\) to -1000: .*CAP_SYS_RESOURCE: run as root; Enter writes nothing/);
  await screen.press(KEYS.enter);
  const refused = await screen.waitFor((f) => !f.includes('adj 0 → -1000'));
  assert.doesNotMatch(refused, /Confirm with y|unkillable/, 'no -1000 question for a write that cannot happen');
  assert.match(refused.replace(/\s+/g, ' '), /cannot lower bash \(3000\) to -1000/);
  // Raising one's own process is allowed: no warning, and Enter writes.
  kernel.openAdj = FakeKernel.prototype.openAdj.bind(kernel);
  await screen.press('e');
  const raise = await screen.waitFor((f) => f.includes('adj 0 → 500'));
  assert.doesNotMatch(raise, /will refuse/);
  await screen.press(KEYS.enter);
  await screen.waitFor((f) => f.includes('oom_score_adj 0 → 500'));
  assert.deepEqual(kernel.writes, [{ pid: 3000, value: 500 }]);
});

test('the result line after a write and the help say where the log is; the log says who', async () => {
  const kernel = new FakeKernel(0);
  kernel.add({ pid: 1234, comm: 'mysqld', starttime: 12340 });
  const log: string[] = [];
  const logPath = '/root/.local/state/oomlens/adjustments.log';
  const actor = { user: 'root', sudoUser: 'ann' };
  const session = new AdjustmentSession({ files: kernel, readOnly: false, appendLog: (line) => log.push(line), logPath, actor, now: () => new Date(0), myUid: 0 });
  const screen = start(session);
  await screen.waitFor((f) => f.includes('mysqld'));
  await screen.press('e', KEYS.enter);
  await screen.waitFor((f) => f.includes(`logged in ${logPath}`));
  assert.match(log[0] ?? '', /set pid=1234 .* adj=0->500 by="root" sudo_user="ann"$/);
  await screen.press('?');
  const help = await screen.waitFor((f) => f.includes('Esc, ? or Enter'));
  assert.match(help, /^steering: each change and each refused write is logged, with who and when, in *\n {2}\/root\/\.local\/state\/oomlens\/adjustments\.log *$/m);
});
