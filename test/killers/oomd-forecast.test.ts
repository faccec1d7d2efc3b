// systemd-oomd's trigger and choice rules. The scenes are real ones:
//  - swap: the candidates systemd-oomd listed in issue #31573 (systemd 255, Arch,
//    https://github.com/systemd/systemd/issues/31573): "Considered 145 cgroups for killing, top candidates
//    were:" firefox scope 477.8M, org.gnome.Shell@wayland.service 417.3M, slack.service 256.3M of swap;
//  - pressure: systemd's TEST-55-OOMD (test/units/TEST-55-OOMD.sh b5f7020a, PR #21803's description of the
//    test units): under TEST-55-OOMD-workload.slice (kill at 20%), testbloat and testmunch are throttled by
//    MemoryHigh= and reclaim (pgscan), testchill idles at 3M; "testbloat should be killed and testchill
//    should be fine", and with ManagedOOMPreference=avoid on testbloat "testmunch should be killed".
// The pgscan and usage figures of the TEST-55 scene are ours; the order they must produce is the test's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseByPgscan, chooseBySwap, forecastOomd, oomdCandidates, type OomdCgroup } from '../../src/killers/oomd-forecast.js';
import { OOMD_DEFAULTS } from '../../src/killers/oomd-config.js';
import type { BoxMemory, CandidateProcess } from '../../src/killers/types.js';

const MIB = 1024;
const cg = (path: string, extra: Partial<OomdCgroup> = {}): OomdCgroup =>
  ({ path, managed: [], pressureFullAvg10: 0, swapKb: 0, usageKb: 0, pgscanRate: 0, ...extra });

const APP = '/user.slice/user-1000.slice/user@1000.service/app.slice';
const SESSION = '/user.slice/user-1000.slice/user@1000.service/session.slice';
const ISSUE_31573: OomdCgroup[] = [
  cg('/', { managed: ['swap'] }),
  cg('/user.slice'), cg('/user.slice/user-1000.slice'), cg('/user.slice/user-1000.slice/user@1000.service'),
  cg(APP), cg(SESSION),
  cg(`${APP}/app-gnome-firefox\\x2dw-2504.scope`, { swapKb: 477.8 * MIB }),
  cg(`${SESSION}/org.gnome.Shell@wayland.service`, { swapKb: 417.3 * MIB }),
  cg(`${APP}/slack.service`, { swapKb: 256.3 * MIB }),
];

test('candidates: leaves under the monitored cgroup, and a memory.oom.group cgroup taken whole', () => {
  assert.deepEqual(oomdCandidates('/', ISSUE_31573).map((c) => c.path.split('/').pop()),
    ['app-gnome-firefox\\x2dw-2504.scope', 'org.gnome.Shell@wayland.service', 'slack.service']);
  const grouped = [cg('/a.slice', { managed: ['pressure'] }), cg('/a.slice/x.service', { oomGroup: true }), cg('/a.slice/x.service/w1'), cg('/a.slice/x.service/w2')];
  assert.deepEqual(oomdCandidates('/a.slice', grouped).map((c) => c.path), ['/a.slice/x.service']);
  // A monitored cgroup without children is its own candidate (recursively_get_cgroup_context()).
  assert.deepEqual(oomdCandidates('/b.service', [cg('/b.service')]).map((c) => c.path), ['/b.service']);
});

test('swap: the most swap first (issue #31573\'s order), above 5% of SwapTotal; avoid last, omit never', () => {
  const candidates = oomdCandidates('/', ISSUE_31573);
  assert.equal(chooseBySwap(candidates, 8 * 1024 * MIB)?.path, `${APP}/app-gnome-firefox\\x2dw-2504.scope`);
  // 5% of 16 GiB is 819 MiB: none qualifies.
  assert.equal(chooseBySwap(candidates, 16 * 1024 * MIB), null);
  const avoided = candidates.map((c) => (c.path.endsWith('.scope') ? { ...c, preference: 'avoid' as const } : c));
  assert.equal(chooseBySwap(avoided, 8 * 1024 * MIB)?.path, `${SESSION}/org.gnome.Shell@wayland.service`);
  const omitted = candidates.map((c) => (c.path.endsWith('.scope') ? { ...c, preference: 'omit' as const } : c));
  assert.equal(chooseBySwap(omitted, 8 * 1024 * MIB)?.path, `${SESSION}/org.gnome.Shell@wayland.service`);
});

const WORKLOAD = '/TEST.slice/TEST-55.slice/TEST-55-OOMD.slice/TEST-55-OOMD-workload.slice';
const TEST55: OomdCgroup[] = [
  cg(WORKLOAD, { managed: ['pressure'], pressureLimitPercent: 20, pressureFullAvg10: 64.15, pressureAboveForSec: 1, pgscanRate: 9000 }),
  cg(`${WORKLOAD}/TEST-55-OOMD-testbloat.service`, { usageKb: 5 * MIB, pgscanRate: 6000 }),
  cg(`${WORKLOAD}/TEST-55-OOMD-testmunch.service`, { usageKb: 6 * MIB, pgscanRate: 3000 }),
  cg(`${WORKLOAD}/TEST-55-OOMD-testchill.service`, { usageKb: 3 * MIB, pgscanRate: 0 }),
];

test('pressure: the highest pgscan rate, then memory.current; ManagedOOMPreference=avoid sorts last', () => {
  assert.equal(chooseByPgscan(oomdCandidates(WORKLOAD, TEST55))?.path.split('/').pop(), 'TEST-55-OOMD-testbloat.service');
  const avoid = TEST55.map((c) => (c.path.endsWith('testbloat.service') ? { ...c, preference: 'avoid' as const } : c));
  assert.equal(chooseByPgscan(oomdCandidates(WORKLOAD, avoid))?.path.split('/').pop(), 'TEST-55-OOMD-testmunch.service');
  // No reclaim anywhere (PR #21803): ranked by memory.current; none used at all: nobody.
  const still = TEST55.map((c) => ({ ...c, pgscanRate: 0 }));
  assert.equal(chooseByPgscan(oomdCandidates(WORKLOAD, still))?.path.split('/').pop(), 'TEST-55-OOMD-testmunch.service');
  assert.equal(chooseByPgscan([cg('/idle.service')]), null);
});

const proc = (pid: number, name: string, cgroup: string): CandidateProcess =>
  ({ pid, name, cmdline: name, oomScore: 600, oomScoreAdj: 0, rssKb: 1000, kernelThread: false, cgroup });
const PROCESSES = [
  proc(63, 'stress-ng', `${WORKLOAD}/TEST-55-OOMD-testbloat.service`),
  proc(66, 'stress-ng-vm', `${WORKLOAD}/TEST-55-OOMD-testbloat.service`),
  proc(70, 'sleep', `${WORKLOAD}/TEST-55-OOMD-testchill.service`),
];
const BOX: BoxMemory = { totalKb: 4_000_000, availableKb: 1_000_000, swapTotalKb: 1_000_000, swapFreeKb: 500_000 };

test('pressure forecast: due after the rest of the duration; victims are every process in the chosen cgroup', () => {
  const [forecast, ...rest] = forecastOomd({ config: { ...OOMD_DEFAULTS, defaultMemoryPressureDurationSec: 2 }, dryRun: false, memory: BOX, slopes: { availableKbPerSec: null, swapFreeKbPerSec: null }, cgroups: TEST55, processes: PROCESSES });
  assert.equal(rest.length, 0);
  assert.equal(forecast?.etaSeconds, 1);
  assert.equal(forecast?.signal, 'SIGKILL');
  assert.deepEqual(forecast?.victims.map((v) => v.pid), [63, 66]);
  assert.match(forecast?.thresholdText ?? '', /> 20\.00% for 2s/);
  // Below the limit, or no reclaim in the monitored cgroup: no ETA.
  const calm = TEST55.map((c, i) => (i === 0 ? { ...c, pressureFullAvg10: 12 } : c));
  assert.equal(forecastOomd({ config: OOMD_DEFAULTS, dryRun: true, memory: BOX, slopes: { availableKbPerSec: null, swapFreeKbPerSec: null }, cgroups: calm, processes: PROCESSES })[0]?.etaSeconds, null);
  const noReclaim = TEST55.map((c, i) => (i === 0 ? { ...c, reclaimRecent: false } : c));
  assert.equal(forecastOomd({ config: OOMD_DEFAULTS, dryRun: false, memory: BOX, slopes: { availableKbPerSec: null, swapFreeKbPerSec: null }, cgroups: noReclaim, processes: PROCESSES })[0]?.etaSeconds, null);
});

test('swap forecast: memory used AND swap used above SwapUsedLimit; no swap, no swap rule', () => {
  // 90%: available must fall under 400 000 (600 000 away at -1000/s = 600 s), swap free under 100 000 (400 s).
  const slopes = { availableKbPerSec: -1000, swapFreeKbPerSec: -1000 };
  const [swap] = forecastOomd({ config: OOMD_DEFAULTS, dryRun: false, memory: BOX, slopes, cgroups: ISSUE_31573, processes: [] });
  assert.equal(swap?.etaSeconds, 600);
  assert.equal(swap?.cgroup, `${APP}/app-gnome-firefox\\x2dw-2504.scope`);
  // 5% of 16 GiB of swap is 819 MiB: no candidate holds that much, so the rule fires on nobody.
  const big = { ...BOX, swapTotalKb: 16 * 1024 * MIB, swapFreeKb: 8 * 1024 * MIB };
  assert.equal(forecastOomd({ config: OOMD_DEFAULTS, dryRun: false, memory: big, slopes, cgroups: ISSUE_31573, processes: [] })[0]?.cgroup, null);
  assert.deepEqual(forecastOomd({ config: OOMD_DEFAULTS, dryRun: false, memory: { ...BOX, swapTotalKb: 0, swapFreeKb: 0 }, slopes, cgroups: ISSUE_31573, processes: [] }), []);
});
