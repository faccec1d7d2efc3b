// OOMs that end in something other than a kill (issue 14, item 5), and OOMs confined to a cpuset or a memory
// policy, on real reports: the verdict names the setting or the state that caused it, the JSON says the
// outcome, `explain` counts panics and no-kills, and the reader sees these reports in transports and pastes
// that used to hide them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { runExplain } from '../../src/cli/explain.js';
import { renderReport } from '../../src/oom/explain-render.js';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { toReportJson } from '../../src/oom/report-json.js';
import type { OomReport } from '../../src/oom/types.js';
import { fixturePath, oomFixture } from '../helpers/fixtures.js';

function only(name: string): OomReport {
  const reports = parseOomReports(oomFixture(name));
  assert.equal(reports.length, 1, name);
  const [report] = reports;
  assert.ok(report !== undefined);
  return report;
}

function finding(report: OomReport, id: string): string {
  const text = report.findings.find((candidate) => candidate.id === id)?.text;
  assert.ok(text !== undefined, `no ${id} in ${report.findings.map((candidate) => candidate.id).join(', ')}`);
  return text;
}

test('vm.panic_on_oom=2 after a full report: a panic of its own, named, and confined by the zones', () => {
  const report = only('panic-compulsory-3.10-memcg-path-dmesg.txt');
  assert.equal(report.outcome, 'panic');
  assert.equal(report.panicCause, 'panic_on_oom=2');
  assert.deepEqual(report.victims, []);
  const text = finding(report, 'panic-on-oom');
  assert.match(text, /^vm\.panic_on_oom=2 \("compulsory"\)/);
  // Every zone was far above min (Normal: 25407776kB free, min 63728kB): the OOM was not the machine's.
  assert.match(text, /This OOM was confined/);
  assert.equal(report.kernelRelease, '3.10.0-229.42.1.105.x86_64', 'the release after a RHEL taint string with dashes');
  assert.match(renderReport(report, 1), /^ {2}Panic {4}the kernel panicked: vm\.panic_on_oom=2 \(compulsory\) — what ran out is not in this log$/m);
});

test('vm.panic_on_oom=1 from a bare console panic: the setting, and the task panic() names', () => {
  const report = only('panic-system-wide-5.14-sle-crash-dmesg.txt');
  assert.equal(report.panicCause, 'panic_on_oom=1');
  assert.equal(report.headerMissing, true);
  assert.deepEqual([report.trigger.name, report.trigger.pid, report.kernelRelease], ['memeater', 2272, '5.14.21-150400.24.97-default']);
  assert.match(finding(report, 'panic-on-oom'), /^vm\.panic_on_oom=1 \("system-wide"\)/);
  assert.doesNotMatch(finding(report, 'panic-on-oom'), /confined/);
  assert.match(renderReport(report, 1), /Trigger {2}not in this log: only the end of the report was kept; memeater \(pid 2272\) was allocating/);
});

test('SysRq-f on 3.16 with panic_on_oom=2 panicked too: manual, compulsory, and the kworker from panic()', () => {
  const report = only('panic-compulsory-3.16-debian-sysrq-console.txt');
  assert.deepEqual([report.manual, report.outcome, report.panicCause], [true, 'panic', 'panic_on_oom=2']);
  assert.match(finding(report, 'manual-oom'), /^Someone asked for this OOM by hand/);
});

test('System is deadlocked on memory: the protected tasks that left nothing to kill, and gentle protection', () => {
  const report = only('deadlock-fragment-sgx-quoted-mail.txt');
  assert.deepEqual([report.outcome, report.panicCause, report.noKillableProcess], ['panic', 'no-killable-process', true]);
  const text = finding(report, 'no-killable-process');
  assert.match(text, /kernel panicked \("System is deadlocked on memory"\)/);
  assert.match(text, /1 task in the table is protected with oom_score_adj -1000 and can never be chosen: systemd-udevd \(pid 195\)\./);
  assert.match(text, /The remaining 1 task could not be chosen either/); // test_sgx, already the victim
  assert.match(text, /Protect gently .* never absolutely\.$/);
  assert.ok(!report.findings.some((candidate) => candidate.id === 'panic-on-oom'), 'not a panic_on_oom panic');
});

test('a memcg OOM with no candidate does not panic: no-kill, and the report says why it cannot tell who', () => {
  const reports = parseOomReports(oomFixture('memcg-no-kill-5.0rc-snipped-burst-mail.txt'));
  assert.deepEqual(
    reports.map((report) => report.outcome),
    ['kill', 'kill', 'kill', 'kill', 'no-kill', 'no-kill'],
  );
  const stuck = reports[4];
  assert.ok(stuck !== undefined);
  assert.equal(stuck.panicCause, null);
  const text = finding(stuck, 'no-killable-process');
  assert.match(text, /^No process in the cgroup \/test1 could be killed: the charge fails/);
  assert.match(text, /no task table, so it does not show which processes were protected/);
  assert.match(renderReport(stuck, 5), /^ {2}No kill {2}the kernel found no killable process — cgroup OOM in \/test1$/m);
  assert.equal(reports[0]?.victims[0]?.uid, -2, 'uid=-2 in the oom-kill summary');
});

test('CONSTRAINT_CPUSET and CONSTRAINT_MEMORY_POLICY: a set of nodes ran out, not the box', () => {
  const cpuset = only('cpuset-5.8-opensuse-indented-mail.txt');
  assert.deepEqual([cpuset.cpuset, cpuset.memsAllowed], ['docker-9976a269caec812c134fa317f27487ee36e1129beba7278a463dd53e5fb9997b.scope', '4']);
  assert.match(finding(cpuset, 'cpuset-oom'), /cpuset docker-9976a269.*\.scope \(nodes 4\) ran out of memory, not the whole machine/);
  assert.ok(!cpuset.findings.some((candidate) => candidate.id === 'global-oom'));
  const policy = only('mempolicy-5.18rc-patched-nrss-column-mail.txt');
  assert.deepEqual([policy.nodemask, policy.memsAllowed], ['1', '0-2']);
  assert.match(finding(policy, 'mempolicy-oom'), /limited the allocation to node\(s\) 1, and those ran out/);
  assert.match(renderReport(policy, 1), /— mempolicy OOM \(nodes 1\)$/m);
  const wrapped = only('cpuset-fragment-flowed-wrap-mixed-mail.txt');
  assert.match(renderReport(wrapped, 1), /— cpuset OOM in test \(nodes 0\)$/m);
});

test('explain --json: every report says its outcome', () => {
  const outcomes = ['panic-system-wide-5.14-sle-crash-dmesg.txt', 'memcg-no-kill-5.0rc-snipped-burst-mail.txt', 'real-memcg-v1-6.18-dmesg-x.txt'].flatMap(
    (name) => parseOomReports(oomFixture(name)).map((report) => toReportJson(report).outcome),
  );
  assert.deepEqual(outcomes, ['panic', 'kill', 'kill', 'kill', 'kill', 'no-kill', 'no-kill', 'kill']);
});

test('explain counts the OOMs that ended in a panic or killed nobody', async () => {
  const chunks: string[] = [];
  const stdout = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const source = fixturePath('oom', 'memcg-no-kill-5.0rc-snipped-burst-mail.txt');
  const code = await runExplain({ source, json: false }, { stdout, stderr: stdout, stdin: Readable.from(['']) });
  assert.equal(code, 0);
  assert.match(chunks.join(''), /2 OOMs found no process to kill\.\n$/);
});
