// The forecast end to end over fixture trees: the real readers (readAllMemoryCgroups, readOomPolicy, the
// /proc readers) behind the real sampler, as createSampler wires them for --root, sampled at explicit times
// while the test rewrites the tree's usage files between samples. The trees and what in them is real are
// described in test/fixtures/cgroups/v2-nested/README.md, v1-memsw/README.md and oom-policy/README.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryCgroup } from '../../src/cgroupfs/memory-cgroup.js';
import { readAllMemoryCgroups, readCgroupPgscan } from '../../src/cgroupfs/memory-cgroups.js';
import { findMemoryHierarchies } from '../../src/cgroupfs/mounts.js';
import type { CgroupForecast } from '../../src/model/forecast/types.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { readOomPolicy } from '../../src/procfs/oom-policy.js';
import { rootsUnder } from '../../src/procfs/roots.js';
import { createSampler } from '../../src/runtime/sampling.js';
import { fixturePath } from '../helpers/fixtures.js';
import { fakeClock } from '../helpers/sampler-fakes.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dirs.js';

const MiB = 1024; // in KiB, the unit of every figure the readers give
const BYTES_PER_MIB = 1024 * 1024;
const V2 = fixturePath('cgroups', 'v2-nested');
const V1 = fixturePath('cgroups', 'v1-memsw');

// The v2 tree's processes (real /proc/PID files of perl processes; see the tree's README).
const LEAKER = { pid: 14027, name: 'leaker' };
const APP_MAIN = { pid: 14026, name: 'app-main' };
const CACHE = { pid: 14029, name: 'cache' };
const POSTGRES = { pid: 14030, name: 'postgres' };
// The v1 tree's: etl-worker holds 36 MiB in /oomlens-fx.slice/etl.service.
const ETL_WORKER = { pid: 12856, name: 'etl-worker' };

/** A writable copy of a fixture tree, with other trees (the sysctl fixtures) laid over it. */
function treeCopy(fixture: string, ...overlays: string[]): string {
  const dir = tempDir('oomlens-forecast-tree-');
  cpSync(fixture, dir, { recursive: true });
  for (const overlay of overlays) cpSync(overlay, dir, { recursive: true });
  return dir;
}

function cgroupFile(dir: string, version: 1 | 2, cgroup: string, file: string): string {
  return join(dir, 'sys', 'fs', 'cgroup', ...(version === 1 ? ['memory'] : []), cgroup, file);
}

function writeMiB(path: string, mib: number): void {
  writeFileSync(path, `${Math.round(mib * BYTES_PER_MIB)}\n`);
}

/**
 * Samples the tree once a second (by the sampler's clock, not by sleeping) for `seconds + 1` samples;
 * before sample i, `rewrite(i)` changes the tree as the kernel would have. Returns the last snapshot.
 */
function sampleOver(dir: string, seconds: number, rewrite: (i: number) => void, each?: (i: number, snapshot: Snapshot) => void): Snapshot {
  const clock = fakeClock();
  const sampler = createSampler({ roots: rootsUnder(dir), passwdPath: join(dir, 'etc', 'passwd'), clock, intervalMs: 1000 });
  let snapshot: Snapshot | null = null;
  for (let i = 0; i <= seconds; i++) {
    if (i > 0) clock.advance(1000);
    rewrite(i);
    snapshot = sampler.sample();
    each?.(i, snapshot);
  }
  sampler.close();
  return snapshot!;
}

/** The v2 leak: leaker (app.service/worker) grows 10 MiB/s; so do worker, app.service and app.slice. */
function v2Leak(dir: string) {
  return (i: number) => {
    writeMiB(cgroupFile(dir, 2, 'app.slice/app.service/worker', 'memory.current'), 150 + 10 * i);
    writeMiB(cgroupFile(dir, 2, 'app.slice/app.service', 'memory.current'), 190 + 10 * i);
    writeMiB(cgroupFile(dir, 2, 'app.slice', 'memory.current'), 260 + 10 * i);
  };
}

function cgroupOf(snapshot: Snapshot, path: string): MemoryCgroup {
  const found = snapshot.cgroups?.list.find((c) => c.path === path);
  assert.ok(found, `cgroup ${path} in the snapshot`);
  return found;
}

function forecastOf(snapshot: Snapshot, path: string): CgroupForecast {
  const found = snapshot.forecast.cgroups.find((c) => c.path === path);
  assert.ok(found, `forecast for ${path}`);
  return found;
}

function near(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 0.01, `${what}: ${actual}, expected ${expected}`);
}

test('v2 fixture through the reader: memory.high, memory.oom.group and memory.events as the kernel prints them', () => {
  const cgroups = readAllMemoryCgroups(rootsUnder(V2)).cgroups;
  const byPath = new Map(cgroups.map((c) => [c.path, c]));
  const service = byPath.get('/app.slice/app.service')!;
  assert.equal(service.limitKb, null, 'memory.max "max": no limit of its own');
  assert.equal(service.highKb, 300 * MiB);
  assert.equal(service.oomGroup, true);
  assert.deepEqual(
    { high: service.highEvents, oomGroupKills: service.oomGroupKills, oomKills: service.oomKills, local: service.oomKillsLocal },
    { high: 57, oomGroupKills: 1, oomKills: 2, local: 0 },
    'the two kills counted in main and worker, none in app.service itself',
  );
  const slice = byPath.get('/app.slice')!;
  assert.deepEqual(
    { limit: slice.limitKb, high: slice.highKb, group: slice.oomGroup, highEvents: slice.highEvents, max: slice.maxEvents, oom: slice.oomEvents, kills: slice.oomKills, local: slice.oomKillsLocal },
    { limit: 400 * MiB, high: null, group: false, highEvents: 57, max: 3, oom: 1, kills: 2, local: 0 },
  );
  assert.equal(byPath.get('/db.slice/db.service')!.limitKb, 200 * MiB);
  assert.ok(!byPath.has('/'), 'the v2 root has no memory.current');
});

test('v2 nested limits over successive samples: the parent is the wall, memory.high is not, the oom.group dies together', () => {
  const dir = treeCopy(V2);
  const snapshot = sampleOver(dir, 4, v2Leak(dir));
  const next = snapshot.forecast.nextKill;
  assert.ok(next !== null, 'a kill is forecast');
  assert.equal(next.scope, 'memcg');
  assert.equal(next.cgroup, '/app.slice');
  assert.equal(next.outcome, 'kill');
  // 300 MiB at the last sample, 10 MiB/s, memory.max 400 MiB: 10 s. memory.high (300 MiB on app.service,
  // 230 MiB used) would be crossed in 7 s, but crossing it throttles, it does not kill.
  near(next.etaSeconds, 10, 'eta');
  assert.equal(next.usageKb, 300 * MiB);
  assert.equal(next.limitKb, 400 * MiB);
  near(next.growthKbPerMin, 600 * MiB, 'growth');
  // The leaker tops the ranking inside app.slice; app.service's memory.oom.group takes app-main with it
  // (mem_cgroup_get_oom_group() stops at the domain, so cache.service is spared); worker-guard is at -1000.
  assert.deepEqual(next.victims, [LEAKER, APP_MAIN]);

  const worker = forecastOf(snapshot, '/app.slice/app.service/worker');
  assert.equal(worker.effectiveLimitKb, 400 * MiB, 'no limit of its own: app.slice\'s');
  assert.equal(worker.domainPath, '/app.slice');
  near(worker.etaSeconds, 10, 'worker eta');
  near(worker.growthKbPerMin, 600 * MiB, 'worker growth');
  assert.deepEqual(worker.nextVictims, [LEAKER, APP_MAIN]);
  const cache = forecastOf(snapshot, '/app.slice/cache.service');
  assert.equal(cache.effectiveLimitKb, 400 * MiB);
  assert.equal(cache.growthKbPerMin, 0, 'cache does not grow, yet its wall comes in 10 s');
  near(cache.etaSeconds, 10, 'cache eta');
  const db = forecastOf(snapshot, '/db.slice/db.service');
  assert.equal(db.effectiveLimitKb, 200 * MiB, 'its own 200 MiB, below db.slice\'s 1 GiB');
  assert.equal(db.etaSeconds, null, 'flat: no ETA');
  assert.deepEqual(db.nextVictims, [POSTGRES]);
  const session = forecastOf(snapshot, '/user.slice/session-1.scope');
  assert.equal(session.effectiveLimitKb, null, 'nothing limits user.slice');
  assert.deepEqual(session.nextVictims, []);

  const service = cgroupOf(snapshot, '/app.slice/app.service');
  assert.equal(service.highKb, 300 * MiB, 'the throttling line reaches the snapshot');
  assert.equal(service.highEvents, 57);
  assert.equal(cgroupOf(snapshot, '/app.slice').oomEvents, 1);
  assert.deepEqual(snapshot.policy, { panicOnOom: 0, oomKillAllocatingTask: false, overcommitMemory: 0 });
  assert.equal(snapshot.forecast.global.outcome, 'kill');
});

test('v2 global OOM: the victim\'s memory.oom.group dies with it too (the domain is the root)', () => {
  const dir = treeCopy(V2);
  const snapshot = sampleOver(dir, 1, v2Leak(dir));
  // mm/oom_kill.c oom_kill_process() asks mem_cgroup_get_oom_group() for every kill, global ones included
  // (oc->memcg NULL: the walk goes up to the root): leaker has the box's highest oom_score, 670.
  assert.deepEqual(snapshot.forecast.global.victims, [LEAKER, APP_MAIN]);
});

test('vm.panic_on_oom=1 from a /proc/sys fixture: a global OOM panics the box, a cgroup OOM still kills', () => {
  const overlay = fixturePath('oom-policy', 'panic-global');
  assert.equal(readOomPolicy(rootsUnder(overlay)).panicOnOom, 1);
  const dir = treeCopy(V2, overlay);
  const snapshot = sampleOver(dir, 4, v2Leak(dir));
  assert.equal(snapshot.policy.panicOnOom, 1);
  assert.equal(snapshot.forecast.global.outcome, 'panic');
  assert.deepEqual(snapshot.forecast.global.victims, [], 'the box panics: no victim');
  // check_panic_on_oom() returns without panicking for a cgroup-constrained OOM unless panic_on_oom is 2.
  const next = snapshot.forecast.nextKill!;
  assert.equal(next.cgroup, '/app.slice');
  assert.equal(next.outcome, 'kill');
  assert.deepEqual(next.victims, [LEAKER, APP_MAIN]);
});

test('vm.panic_on_oom=2 from a /proc/sys fixture: even the cgroup OOM panics the box, nobody is named', () => {
  const dir = treeCopy(V2, fixturePath('oom-policy', 'panic-always'));
  const snapshot = sampleOver(dir, 4, v2Leak(dir));
  assert.equal(snapshot.policy.panicOnOom, 2);
  const next = snapshot.forecast.nextKill!;
  assert.equal(next.cgroup, '/app.slice');
  assert.equal(next.outcome, 'panic');
  near(next.etaSeconds, 10, 'the panic is as near as the kill was');
  assert.deepEqual(next.victims, []);
  assert.match(next.reason ?? '', /panic_on_oom=2/);
  assert.deepEqual(forecastOf(snapshot, '/app.slice/app.service/worker').nextVictims, []);
  assert.equal(snapshot.forecast.global.outcome, 'panic');
});

test('vm.oom_kill_allocating_task=1 from a /proc/sys fixture: the box kills the allocating task, cgroups do not', () => {
  const dir = treeCopy(V2, fixturePath('oom-policy', 'allocating-task'));
  const status = join(dir, 'proc', String(CACHE.pid), 'status');
  const baseStatus = readFileSync(status, 'utf8');
  const leak = v2Leak(dir);
  // 10 s: a process's growth backs a claim once it is settled (sampling/process-scan.ts), not from 2 samples.
  const snapshot = sampleOver(dir, 10, (i) => {
    leak(i);
    // cache (66412 kB) is the one allocating now, at 5 MiB/s; the leaker's rows do not move.
    writeFileSync(status, baseStatus.replace(/VmRSS:\s+\d+/, `VmRSS:\t${66412 + 5 * MiB * i}`));
  });
  assert.equal(snapshot.policy.oomKillAllocatingTask, true);
  const global = snapshot.forecast.global;
  assert.equal(global.outcome, 'kill');
  assert.deepEqual(global.victims, [CACHE], 'the allocator, not the top of the list (leaker)');
  assert.match(global.reason ?? '', /oom_kill_allocating_task=1/);
  // out_of_memory() uses the allocating task only when !is_memcg_oom(oc): app.slice's OOM still ranks.
  assert.deepEqual(snapshot.forecast.nextKill?.victims, [LEAKER, APP_MAIN]);
});

/** The v1 slice's usage and memsw.usage, set together (no swap in use), growing `mibPerSec` from 40 MiB. */
function v1Growth(dir: string, mibPerSec: number) {
  return (i: number) => {
    for (const cgroup of ['oomlens-fx.slice', 'oomlens-fx.slice/etl.service']) {
      const base = cgroup === 'oomlens-fx.slice' ? 40 : 24;
      writeMiB(cgroupFile(dir, 1, cgroup, 'memory.usage_in_bytes'), base + mibPerSec * i);
      writeMiB(cgroupFile(dir, 1, cgroup, 'memory.memsw.usage_in_bytes'), base + mibPerSec * i);
    }
  };
}

test('v1 fixture through the reader: memsw, failcnt and under_oom from a real capture', () => {
  const cgroups = readAllMemoryCgroups(rootsUnder(V1)).cgroups;
  const byPath = new Map(cgroups.map((c) => [c.path, c]));
  const slice = byPath.get('/oomlens-fx.slice')!;
  assert.deepEqual(
    { limit: slice.limitKb, swapLimit: slice.swapLimitKb, swap: slice.swapKb, failcnt: slice.failcnt, underOom: slice.underOom },
    { limit: 64 * MiB, swapLimit: 32 * MiB, swap: 0, failcnt: 0, underOom: false },
  );
  const stuck = byPath.get('/oomlens-fx.slice/stuck.service')!;
  assert.deepEqual(
    { limit: stuck.limitKb, usage: stuck.usageKb, failcnt: stuck.failcnt, underOom: stuck.underOom, disabled: stuck.oomKillDisabled, kills: stuck.oomKills },
    { limit: 16 * MiB, usage: 16 * MiB, failcnt: 19, underOom: true, disabled: true, kills: 0 },
  );
  assert.equal(byPath.get('/oomlens-fx.slice/etl.service')!.limitKb, null);
  assert.equal(byPath.get('/oomlens-fx.slice/etl.service')!.oomGroup, null, 'v1 has no memory.oom.group');
});

test('v1 without swap on the box: the memory limit is the wall; the parent\'s limit binds an unlimited child', () => {
  const dir = treeCopy(V1);
  const snapshot = sampleOver(dir, 4, v1Growth(dir, 2));
  const next = snapshot.forecast.nextKill!;
  assert.equal(next.scope, 'memcg');
  assert.equal(next.cgroup, '/oomlens-fx.slice');
  // 48 MiB at the last sample, 2 MiB/s, limit_in_bytes 64 MiB; memsw's 96 MiB cannot be reached without swap.
  near(next.etaSeconds, 8, 'eta');
  assert.equal(next.limitKb, 64 * MiB);
  assert.deepEqual(next.victims, [ETL_WORKER]);
  const etl = forecastOf(snapshot, '/oomlens-fx.slice/etl.service');
  assert.equal(etl.effectiveLimitKb, 64 * MiB);
  near(etl.etaSeconds, 8, 'etl eta');
  const stuck = cgroupOf(snapshot, '/oomlens-fx.slice/stuck.service');
  assert.equal(stuck.underOom, true, 'under_oom reaches the snapshot');
  assert.equal(stuck.failcnt, 19);
  assert.equal(forecastOf(snapshot, '/oomlens-fx.slice/stuck.service').effectiveLimitKb, 16 * MiB);
});

test('v1 with swap on the box: memsw.limit_in_bytes is the wall (mem_cgroup_get_max adds the swap memsw allows)', () => {
  const dir = treeCopy(V1);
  const meminfo = join(dir, 'proc', 'meminfo');
  // Set by hand: the captured box has no swap; give it 2 GiB, all free.
  writeFileSync(meminfo, readFileSync(meminfo, 'utf8').replace(/SwapTotal:\s+0 kB/, 'SwapTotal:       2097152 kB').replace(/SwapFree:\s+0 kB/, 'SwapFree:        2097152 kB'));
  const snapshot = sampleOver(dir, 4, v1Growth(dir, 2));
  const next = snapshot.forecast.nextKill!;
  assert.equal(next.cgroup, '/oomlens-fx.slice');
  // 48 MiB at the last sample, 2 MiB/s, memsw limit 96 MiB: 24 s (limit_in_bytes alone would say 8 s).
  assert.equal(next.limitKb, 96 * MiB);
  near(next.etaSeconds, 24, 'eta');
  near(forecastOf(snapshot, '/oomlens-fx.slice/etl.service').etaSeconds, 24, 'etl eta');
});

test('--json over the v2 tree with panic_on_oom=1: policy, per-cgroup limits, high, group, victims, counters', () => {
  const dir = treeCopy(V2, fixturePath('oom-policy', 'panic-global'));
  const result = runCli(['--json', '--root', dir, '--interval', '0.2']);
  assert.equal(result.status, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.deepEqual(json.policy, { panicOnOom: 1, oomKillAllocatingTask: false, overcommitMemory: 0 });
  assert.equal(json.forecast.global.outcome, 'panic');
  assert.deepEqual(json.forecast.global.victims, []);
  assert.equal(json.forecast.nextKill, null, 'the tree does not move between the two samples: nothing approaches');
  const byPath = new Map(json.cgroups.map((c: { path: string }) => [c.path, c]));
  assert.deepEqual(byPath.get('/app.slice/app.service'), {
    path: '/app.slice/app.service', version: 2, usageKb: 190 * MiB, limitKb: null, swapKb: 0, oomKills: 2, processCount: 0,
    effectiveLimitKb: 400 * MiB, growthKbPerMin: 0, growthProvisional: true, etaSeconds: null,
    highKb: 300 * MiB, oomGroup: true, nextVictims: [LEAKER, APP_MAIN],
    events: { high: 57, max: 0, oom: 0, oomKill: 2, failcnt: null, underOom: null },
  });
  assert.deepEqual(byPath.get('/db.slice/db.service'), {
    path: '/db.slice/db.service', version: 2, usageKb: 60 * MiB, limitKb: 200 * MiB, swapKb: 0, oomKills: 0, processCount: 1,
    effectiveLimitKb: 200 * MiB, growthKbPerMin: 0, growthProvisional: true, etaSeconds: null,
    highKb: null, oomGroup: false, nextVictims: [POSTGRES],
    events: { high: 0, max: 0, oom: 0, oomKill: 0, failcnt: null, underOom: null },
  });
  assert.equal((byPath.get('/user.slice/session-1.scope') as { effectiveLimitKb: unknown }).effectiveLimitKb, null);
});

/** A systemd-oomd process in a tree: bash-session's real /proc files, renamed (the names are set by hand). */
function addOomdProcess(dir: string, pid: number): void {
  const from = join(dir, 'proc', '14031');
  const to = join(dir, 'proc', String(pid));
  cpSync(from, to, { recursive: true });
  writeFileSync(join(to, 'stat'), readFileSync(join(from, 'stat'), 'utf8').replace('14031 (bash-session)', `${pid} (systemd-oomd)`));
  writeFileSync(join(to, 'status'), readFileSync(join(from, 'status'), 'utf8').replace(/^Name:.*$/m, 'Name:\tsystemd-oomd'));
  writeFileSync(join(to, 'cmdline'), '/lib/systemd/systemd-oomd\0');
  writeFileSync(join(to, 'cgroup'), '0::/system.slice/systemd-oomd.service\n');
}

test('systemd-oomd gets the walk\'s v2 cgroups: a ManagedOOMMemoryPressure=kill slice over its limit names its pick', () => {
  // Debian's real oomd.conf (DefaultMemoryPressureDurationSec=20s) and systemd's own TEST-55 workload slice
  // (ManagedOOMMemoryPressure=kill, limit 20%) installed as app.slice; app.slice's full avg10 set to 35.00.
  const dir = treeCopy(V2, fixturePath('killers', 'oomd-debian'));
  cpSync(fixturePath('killers', 'test55-root', 'usr', 'lib', 'systemd', 'system', 'TEST-55-OOMD-workload.slice'), join(dir, 'etc', 'systemd', 'system', 'app.slice'));
  writeFileSync(cgroupFile(dir, 2, 'app.slice', 'memory.pressure'), 'some avg10=41.00 avg60=12.00 avg300=3.00 total=9000000\nfull avg10=35.00 avg60=10.00 avg300=2.50 total=7000000\n');
  addOomdProcess(dir, 777);
  const snapshot = sampleOver(dir, 1, () => {});
  assert.deepEqual(snapshot.killers.map((k) => [k.name, k.pid]), [['systemd-oomd', 777]]);
  const pressure = snapshot.forecast.killers.find((f) => f.killer === 'systemd-oomd' && f.thresholdText.includes('/app.slice'));
  assert.ok(pressure, `a pressure forecast for app.slice: ${JSON.stringify(snapshot.forecast.killers)}`);
  assert.match(pressure.thresholdText, /full avg10 of \/app\.slice > 20(\.00)?% for 20s/);
  // Above at both samples (0 s and 1 s): counted from the first, so 19 s of the 20 are left.
  assert.equal(pressure.etaSeconds, 19, 'counted from the first sample above the limit');
  // Candidates below app.slice: app.service taken whole (its memory.oom.group), cache.service; the tree
  // has no memory.stat, so no pgscan rate, and the larger memory.current (190 MiB against 70 MiB) is
  // picked, every process in it.
  assert.equal(pressure.cgroup, '/app.slice/app.service');
  assert.deepEqual(pressure.victims.map((v) => v.pid).sort(), [14026, 14027, 14028]);
  const next = snapshot.forecast.nextKill!;
  assert.deepEqual([next.killer, next.cgroup, next.etaSeconds], ['systemd-oomd', '/app.slice/app.service', 19]);
});

/** memory.pressure as kernel/sched/psi.c psi_show() prints it, with the given full avg10. */
function writePressure(dir: string, cgroup: string, fullAvg10: number): void {
  const avg = fullAvg10.toFixed(2);
  writeFileSync(cgroupFile(dir, 2, cgroup, 'memory.pressure'), `some avg10=${avg} avg60=10.00 avg300=2.50 total=9000000\nfull avg10=${avg} avg60=8.00 avg300=2.00 total=7000000\n`);
}

/**
 * memory.stat with the keys of mm/memcontrol.c memory_stat_format() (Linux 6.8) in its order, as a real
 * v2 memory.stat of that layout reads; the figures are the test's, only pgscan matters to oomd.
 */
function writeMemoryStat(dir: string, cgroup: string, pgscan: number): void {
  const keys = ['anon', 'file', 'kernel', 'kernel_stack', 'pagetables', 'sec_pagetables', 'percpu', 'sock', 'vmalloc', 'shmem',
    'zswap', 'zswapped', 'file_mapped', 'file_dirty', 'file_writeback', 'swapcached', 'anon_thp', 'file_thp', 'shmem_thp',
    'inactive_anon', 'active_anon', 'inactive_file', 'active_file', 'unevictable', 'slab_reclaimable', 'slab_unreclaimable', 'slab',
    'workingset_refault_anon', 'workingset_refault_file', 'workingset_activate_anon', 'workingset_activate_file',
    'workingset_restore_anon', 'workingset_restore_file', 'workingset_nodereclaim'];
  const events = { pgscan, pgsteal: Math.floor(pgscan / 2), pgscan_kswapd: 0, pgscan_direct: pgscan, pgscan_khugepaged: 0,
    pgsteal_kswapd: 0, pgsteal_direct: Math.floor(pgscan / 2), pgsteal_khugepaged: 0, pgfault: 149007, pgmajfault: 11 };
  const lines = [...keys.map((key) => `${key} 4096`), ...Object.entries(events).map(([key, value]) => `${key} ${value}`)];
  writeFileSync(cgroupFile(dir, 2, cgroup, 'memory.stat'), `${lines.join('\n')}\n`);
}

/** The TEST-55 workload slice (limit 20%) as app.slice, Debian's oomd.conf (20 s), systemd-oomd running. */
function oomdPressureTree(): string {
  const dir = treeCopy(V2, fixturePath('killers', 'oomd-debian'));
  cpSync(fixturePath('killers', 'test55-root', 'usr', 'lib', 'systemd', 'system', 'TEST-55-OOMD-workload.slice'), join(dir, 'etc', 'systemd', 'system', 'app.slice'));
  addOomdProcess(dir, 777);
  return dir;
}

function oomdPressureForecast(snapshot: Snapshot) {
  const forecast = snapshot.forecast.killers.find((f) => f.killer === 'systemd-oomd' && f.thresholdText.includes('/app.slice '));
  assert.ok(forecast, `a pressure forecast for app.slice: ${JSON.stringify(snapshot.forecast.killers)}`);
  return forecast;
}

test('systemd-oomd\'s duration counts down across samples, restarts when pressure drops, and picks by pgscan rate', () => {
  const dir = oomdPressureTree();
  // Full avg10 per second: below the 20% limit at 0 s, above from 1 s to 6 s, below at 7 s, above again from 8 s.
  const avg10 = [12, 35, 35, 35, 35, 35, 35, 15, 35, 35];
  // pgscan (pages, cumulative): app.service scans 300/s, cache.service 2000/s although it holds less
  // (70 MiB against 190): oomd_select_by_pgscan_rate() ranks the rate first, memory.current only after.
  const etas: Array<number | null> = [];
  const picks: Array<string | null> = [];
  sampleOver(dir, avg10.length - 1, (i) => {
    writePressure(dir, 'app.slice', avg10[i]!);
    writeMemoryStat(dir, 'app.slice', 50_000 + 2300 * i);
    writeMemoryStat(dir, 'app.slice/app.service', 40_000 + 300 * i);
    writeMemoryStat(dir, 'app.slice/cache.service', 10_000 + 2000 * i);
  }, (i, snapshot) => {
    const forecast = oomdPressureForecast(snapshot);
    etas.push(forecast.etaSeconds);
    picks.push(forecast.cgroup);
    if (i === 5) assert.deepEqual(forecast.victims.map((v) => v.pid), [CACHE.pid]);
  });
  // oomd_pressure_above(): hit_start at the first sample above (1 s), the kill when 20 s have passed since;
  // at 7 s the pressure is at or below the limit and hit_start is cleared; from 8 s it starts again.
  assert.deepEqual(etas, [null, 20, 19, 18, 17, 16, 15, null, 20, 19]);
  // The first sample has no rate yet (memory.current decides: app.service); from the second, pgscan's.
  assert.equal(picks[0], '/app.slice/app.service');
  assert.deepEqual(picks.slice(1), Array(avg10.length - 1).fill('/app.slice/cache.service'));
});

test('systemd-oomd: already above when first seen is counted from then; no reclaim for 30 s, no kill', () => {
  const dir = oomdPressureTree();
  const forecasts: Array<ReturnType<typeof oomdPressureForecast>> = [];
  // Above the limit all along; app.slice's pgscan rises for 5 s, then stays flat.
  sampleOver(dir, 36, (i) => {
    writePressure(dir, 'app.slice', 35);
    writeMemoryStat(dir, 'app.slice', 50_000 + 1000 * Math.min(i, 5));
    writeMemoryStat(dir, 'app.slice/app.service', 40_000 + 1000 * Math.min(i, 5));
    writeMemoryStat(dir, 'app.slice/cache.service', 10_000);
  }, (_i, snapshot) => forecasts.push(oomdPressureForecast(snapshot)));
  assert.equal(forecasts[0]!.etaSeconds, 20);
  assert.ok(forecasts[0]!.caveats.includes('already above the limit when first seen: counted from then'), forecasts[0]!.caveats.join('; '));
  assert.ok(forecasts[0]!.caveats.some((c) => c.startsWith('reclaim in the last 30 s not known')), 'one pgscan reading: reclaim unknown');
  assert.equal(forecasts[12]!.etaSeconds, 8);
  assert.equal(forecasts[20]!.etaSeconds, 0, 'due at 20 s');
  assert.ok(forecasts[20]!.caveats.includes('due now; after a kill oomd waits 15 s before the next'));
  // The last rise was at 5 s: until 35 s it is within RECLAIM_DURATION_USEC, at 36 s it is not.
  assert.equal(forecasts[35]!.etaSeconds, 0);
  assert.equal(forecasts[36]!.etaSeconds, null, 'no reclaim in the last 30 s: oomd does not act');
  assert.equal(forecasts[36]!.cgroup, '/app.slice/app.service', 'the pick is still named');
});

test('memory.stat pgscan is read from the v2 hierarchy only where it is printed', () => {
  const dir = oomdPressureTree();
  writeMemoryStat(dir, 'app.slice/cache.service', 123_456);
  const hierarchy = findMemoryHierarchies(rootsUnder(dir)).find((h) => h.version === 2)!;
  assert.equal(readCgroupPgscan(hierarchy, '/app.slice/cache.service'), 123_456);
  assert.equal(readCgroupPgscan(hierarchy, '/app.slice/app.service'), null, 'no memory.stat in the tree: absent, not 0');
  // A v1 memory.stat (this machine's, Linux 6.18: pgpgin, pgfault… but no pgscan) gives null too.
  const v1 = findMemoryHierarchies(rootsUnder(V1)).find((h) => h.version === 1)!;
  assert.equal(readCgroupPgscan(v1, '/oomlens-fx.slice/etl.service'), null);
});
