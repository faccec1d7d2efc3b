import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Sampler } from '../../src/model/sampling/sampler.js';
import { CAPTURED_TREE_SCAN } from '../../src/model/sampling/scan-policy.js';
import { openProcessFiles } from '../../src/procfs/pid/open-process-files.js';
import type { ProcessFiles } from '../../src/procfs/pid/process-files.js';
import { rootsUnder } from '../../src/procfs/roots.js';
import { createSampler } from '../../src/runtime/sampling.js';
import { fixturePath } from '../helpers/fixtures.js';
import { NO_SYSTEM_FILES, fakeClock } from '../helpers/sampler-fakes.js';

const TREE = fixturePath('proc-basic');

function treeSampler(dir: string, processes?: (files: ProcessFiles) => ProcessFiles) {
  const roots = rootsUnder(dir);
  const sampler = createSampler({ roots, passwdPath: join(dir, 'etc', 'passwd'), clock: fakeClock(), intervalMs: 1000 });
  if (!processes) return sampler;
  // Rebuild with a wrapped process reader, same system readers.
  const base = openProcessFiles(roots);
  return new Sampler({
    processes: processes(base),
    system: NO_SYSTEM_FILES,
    userName: (uid) => String(uid),
    clock: fakeClock(),
    pageSize: 4096,
    intervalMs: 1000,
    policy: CAPTURED_TREE_SCAN,
  });
}

test('sampler on the fixture tree: every process, ranked by oom_score, with memory and identity', () => {
  const snapshot = treeSampler(TREE).sample();
  // Score desc; equal scores by RSS desc (php-fpm 4242 before 4243; init before sshd); no RSS (kernel
  // threads) last, by pid.
  assert.deepEqual(
    snapshot.processes.map((p) => p.pid),
    [1234, 4242, 4243, 888, 889, 990, 1, 701, 2, 57],
  );
  const mysqld = snapshot.processes[0]!;
  assert.equal(mysqld.name, 'mysqld');
  assert.equal(mysqld.user, 'mysql');
  assert.equal(mysqld.oomScore, 1231);
  assert.equal(mysqld.rssKb, 7549747);
  assert.equal(mysqld.swapKb, 81920);
  assert.equal(mysqld.cgroup, '/system.slice/mysql.service');
  assert.equal(mysqld.cgroupLabel, 'mysql.service');
  assert.equal(mysqld.key, '1234:5000');
  assert.equal(mysqld.cmdline, '/usr/sbin/mysqld --datadir=/var/lib/mysql');
  assert.equal(snapshot.oomKills, 4);
  assert.deepEqual(snapshot.memory, { totalKb: 8046432, freeKb: 201344, availableKb: 317440, swapTotalKb: 2097148, swapFreeKb: 0 });
  assert.equal(snapshot.uptimeSeconds, 1047600.12);
});

test('sampler: kernel threads are flagged, have null memory, and rank with score 0', () => {
  const snapshot = treeSampler(TREE).sample();
  const kthreadd = snapshot.processes.find((p) => p.pid === 2)!;
  assert.equal(kthreadd.kernelThread, true);
  assert.equal(kthreadd.rssKb, null);
  assert.equal(snapshot.processes.find((p) => p.pid === 57)?.kernelThread, true);
  assert.equal(snapshot.processes.find((p) => p.pid === 1)?.kernelThread, false);
});

test('sampler: hostile comm, cmdline and cgroup text is sanitised; a pre-4.5 status gives null splits', () => {
  const snapshot = treeSampler(TREE).sample();
  const evil = snapshot.processes.find((p) => p.pid === 888)!;
  assert.equal(evil.name, 'evil) (x 1 2');
  assert.equal(evil.cmdline, './evil \\e]0;pwned\\a');
  assert.equal(snapshot.processes.find((p) => p.pid === 889)?.name, 'two\\nlines');
  assert.equal(snapshot.processes.find((p) => p.pid === 889)?.cgroupLabel, '0123456789ab');
  const old = snapshot.processes.find((p) => p.pid === 990)!;
  assert.equal(old.rssKb, 3000);
  assert.equal(old.rssAnonKb, null);
  assert.equal(old.user, '1001', 'a uid missing from passwd is shown as the number');
  for (const p of snapshot.processes) assert.doesNotMatch(JSON.stringify(p), /\\u001b|\\u0007/);
});

test('sampler: a pid listed by readdir but gone before its files are read is skipped', () => {
  let statReads = 0;
  const sampler = treeSampler(TREE, (files) => ({
    ...files,
    // 31337 is listed but has no directory; 4243 vanishes between stat and status.
    listPids: () => [...files.listPids(), 31337],
    status: (pid) => (pid === 4243 ? null : files.status(pid)),
    stat: (pid) => {
      statReads++;
      return files.stat(pid);
    },
  }));
  const snapshot = sampler.sample();
  const pids = snapshot.processes.map((p) => p.pid);
  assert.ok(!pids.includes(31337));
  assert.ok(!pids.includes(4243));
  assert.ok(pids.includes(4242));
  assert.equal(statReads, 11);
  assert.equal(sampler.trackedCount, 9, 'the vanished processes are swept, not tracked');
});

test('sampler: a reused pid (new starttime) gets a new key; the old one is swept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-tree-'));
  try {
    cpSync(TREE, dir, { recursive: true });
    const sampler = treeSampler(dir);
    const first = sampler.sample().processes.find((p) => p.pid === 4242)!;
    assert.equal(first.key, '4242:6000');
    const stat = join(dir, 'proc', '4242', 'stat');
    writeFileSync(stat, `4242 (newcomer) S 1 4242 4242 0 -1 4194560 ${'0 '.repeat(12)}9999 1 1 ${'0 '.repeat(28)}0\n`);
    writeFileSync(join(dir, 'proc', '4242', 'cmdline'), 'newcomer\0');
    const second = sampler.sample().processes.find((p) => p.pid === 4242)!;
    assert.equal(second.key, '4242:9999');
    assert.equal(second.name, 'newcomer');
    assert.equal(second.cmdline, 'newcomer', 'cmdline is re-read for the new process, not inherited');
    assert.equal(sampler.trackedCount, 10);
    rmSync(join(dir, 'proc', '4242'), { recursive: true });
    const third = sampler.sample();
    assert.equal(third.processes.find((p) => p.pid === 4242), undefined);
    assert.equal(sampler.trackedCount, 9);
    assert.equal(third.seq, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sampler: a kernel without oom_kill and without meminfo reports null, not 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-tree-'));
  try {
    cpSync(TREE, dir, { recursive: true });
    writeFileSync(join(dir, 'proc', 'vmstat'), 'pswpin 1\npswpout 2\n');
    rmSync(join(dir, 'proc', 'meminfo'));
    const snapshot = treeSampler(dir).sample();
    assert.equal(snapshot.oomKills, null);
    assert.equal(snapshot.memory, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sampler: the oom_kill counter rides on the snapshot, with the session baseline and the last rise', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-tree-'));
  const vmstat = (kills: number | null) =>
    writeFileSync(join(dir, 'proc', 'vmstat'), `pswpin 1\npswpout 2\n${kills === null ? '' : `oom_kill ${kills}\n`}`);
  try {
    cpSync(TREE, dir, { recursive: true });
    const clock = fakeClock();
    const sampler = createSampler({ roots: rootsUnder(dir), passwdPath: join(dir, 'etc', 'passwd'), clock, intervalMs: 1000 });
    vmstat(4);
    assert.deepEqual(sampler.sample().oomKillCounter, { value: 4, baseline: 4, lastIncreaseMs: null, lastIncrease: 0 });
    clock.advance(1000);
    vmstat(6);
    const rose = sampler.sample();
    assert.equal(rose.oomKills, 6, 'the raw value stays where --json reads it');
    assert.deepEqual(rose.oomKillCounter, { value: 6, baseline: 4, lastIncreaseMs: 1000, lastIncrease: 2 });
    clock.advance(1000);
    assert.deepEqual(sampler.sample().oomKillCounter, { value: 6, baseline: 4, lastIncreaseMs: 1000, lastIncrease: 2 }, 'a quiet tick keeps the last rise');
    vmstat(null);
    assert.equal(sampler.sample().oomKillCounter.value, null, 'a counter that cannot be read is null, not 0');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sampler on this machine: finds itself, with a real score and starttime', () => {
  const snapshot = createSampler({ roots: rootsUnder('/'), passwdPath: '/etc/passwd', intervalMs: 1000 }).sample();
  const self = snapshot.processes.find((p) => p.pid === process.pid);
  assert.ok(self, 'the test process is in the list');
  assert.ok((self.oomScore ?? -1) >= 0);
  assert.ok(self.starttime > 0);
  assert.ok((self.rssKb ?? 0) > 1000);
});

test('sampler over time: a steady leak gives an ETA and a GROW/m figure; a flat box gives neither', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-tree-'));
  try {
    cpSync(TREE, dir, { recursive: true });
    const clock = fakeClock();
    const sampler = createSampler({ roots: rootsUnder(dir), passwdPath: join(dir, 'etc', 'passwd'), clock, intervalMs: 1000 });
    const meminfo = join(dir, 'proc', 'meminfo');
    const status = join(dir, 'proc', '4242', 'status');
    const baseMeminfo = readFileSync(meminfo, 'utf8');
    const baseStatus = readFileSync(status, 'utf8');
    let snapshot = sampler.sample();
    for (let second = 1; second <= 40; second++) {
      clock.advance(1000);
      // MemAvailable falls 5 MiB/s from 317440 kB; php-fpm 4242 grows by the same.
      writeFileSync(meminfo, baseMeminfo.replace('317440', String(317440 - second * 5120)));
      writeFileSync(status, baseStatus.replace(/VmRSS:\s+\d+/, `VmRSS:\t${419840 + second * 5120}`));
      snapshot = sampler.sample();
    }
    const available = 317440 - 40 * 5120;
    assert.ok(snapshot.pressure.etaSeconds !== null);
    assert.ok(Math.abs(snapshot.pressure.etaSeconds - available / 5120) < 1, `eta ${snapshot.pressure.etaSeconds}`);
    const grower = snapshot.processes.find((p) => p.pid === 4242)!;
    assert.ok(Math.abs((grower.growthKbPerMin ?? 0) - 5120 * 60) < 1, `growth ${grower.growthKbPerMin}`);
    const flat = snapshot.processes.find((p) => p.pid === 4243)!;
    assert.equal(flat.growthKbPerMin, 0);
    assert.equal(snapshot.pressure.swapRates.outPagesPerSec, 0, 'the swap counters did not move');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
