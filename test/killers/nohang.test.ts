// nohang's config and forecast. The configs are nohang's shipped ones (test/fixtures/killers/nohang/,
// hakavlad/nohang 1d49838). The scene is the log in nohang issue #132 (2023-08-10,
// https://github.com/hakavlad/nohang/issues/132): "MemAvailable [383 MiB, 5.0 %] <= soft_threshold_min_mem
// [384 MiB, 5.0 %]", "SwapFree [104 MiB, 5.1 %] <= soft_threshold_min_swap [205 MiB, 10.0 %]" and its
// "TOP-9 tasks by badness": mysqld 903309 849, monit 7469 17, vmagent 329736 5, ... → "process with highest
// badness: PID: 903309, name: mysqld, badness: 849". With no badness rules, badness is oom_score.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memThresholdKb, nohangConfigPath, parseNohangConfig, swapThresholdKb } from '../../src/killers/nohang-config.js';
import { forecastNohang, nohangBadness, nohangRanking } from '../../src/killers/nohang-forecast.js';
import type { BoxMemory, CandidateProcess } from '../../src/killers/types.js';
import { fixtureText } from '../helpers/fixtures.js';

const SERVER = parseNohangConfig(fixtureText('killers', 'nohang', 'nohang.conf.in'));
const DESKTOP = parseNohangConfig(fixtureText('killers', 'nohang', 'nohang-desktop.conf.in'));

test('nohang.conf: soft 5 % / 10 %, hard 2 % / 4 %, no PSI, no rules, nothing nohang would refuse', () => {
  assert.deepEqual([SERVER.softMinMem, SERVER.softMinSwap, SERVER.hardMinMem, SERVER.hardMinSwap], [
    { value: 5, unit: '%' }, { value: 10, unit: '%' }, { value: 2, unit: '%' }, { value: 4, unit: '%' },
  ]);
  assert.deepEqual([SERVER.psiCheckingEnabled, SERVER.ignorePositiveOomScoreAdj, SERVER.minBadness, SERVER.badnessRules], [false, false, 1, []]);
  assert.deepEqual(SERVER.errors, []);
});

test('nohang-desktop.conf: indented comment blocks skipped, PSI on, @BADNESS_ADJ_RE_NAME rules read', () => {
  assert.deepEqual(DESKTOP.errors, []);
  assert.equal(DESKTOP.psiCheckingEnabled, true);
  assert.deepEqual(DESKTOP.badnessRules.filter((rule) => rule.field === 'NAME'), [
    { field: 'NAME', adj: 200, pattern: '^(Web Content|Privileged Cont|file:// Content)$' },
    { field: 'NAME', adj: -200, pattern: '^(dnf|yum|packagekitd)$' },
  ]);
  assert.ok(DESKTOP.badnessRules.some((rule) => rule.field === 'REALPATH'));
});

test('what nohang refuses: a duplicated key, a missing one', () => {
  const duplicated = parseNohangConfig(`${fixtureText('killers', 'nohang', 'nohang.conf.in')}\nmin_badness = 5\n`);
  assert.deepEqual(duplicated.errors, ['config key duplication: min_badness']);
  assert.ok(parseNohangConfig('soft_threshold_min_mem = 5 %\n').errors.includes('hard_threshold_min_mem not in config'));
});

test('thresholds in KiB: % of MemTotal / SwapTotal; "M" is MiB for memory but read as KiB for swap', () => {
  assert.equal(memThresholdKb({ value: 5, unit: '%' }, 7_864_320), 393_216); // 384 MiB, as issue #132 prints
  assert.equal(swapThresholdKb({ value: 10, unit: '%' }, 2_099_200), 209_920); // 205 MiB
  assert.equal(memThresholdKb({ value: 300, unit: 'M' }, 0), 307_200);
  assert.equal(swapThresholdKb({ value: 300, unit: 'M' }, 2_099_200), 300);
  assert.deepEqual(parseNohangConfig('soft_threshold_min_mem = 2.5M\n').softMinMem, { value: 2.5, unit: 'M' });
});

const proc = (pid: number, name: string, oomScore: number, extra: Partial<CandidateProcess> = {}): CandidateProcess =>
  ({ pid, name, cmdline: name, oomScore, oomScoreAdj: 0, rssKb: 1000, kernelThread: false, ...extra });
const ISSUE_132 = [proc(903309, 'mysqld', 849), proc(7469, 'monit', 17), proc(329736, 'vmagent', 5), proc(7217, 'metricbeat', 4), proc(3352, 'ssm-agent-worke', 1), proc(2, 'kthreadd', 0, { kernelThread: true })];

test('issue #132: at 383 MiB available and 104 MiB of swap free the soft pair holds: SIGTERM to mysqld now', () => {
  const box: BoxMemory = { totalKb: 7_864_320, availableKb: 383 * 1024, swapTotalKb: 2_099_200, swapFreeKb: 104 * 1024 };
  const forecast = forecastNohang(SERVER, box, { availableKbPerSec: null, swapFreeKbPerSec: null }, ISSUE_132, 1234);
  assert.deepEqual([forecast.etaSeconds, forecast.signal, forecast.victims], [0, 'SIGTERM', [{ pid: 903309, name: 'mysqld' }]]);
  // 1 MiB more of each and it does not act; at a falling slope it will.
  const above: BoxMemory = { ...box, availableKb: 400 * 1024 };
  assert.equal(forecastNohang(SERVER, above, { availableKbPerSec: null, swapFreeKbPerSec: -10 }, ISSUE_132, 1234).etaSeconds, null);
  assert.equal(forecastNohang(SERVER, above, { availableKbPerSec: -1024, swapFreeKbPerSec: 0 }, ISSUE_132, 1234).etaSeconds, 16);
});

test('badness: positive rules only for oom_score_adj ≥ 0, negative always, floor 0; ignore_positive_oom_score_adj', () => {
  assert.equal(nohangBadness(proc(10, 'Web Content', 700), DESKTOP), 900);
  assert.equal(nohangBadness(proc(11, 'Web Content', 700, { oomScoreAdj: -100 }), DESKTOP), 700);
  assert.equal(nohangBadness(proc(12, 'dnf', 150), DESKTOP), 0);
  const ignoring = { ...SERVER, ignorePositiveOomScoreAdj: true };
  assert.equal(nohangBadness(proc(13, 'chrome', 1000, { oomScoreAdj: 300 }), ignoring), 800);
  assert.deepEqual(nohangRanking(DESKTOP, [proc(20, 'firefox', 800), proc(21, 'Web Content', 700)], null).map((v) => v.pid), [21, 20]);
  // Under min_badness nobody is chosen; nohang never picks itself or pid 1.
  assert.deepEqual(nohangRanking({ ...SERVER, minBadness: 900 }, ISSUE_132, null), []);
  assert.deepEqual(nohangRanking(SERVER, [proc(1, 'systemd', 5), proc(50, 'nohang', 40)], 50), []);
});

test('--config path from the argv nohang.service runs', () => {
  assert.equal(nohangConfigPath(['/usr/sbin/nohang', '--monitor', '--config', '/etc/nohang/nohang.conf']), '/etc/nohang/nohang.conf');
  assert.equal(nohangConfigPath(['nohang', '--monitor']), null);
});
