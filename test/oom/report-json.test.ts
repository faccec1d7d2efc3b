// The explain --json projection of a parsed report: every victim and trigger field the parser fills is in
// the JSON, the task table keeps its documented columns, the memory state is whole, the raw lines stay out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOomReports } from '../../src/oom/report-assembler.js';
import { toReportJson } from '../../src/oom/report-json.js';
import { oomFixture } from '../helpers/fixtures.js';

test('report JSON: the victim and the trigger whole, in the parser\'s field order; eight task columns out of twelve', () => {
  const [report] = parseOomReports(oomFixture('real-memcg-v1-6.18-kmsg.txt'));
  assert.ok(report !== undefined && report.victims[0] !== undefined && report.tasks[0] !== undefined);
  const json = toReportJson(report);
  assert.deepEqual(Object.keys(json), [
    'scope', 'outcome', 'manual', 'memcg', 'taskMemcg', 'constraint', 'timestamp', 'trigger', 'victims', 'tasks', 'findings',
    'wallTime', 'wallTimeApproximate', 'wallTimeSource', 'uptimeSeconds', 'kernelRelease', 'memory', 'panicCause', 'cpuset',
    'memsAllowed', 'nodemask', 'groupKill', 'headerMissing', 'noKillableProcess', 'taskTableSeen', 'tasksOmitted',
  ]);
  assert.deepEqual(json.memory, report.memory, 'the memory section the text shows: cgroup counters, swap, zones');
  assert.deepEqual(json.victims[0], report.victims[0]);
  assert.deepEqual(Object.keys(json.victims[0]!), Object.keys(report.victims[0]), 'no victim field is left behind, none reordered');
  assert.deepEqual(Object.keys(json.trigger), Object.keys(report.trigger));
  assert.deepEqual(Object.keys(json.tasks[0]!), ['pid', 'uid', 'tgid', 'totalVmPages', 'rssPages', 'swapEntries', 'oomScoreAdj', 'name']);
  assert.notEqual(report.tasks[0].rssAnonPages, null, 'the 6.x table has the split; the contract does not carry it yet');
  assert.deepEqual(json.findings, report.findings);
});
