// From a detected killer to the snapshot's `{name, pid, thresholds}` and its forecasts, reading a
// captured tree (`--root`): /proc/PID/cmdline for the exact argv, the killers' config files from the
// fixtures. The argvs are the killers' own: nohang.service's ExecStart, and earlyoom's EARLYOOM_ARGS from
// earlyoom issue #205 ("-r 60 -s 15,5 -m 10,5 -p -n --avoid '(^|/)(init|systemd.*|Xorg|sshd)$'",
// https://github.com/rfjakob/earlyoom/issues/205), as the shell hands them over.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectKillers, forecastKiller, oomdCgroupSettings, readKillerSettings, readProcArgv, runningKiller, settingsOf } from '../../src/killers/index.js';
import type { BoxMemory } from '../../src/killers/index.js';
import { readUnitManagedOom } from '../../src/killers/unit-files.js';
import { fixturePath, fixtureText } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dirs.js';

const MEMORY: BoxMemory = { totalKb: 8_000_000, availableKb: 3_000_000, swapTotalKb: 2_000_000, swapFreeKb: 1_500_000, anonPagesKb: 4_000_000 };
const EARLYOOM_ARGV = ['/usr/bin/earlyoom', '-r', '60', '-s', '15,5', '-m', '10,5', '-p', '-n', '--avoid', '(^|/)(init|systemd.*|Xorg|sshd)$'];
const NOHANG_ARGV = ['/usr/bin/python3', '/usr/sbin/nohang', '--monitor', '--config', '/etc/nohang/nohang.conf'];

/** A captured tree: proc/PID/cmdline for each argv, and the given files under the root. */
function capturedTree(argvs: Record<number, string[]>, files: Record<string, string>): { root: string; proc: string } {
  const root = tempDir('oomlens-killers-');
  for (const [pid, argv] of Object.entries(argvs)) {
    mkdirSync(join(root, 'proc', pid), { recursive: true });
    writeFileSync(join(root, 'proc', pid, 'cmdline'), Buffer.from(`${argv.join('\0')}\0`));
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, proc: join(root, 'proc') };
}

test('readProcArgv: NUL-separated words, an empty argument kept, a word with a space whole, gone is null', () => {
  const tree = capturedTree({ 7: ['earlyoom', '--prefer', '^(Web Content|firefox)$', ''] }, {});
  assert.deepEqual(readProcArgv(tree.proc, 7), ['earlyoom', '--prefer', '^(Web Content|firefox)$', '']);
  assert.equal(readProcArgv(tree.proc, 8), null);
});

test('earlyoom: thresholds from the exact argv in /proc; the snapshot entry is plain JSON', () => {
  const tree = capturedTree({ 501: EARLYOOM_ARGV }, {});
  const [detected] = detectKillers([{ pid: 501, name: 'earlyoom', cmdline: EARLYOOM_ARGV.join(' ') }]);
  const entry = runningKiller(readKillerSettings(tree, detected!), MEMORY);
  assert.deepEqual(entry, {
    name: 'earlyoom', pid: 501,
    thresholds: { memTermPercent: 10, memKillPercent: 5, swapTermPercent: 15, swapKillPercent: 5, prefer: null, avoid: '(^|/)(init|systemd.*|Xorg|sshd)$', ignore: null, ignoreRootUser: false, sortByRss: false, dryRun: false, kernelOom: false, errors: [] },
  });
  assert.deepEqual(JSON.parse(JSON.stringify(entry)), entry);
  // -M in KiB needs MemTotal: without the box's memory the percents are unknown, not 0.
  const sized = runningKiller(settingsOf({ name: 'earlyoom', pid: 1, argv: ['earlyoom', '-M', '409600'] }, {}), null);
  assert.equal(sized.thresholds?.memTermPercent, null);
});

test('systemd-oomd and nohang: their config files under the root; an unreadable nohang config is null', () => {
  const oomd = capturedTree({ 502: ['/lib/systemd/systemd-oomd'] }, {});
  const oomdSettings = readKillerSettings({ root: fixturePath('killers', 'oomd-debian'), proc: oomd.proc }, { name: 'systemd-oomd', pid: 502, argv: [] });
  assert.deepEqual(runningKiller(oomdSettings, MEMORY).thresholds, { swapUsedLimitPercent: 90, defaultMemoryPressureLimitPercent: 60, defaultMemoryPressureDurationSec: 20, dryRun: false });
  const nohang = capturedTree({ 503: NOHANG_ARGV }, { 'etc/nohang/nohang.conf': fixtureText('killers', 'nohang', 'nohang.conf.in') });
  const thresholds = runningKiller(readKillerSettings(nohang, { name: 'nohang', pid: 503, argv: [] }), MEMORY).thresholds;
  assert.deepEqual([thresholds?.softMinMem, thresholds?.hardMinSwap], [{ text: '5 %', kb: 400_000 }, { text: '4 %', kb: 80_000 }]);
  const missing = capturedTree({ 504: NOHANG_ARGV }, {});
  const none = readKillerSettings(missing, { name: 'nohang', pid: 504, argv: [] });
  assert.equal(runningKiller(none, MEMORY).thresholds, null);
  assert.deepEqual(forecastKiller(none, { memory: MEMORY, slopes: { availableKbPerSec: null, swapFreeKbPerSec: null }, processes: [] }), []);
});

test('kubelet: the documentation\'s config at kubeadm\'s path gives 100Mi from the file', () => {
  const tree = capturedTree({ 505: ['/usr/bin/kubelet', '--config=/var/lib/kubelet/config.yaml'] }, { 'var/lib/kubelet/config.yaml': fixtureText('killers', 'kubelet', 'kubelet-config-file-doc.yaml') });
  assert.deepEqual(runningKiller(readKillerSettings(tree, { name: 'kubelet', pid: 505, argv: [] }), MEMORY).thresholds,
    { memoryAvailable: '100Mi', memoryAvailableKb: 102400, source: 'config', configPath: '/var/lib/kubelet/config.yaml', embeddedIn: null });
});

test('forecasts by killer, and a unit\'s ManagedOOM*= as the oomd cgroup entry wants them', () => {
  const earlyoom = settingsOf({ name: 'earlyoom', pid: 501, argv: EARLYOOM_ARGV }, {});
  const [forecast] = forecastKiller(earlyoom, { memory: MEMORY, slopes: { availableKbPerSec: -1000, swapFreeKbPerSec: -1000 }, processes: [] });
  // user mem total 7 000 000 → 10% floor 700 000, 2 300 000 away = 2300 s; swap 15% = 300 000, 1200 s.
  assert.deepEqual([forecast?.killer, forecast?.etaSeconds, forecast?.victims], ['earlyoom', 2300, []]);
  const user = readUnitManagedOom(fixturePath('killers', 'oomd-debian'), 'user@1000.service')!;
  assert.deepEqual(oomdCgroupSettings(user), { managed: ['pressure'], pressureLimitPercent: 50, pressureDurationSec: null, preference: null });
});
