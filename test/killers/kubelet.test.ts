// The kubelet's memory.available hard eviction threshold and its forecast. Config files: test/fixtures/
// killers/kubelet/ (each names its source). Command lines: `--eviction-hard=memory.available<5%` from
// QingCloudAppcenter/QKE issue #298 (https://github.com/QingCloudAppcenter/QKE/issues/298) and
// `--eviction-hard=memory.available<1Gi --eviction-minimum-reclaim=memory.available=200Mi` from
// kubernetes issue #56152 (https://github.com/kubernetes/kubernetes/issues/56152). The precedence rules
// are the ones the documentation states (kubelet-config-file.md: a map that sets one signal leaves the
// others at zero unless mergeDefaultEvictionSettings is true).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evictionHardFromArgv, kubeletConfigPath, memoryEvictionThreshold, parseQuantity, topLevelMap } from '../../src/killers/kubelet-config.js';
import { forecastKubelet, podCgroupOf, rankPods, thresholdKb } from '../../src/killers/kubelet-forecast.js';
import type { BoxMemory, CandidateProcess } from '../../src/killers/types.js';
import { fixtureText } from '../helpers/fixtures.js';

const DOC = fixtureText('killers', 'kubelet', 'kubelet-config-file-doc.yaml');
const RKE2 = fixtureText('killers', 'kubelet', 'rke2-issue-4043-excerpt.yaml');
const QKE = ['/usr/bin/kubelet', '--eviction-hard=memory.available<5%', '--eviction-soft=memory.available<10%'];
const ISSUE_56152 = ['kubelet', '--eviction-hard=memory.available<1Gi', '--eviction-minimum-reclaim=memory.available=200Mi'];

test('quantities: binary and decimal suffixes, exponents, percents; junk is null', () => {
  assert.deepEqual(['100Mi', '1Gi', '500M', '1e9', '92348Ki', '5%', '0.5Gi'].map(parseQuantity), [
    { kb: 102400 }, { kb: 1048576 }, { kb: 500e6 / 1024 }, { kb: 1e9 / 1024 }, { kb: 92348 }, { percent: 5 }, { kb: 524288 },
  ]);
  assert.deepEqual(['100MB', 'Mi', '-1Gi', ''].map(parseQuantity), [null, null, null, null]);
});

test('the documentation\'s config file: 100Mi, quoted and aligned; the flow and JSON forms read the same', () => {
  assert.deepEqual(topLevelMap(DOC, 'evictionHard')?.get('memory.available'), '100Mi');
  assert.equal(topLevelMap(DOC, 'evictionSoft'), null);
  // KubeletConfiguration's own doc comment: "For example: `{"memory.available": "300Mi"}`".
  assert.equal(topLevelMap('evictionHard: {"memory.available": "300Mi"}  # hard\n', 'evictionHard')?.get('memory.available'), '300Mi');
  const json = JSON.stringify({ kind: 'KubeletConfiguration', evictionHard: Object.fromEntries(topLevelMap(DOC, 'evictionHard')!) }, null, 2);
  assert.equal(topLevelMap(json, 'evictionHard')?.get('memory.available'), '100Mi');
});

test('precedence: the flag over the file over the default; a map without memory.available has none', () => {
  assert.deepEqual(memoryEvictionThreshold(QKE, DOC), { text: '5%', quantity: { percent: 5 }, source: 'flag' });
  assert.deepEqual(memoryEvictionThreshold(ISSUE_56152, null), { text: '1Gi', quantity: { kb: 1048576 }, source: 'flag' });
  assert.deepEqual(memoryEvictionThreshold(['kubelet', '--config=/var/lib/kubelet/config.yaml'], DOC).source, 'config');
  assert.deepEqual(memoryEvictionThreshold(['kubelet'], null), { text: '100Mi', quantity: { kb: 102400 }, source: 'default' });
  // rke2 #4043: evictionHard sets imagefs and nodefs only → no memory threshold at all...
  assert.deepEqual(memoryEvictionThreshold(['kubelet'], RKE2), { text: null, quantity: null, source: 'config' });
  // ...unless mergeDefaultEvictionSettings fills it from the defaults.
  assert.equal(memoryEvictionThreshold(['kubelet'], `${RKE2}mergeDefaultEvictionSettings: true\n`).text, '100Mi');
  assert.equal(kubeletConfigPath(['kubelet', '--config', '/etc/kubernetes/kubelet-config.json']), '/etc/kubernetes/kubelet-config.json');
  assert.deepEqual([...(evictionHardFromArgv(['kubelet', '--eviction-hard', 'memory.available<200Mi,nodefs.available<10%']) ?? [])],
    [['memory.available', '200Mi'], ['nodefs.available', '10%']]);
});

// The AKS pod of test/fixtures/oom/memcg-v2-5.15-azure-aks-syslog-victim-adj1000.txt (systemd driver), and
// the cgroupfs driver's shape of pkg/kubelet/cm (kubepods/<qos>/pod<uid>/<container>).
const AKS_POD = '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5931aa75_4603_4e65_b552_7c71cf55cfb5.slice';
const AKS_CONTAINER = `${AKS_POD}/cri-containerd-25a38b5b8d556d7983d975577f5ac75ebbcfb4b269e6deaa0a0440c1ffc969ca.scope`;
const BESTEFFORT_POD = '/kubepods/besteffort/pod3d274242-8ee0-11e9-a8a6-1e68d864ef1a';

const proc = (pid: number, name: string, cgroup: string, rssKb: number): CandidateProcess =>
  ({ pid, name, cmdline: name, oomScore: 600, oomScoreAdj: 0, rssKb, kernelThread: false, cgroup });
const PROCESSES = [
  proc(183960, 'stress-ng-vm', AKS_CONTAINER, 900_000),
  proc(183958, 'stress-ng', AKS_CONTAINER, 4_000),
  proc(5000, 'nginx', `${BESTEFFORT_POD}/3e74d3fd9db4`, 20_000),
  proc(800, 'containerd', '/system.slice/containerd.service', 60_000),
];

test('pods: the pod cgroup of a container path; BestEffort before Burstable whatever the RSS', () => {
  assert.equal(podCgroupOf(AKS_CONTAINER), AKS_POD);
  assert.equal(podCgroupOf('/system.slice/containerd.service'), null);
  assert.equal(podCgroupOf('/user.slice/pod-like-name.scope'), null);
  assert.deepEqual(rankPods(PROCESSES).map((pod) => [pod.qos, pod.processes.length]), [['besteffort', 1], ['burstable', 2]]);
});

test('forecast: memory.available < threshold at the MemAvailable slope; the first pod\'s processes; none without a threshold', () => {
  const box: BoxMemory = { totalKb: 8_000_000, availableKb: 600_000, swapTotalKb: 0, swapFreeKb: 0 };
  const threshold = memoryEvictionThreshold(QKE, null);
  assert.equal(thresholdKb(threshold, box.totalKb), 400_000);
  const forecast = forecastKubelet(threshold, box, { availableKbPerSec: -2000, swapFreeKbPerSec: null }, PROCESSES);
  assert.deepEqual([forecast?.etaSeconds, forecast?.cgroup, forecast?.victims], [100, BESTEFFORT_POD, [{ pid: 5000, name: 'nginx' }]]);
  assert.match(forecast?.caveats.join() ?? '', /MemAvailable/);
  assert.equal(forecastKubelet(memoryEvictionThreshold(['kubelet'], RKE2), box, { availableKbPerSec: -2000, swapFreeKbPerSec: null }, PROCESSES), null);
});
