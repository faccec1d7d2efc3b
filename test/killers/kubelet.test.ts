// The kubelet's memory.available hard eviction threshold and its forecast. Config files: test/fixtures/
// killers/kubelet/ (each names its source). Command lines: `--eviction-hard=memory.available<5%` from
// QingCloudAppcenter/QKE issue #298 (https://github.com/QingCloudAppcenter/QKE/issues/298) and
// `--eviction-hard=memory.available<1Gi --eviction-minimum-reclaim=memory.available=200Mi` from
// kubernetes issue #56152 (https://github.com/kubernetes/kubernetes/issues/56152). The precedence rules
// are the ones the documentation states (kubelet-config-file.md: a map that sets one signal leaves the
// others at zero unless mergeDefaultEvictionSettings is true).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectKillers } from '../../src/killers/detect.js';
import {
  evictionHardFromArgv, kubeletArgvFromRancherConfigs, kubeletConfigDir, kubeletConfigPath, memoryEvictionThreshold, parseQuantity, topLevelMap,
} from '../../src/killers/kubelet-config.js';
import { readKillerSettings } from '../../src/killers/readers.js';
import { forecastKubelet, podCgroupOf, rankPods, thresholdKb } from '../../src/killers/kubelet-forecast.js';
import type { BoxMemory, CandidateProcess } from '../../src/killers/types.js';
import { fixturePath, fixtureText } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dirs.js';

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

// k3s and rke2: test/fixtures/killers/README.md says where each file and command line comes from.
const K3S_ROOT = fixturePath('killers', 'k3s-root');
const RKE2_ROOT = fixturePath('killers', 'rke2-root');
const NO_PROC = { proc: '/nonexistent-proc' };
// k3s's process as ps shows it after setproctitle: comm k3s-server, the flags gone from its cmdline.
const K3S_SERVER = { pid: 1814, name: 'k3s-server', cmdline: '/usr/local/bin/k3s server' };
// rancher/rke2 issue #4043's "Running kubelet ..." line, as far as the issue quotes it.
const RKE2_KUBELET = {
  pid: 3671, name: 'kubelet',
  cmdline: 'kubelet --alsologtostderr=false --cloud-provider=external --config-dir=/var/lib/rancher/rke2/agent/etc/kubelet.conf.d --containerd=/run/k3s/containerd/containerd.sock --hostname-override=ip-172-31-27-227 --image-gc-high-threshold=100 --kubeconfig=/var/lib/rancher/rke2/agent/kubelet.kubeconfig',
};

function evictionOf(root: string, process: { pid: number; name: string; cmdline: string }) {
  const [killer, ...rest] = detectKillers([process]);
  assert.equal(rest.length, 0);
  assert.ok(killer !== undefined && killer.name === 'kubelet', `${process.name} is the kubelet`);
  const settings = readKillerSettings({ root, ...NO_PROC }, killer);
  assert.equal(settings.name, 'kubelet');
  return settings.name === 'kubelet' ? settings.eviction : null;
}

test('k3s: the kubelet inside k3s-server, its eviction-hard from config.yaml\'s kubelet-arg, over k3s\'s drop-in', () => {
  assert.deepEqual(detectKillers([K3S_SERVER]), [{ name: 'kubelet', pid: 1814, argv: ['/usr/local/bin/k3s', 'server'], embeddedIn: 'k3s' }]);
  assert.deepEqual(detectKillers([{ ...K3S_SERVER, name: 'k3s-agent', cmdline: '/usr/local/bin/k3s agent' }])[0]?.embeddedIn, 'k3s');
  assert.deepEqual(evictionOf(K3S_ROOT, K3S_SERVER), { text: '64Mi', quantity: { kb: 65536 }, source: 'flag' });
  const args = kubeletArgvFromRancherConfigs([readFileSync(join(K3S_ROOT, 'etc/rancher/k3s/config.yaml'), 'utf8')]);
  assert.deepEqual(args.slice(1, 5), ['--max-pods=220', '--kube-reserved=cpu=0m,memory=64Mi', '--system-reserved=cpu=0m,memory=64Mi', '--eviction-hard=memory.available<64Mi']);
});

test('k3s without a memory kubelet-arg: k3s\'s own evictionHard has no memory.available, so there is no threshold', () => {
  const dir = tempDir('oomlens-k3s-');
  cpSync(K3S_ROOT, dir, { recursive: true });
  // config.yaml.d replaces the list (k3s pkg/configfilearg); kubelet-arg+ would append instead.
  mkdirSync(join(dir, 'etc/rancher/k3s/config.yaml.d'));
  writeFileSync(join(dir, 'etc/rancher/k3s/config.yaml.d/50-pods.yaml'), 'kubelet-arg: ["max-pods=100"]\n');
  assert.deepEqual(evictionOf(dir, K3S_SERVER), { text: null, quantity: null, source: 'config' });
  writeFileSync(join(dir, 'etc/rancher/k3s/config.yaml.d/60-more.yaml'), 'kubelet-arg+:\n  - eviction-hard=memory.available<1Gi\n');
  assert.equal(evictionOf(dir, K3S_SERVER)?.text, '1Gi');
  // Neither the config files nor the drop-in (k3s before v1.32 passed its defaults as flags): still none.
  const bare = tempDir('oomlens-k3s-bare-');
  assert.deepEqual(evictionOf(bare, K3S_SERVER), { text: null, quantity: null, source: 'default' });
});

test('rke2: the kubelet process reads --config-dir; drop-ins merge evictionHard key by key in name order', () => {
  assert.deepEqual(evictionOf(RKE2_ROOT, RKE2_KUBELET), { text: '500Mi', quantity: { kb: 512000 }, source: 'config' });
  const dropins = join(RKE2_ROOT, 'var/lib/rancher/rke2/agent/etc/kubelet.conf.d');
  const defaults = readFileSync(join(dropins, '00-rke2-defaults.conf'), 'utf8');
  // rke2's defaults alone: imagefs and nodefs only, so no memory threshold; a flag still wins over both.
  assert.deepEqual(memoryEvictionThreshold(['kubelet'], null, [defaults]), { text: null, quantity: null, source: 'config' });
  assert.equal(memoryEvictionThreshold(['kubelet', '--eviction-hard=memory.available<200Mi'], null, [defaults, readFileSync(join(dropins, '50-memory.conf'), 'utf8')]).text, '200Mi');
  assert.equal(kubeletConfigDir(RKE2_KUBELET.cmdline.split(' ')), '/var/lib/rancher/rke2/agent/etc/kubelet.conf.d');
});

test('a drop-in that is a directory or a FIFO is skipped: the tick goes on, nothing blocks', () => {
  const dir = tempDir('oomlens-k3s-odd-');
  cpSync(K3S_ROOT, dir, { recursive: true });
  const dropins = join(dir, 'etc/rancher/k3s/config.yaml.d');
  mkdirSync(join(dropins, '40-a-directory.yaml'), { recursive: true });
  // A FIFO: opening it for reading would wait for a writer forever.
  const made = spawnSync('mkfifo', [join(dropins, '45-a-fifo.yaml')]);
  assert.equal(made.status, 0, 'mkfifo');
  writeFileSync(join(dropins, '60-more.yaml'), 'kubelet-arg+:\n  - eviction-hard=memory.available<1Gi\n');
  assert.equal(evictionOf(dir, K3S_SERVER)?.text, '1Gi');
});

test('odd values are no thresholds: a JSON null, a nested map; an empty "- " item is no kubelet-arg', () => {
  assert.deepEqual(topLevelMap('{"evictionHard":{"memory.available":null,"nodefs.available":{"x":1},"imagefs.available":"15%"}}', 'evictionHard'), new Map([['imagefs.available', '15%']]));
  assert.equal(memoryEvictionThreshold(['kubelet'], '{"evictionHard":{"memory.available":null}}', []).text, null);
  assert.deepEqual(kubeletArgvFromRancherConfigs(['kubelet-arg:\n  - \n  - max-pods=100\n']).slice(1), ['--max-pods=100']);
});
