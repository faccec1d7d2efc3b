// Kills attributed from real log lines (test/fixtures/killers/logs/, each file names its source): every
// earlyoom kill format since v1.2, systemd-oomd's "Killed"/"Marked" lines and PID 1's echo, nohang's
// multi-line actions, the kubelet's eviction lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attributeKills, createKillAttributor } from '../../src/killers/logs/attribution.js';
import { earlyoomKillFromLine } from '../../src/killers/logs/earlyoom.js';
import { kubeletKillsFromLine } from '../../src/killers/logs/kubelet.js';
import { nohangKillFromLine } from '../../src/killers/logs/nohang.js';
import { oomdKillFromLine } from '../../src/killers/logs/oomd.js';
import { fixtureText } from '../helpers/fixtures.js';

const lines = (name: string): string[] => fixtureText('killers', 'logs', name).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
const brief = (name: string) => attributeKills(lines(name)).map((kill) => [kill.killer, kill.pid, kill.name, kill.signal]);

test('earlyoom: one kill per "sending"/"Killing" line, every format since v1.2, comm with a space kept', () => {
  assert.deepEqual(brief('earlyoom-1.9-issue-373.txt'), [['earlyoom', 997, 'my-process-name', 'SIGTERM']]);
  assert.deepEqual(brief('earlyoom-1.8-issue-344.txt'), [['earlyoom', 1024668, 'Web Content', 'SIGTERM']]);
  assert.deepEqual(brief('earlyoom-1.4-1.7-issue-309.txt'), [['earlyoom', 29410, 'cluster', 'SIGTERM'], ['earlyoom', 11567, 'electron', 'SIGTERM']]);
  assert.deepEqual(brief('earlyoom-1.3-issue-131.txt'), [['earlyoom', 12006, 'python3', 'SIGTERM']]);
  assert.deepEqual(brief('earlyoom-2019-issue-121.txt'), [['earlyoom', 27541, 'bash', 'SIGTERM']]);
  assert.deepEqual(brief('earlyoom-1.2-issue-88.txt'), [['earlyoom', 5874, 'bash', 'SIGTERM']]);
});

test('earlyoom: the "low memory!" line before a kill gives its reason, in any of its formats', () => {
  assert.equal(attributeKills(lines('earlyoom-1.8-issue-344.txt'))[0]?.reason, "mem avail ≤ 10.00% and swap free ≤ 10.00% (earlyoom's SIGTERM limits)");
  assert.equal(attributeKills(lines('earlyoom-1.3-issue-131.txt'))[0]?.reason, "mem avail ≤ 50.00% and swap free ≤ 10.00% (earlyoom's SIGTERM limits)");
  assert.equal(attributeKills(lines('earlyoom-1.2-issue-88.txt'))[0]?.reason, "mem avail ≤ 10.00% and swap free ≤ 10.00% (earlyoom's SIGTERM limits)");
  // Alone, a line still names the kill; the reason is then the general one.
  assert.equal(earlyoomKillFromLine(lines('earlyoom-1.9-issue-373.txt')[0]!)?.reason, "mem avail and swap free at or below earlyoom's SIGTERM limits");
  assert.equal(earlyoomKillFromLine('mem avail:  2051 of 20537 MiB ( 9.99%), swap free:    0 of  975 MiB ( 0.01%)'), null);
});

test('earlyoom --dryrun: a kill line followed by "dryrun, not actually sending any signal" is no kill', () => {
  const dry = lines('earlyoom-1.7-debian-dryrun.txt');
  assert.deepEqual(attributeKills(dry), []);
  assert.deepEqual([earlyoomKillFromLine(dry[8]!)?.pid, earlyoomKillFromLine(dry[8]!)?.signal], [20698, 'SIGKILL']);
  // Without its dry-run notice the same kill line is a kill, its reason from the line before.
  const real = attributeKills(dry.slice(0, 9));
  assert.deepEqual(real.map((kill) => [kill.pid, kill.name, kill.reason]), [[20698, 'oomlens-bait', "mem avail ≤ 99.00% and swap free ≤ 100.00% (earlyoom's SIGKILL limits)"]]);
  // Held one line: the kill is released by the next line, or by flush() at the end.
  const attributor = createKillAttributor();
  assert.deepEqual(attributor.push(lines('earlyoom-1.9-issue-373.txt')[0]!), []);
  assert.equal(attributor.flush()[0]?.pid, 997);
});

test('systemd-oomd: "Marked … for killing" (master) and PID 1\'s echo counted once; a line cut by journalctl still counts', () => {
  const marked = attributeKills(lines('oomd-master-pr-42321.txt'));
  assert.deepEqual(marked.map((kill) => [kill.killer, kill.cgroup, kill.signal]), [['systemd-oomd', '/system.slice/systemd-journald.service', 'SIGKILL']]);
  assert.equal(marked[0]?.reason, 'memory pressure (full avg10) of /system.slice 85.03% > 80.00% for > 2s with reclaim activity');
  const cut = attributeKills(lines('oomd-249-pr-20690.txt'));
  assert.deepEqual(cut.map((kill) => kill.name), ['testsuite-55-testbloat.service']);
  assert.match(cut[0]?.reason ?? '', /cut off/);
  // PID 1's line alone (systemd-oomd's own lines filtered out) names the unit.
  assert.equal(oomdKillFromLine(lines('oomd-249-pr-20690.txt')[4]!)?.name, 'testsuite-55-testbloat.service');
});

test('systemd-oomd: the service manager\'s line may come first, or read "some"; either way one kill', () => {
  // PR #42321's lines with the manager's line moved just before systemd-oomd's own (journals of user
  // managers show that order), and its count written "some" (what it prints when it has no count).
  const pr = lines('oomd-master-pr-42321.txt');
  const echo = pr[6]!.replace('killed 1 process(es)', 'killed some process(es)');
  const kills = attributeKills([...pr.slice(0, 5), echo, pr[5]!]);
  assert.deepEqual(kills.map((kill) => [kill.cgroup, kill.name]), [['/system.slice/systemd-journald.service', 'systemd-journald.service']]);
  // With no systemd-oomd line near it, the manager's line is the kill.
  assert.deepEqual(attributeKills([echo]).map((kill) => [kill.name, kill.reason]), [['systemd-journald.service', 'systemd-oomd killed some process(es) in this unit']]);
});

test('systemd-oomd: the swap rule (251+ with memory, 247–250 swap only); a dry run is no kill', () => {
  const kills = attributeKills(lines('oomd-252-formats.txt'));
  assert.deepEqual(kills.map((kill) => kill.cgroup), ['/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-2504.scope', '/system.slice/httpd.service']);
  assert.equal(kills[0]?.reason, 'memory used 97.76% and swap used 90.00% both more than 90.00% (SwapUsedLimit)');
  assert.equal(kills[1]?.reason, 'swap used 90.00% more than 90.00% (SwapUsedLimit)');
});

test('nohang: the victim and reason lines before the action make one kill; the stats block adds none', () => {
  const kills = attributeKills([...lines('nohang-issue-132.txt'), 'Implementing a corrective action:', '  Sending SIGTERM to the victim', 'What happened in the last 2 min:', '  [ OK ] Sending SIGTERM to mysqld: 1']);
  assert.deepEqual(kills.map((kill) => [kill.pid, kill.name, kill.signal]), [[903309, 'mysqld', 'SIGTERM']]);
  assert.equal(kills[0]?.reason, 'MemAvailable [383 MiB, 5.0 %] <= soft_threshold_min_mem [384 MiB, 5.0 %]; SwapFree [104 MiB, 5.1 %] <= soft_threshold_min_swap [205 MiB, 10.0 %]');
  // 2019: "Send SIGTERM to the victim; total response time" with no victim line in the quote.
  assert.deepEqual(brief('nohang-2019-issue-20.txt'), [['nohang', null, null, 'SIGTERM']]);
  // A soft action runs a command instead of a signal; the rechecked memory status replaces the first.
  const soft = attributeKills(lines('nohang-2019-issue-56.txt'));
  assert.deepEqual(soft.map((kill) => [kill.pid, kill.name, kill.signal]), [[12297, 'tail', null]]);
  assert.match(soft[0]?.reason ?? '', /SwapFree \[2163 MiB.*ran "kill -TERM 12297" instead of SIGTERM/);
  assert.equal(nohangKillFromLine('  [ OK ] Sending SIGTERM to mysqld: 1'), null);
});

test('kubelet: one kill per evicted pod, the repeated "waiting" line not counted again; reason from "attempting to reclaim"', () => {
  assert.deepEqual(brief('kubelet-issue-132001.txt'), [['kubelet', null, 'sre/infras-logstash-d484d57fc-rkx95', null]]);
  const kills = attributeKills(lines('kubelet-formats.txt'));
  assert.deepEqual(kills.map((kill) => [kill.name, kill.reason]), [
    ['default/nginx', 'node low on memory (kubelet eviction threshold met)'],
    ['default/stress-ng', 'node low on memory (kubelet eviction threshold met)'],
  ]);
  // The "waiting" line alone (older logs keep only it) still reports its pods.
  assert.deepEqual(kubeletKillsFromLine(lines('kubelet-formats.txt')[5]!).map((kill) => kill.name), ['default/stress-ng']);
});

test('hostile names stay visible but inert: control characters escaped', () => {
  const kill = earlyoomKillFromLine('sending SIGTERM to process 66 uid 0 "\x1b]0;pwned\x07": oom_score 900, oom_score_adj 0, VmRSS 1 MiB, cmdline ""');
  assert.equal(kill?.name, '\\e]0;pwned\\a');
});
