// Thin readers, one per file kind, each taking the root directory (`--root DIR`: paths are
// `${root}/etc/...`; "/" on a live box) and returning null for an absent file. The parsing is in the
// pure modules beside this one.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readBytesOrNull } from '../procfs/read.js';
import { sanitizeBytes } from '../text/sanitize.js';
import type { DetectedKiller } from './detect.js';
import { kubeletArgvFromRancherConfigs, kubeletConfigDir, kubeletConfigPath } from './kubelet-config.js';
import { nohangConfigPath } from './nohang-config.js';
import { OOMD_DROPIN_DIRS, orderDropins, type DropinFile } from './oomd-config.js';
import { settingsOf, type KillerFiles, type KillerSettings } from './settings.js';

/** A config file larger than this is not a config file we should parse on every few ticks. */
const CONFIG_MAX_BYTES = 1 << 20;

/**
 * A config file's text, or null when it is absent, unreadable, not a regular file or too large. A killer's
 * config is read from inside a tick: a directory named like a drop-in (EISDIR), a FIFO (whose read would
 * block the process) or an I/O error must cost that one file, not the tick.
 */
export function readConfigText(path: string): string | null {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > CONFIG_MAX_BYTES) return null;
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * A process's exact arguments from /proc/PID/cmdline (NUL-separated), each sanitised; null when it has
 * gone. The sampler's space-joined cmdline cannot tell an argument's own spaces ("--avoid 'a b'") from
 * separators: read this for the few killers detected.
 */
export function readProcArgv(procRoot: string, pid: number): string[] | null {
  const bytes = readBytesOrNull(join(procRoot, String(pid), 'cmdline'));
  if (bytes === null) return null;
  const words: string[] = [];
  let start = 0;
  for (let at = 0; at <= bytes.length; at++) {
    if (at === bytes.length || bytes[at] === 0) {
      if (at > start || at < bytes.length) words.push(sanitizeBytes(bytes.subarray(start, at)));
      start = at + 1;
    }
  }
  return words;
}

/** Debian's /etc/default/earlyoom (EARLYOOM_ARGS=...), the earlyoom.service EnvironmentFile. */
export function readEarlyoomDefaults(root: string): string | null {
  return readConfigText(join(root, 'etc/default/earlyoom'));
}

/** oomd.conf, then its drop-ins in the order they apply (oomd-config.ts parseOomdConfig takes these). */
export function readOomdConfigTexts(root: string): Array<string | null> {
  const files: DropinFile[] = [];
  OOMD_DROPIN_DIRS.forEach((dir, dirRank) => {
    let names: string[];
    try {
      names = readdirSync(join(root, dir));
    } catch {
      return;
    }
    for (const name of names) files.push({ dirRank, name, text: readConfigText(join(root, dir, name)) });
  });
  return [readConfigText(join(root, 'etc/systemd/oomd.conf')), ...orderDropins(files)];
}

// A path from a killer's own argv is taken as absolute (services run with cwd /) and put under the root.

/** nohang's config: the --config path from its argv, else /etc/nohang/nohang.conf. */
export function readNohangConfig(root: string, configPath: string | null): string | null {
  return readConfigText(join(root, configPath ?? '/etc/nohang/nohang.conf'));
}

/** The kubelet's config file: the --config path from its argv, else kubeadm's /var/lib/kubelet/config.yaml. */
export function readKubeletConfig(root: string, configPath: string | null): string | null {
  return readConfigText(join(root, configPath ?? '/var/lib/kubelet/config.yaml'));
}

/** The texts of a directory's files whose names end in `suffix`, in name order; [] when it is absent. */
function textsInNameOrder(dir: string, suffix: string): Array<string | null> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(suffix)).sort();
  } catch {
    return [];
  }
  return names.map((name) => readConfigText(join(dir, name)));
}

/** The kubelet's --config-dir drop-ins (`*.conf`, the kubelet's own filter), in the order it applies them. */
export function readKubeletDropins(root: string, configDir: string): Array<string | null> {
  return textsInNameOrder(join(root, configDir), '.conf');
}

/** k3s's /etc/rancher/k3s/config.yaml, then config.yaml.d/*.yaml in name order (k3s pkg/configfilearg). */
export function readK3sConfigTexts(root: string): Array<string | null> {
  return [readConfigText(join(root, 'etc/rancher/k3s/config.yaml')), ...textsInNameOrder(join(root, 'etc/rancher/k3s/config.yaml.d'), '.yaml')];
}

/** Where k3s (v1.32+) writes its kubelet defaults and points --config-dir unless a kubelet-arg moves it. */
const K3S_KUBELET_CONFIG_DIR = '/var/lib/rancher/k3s/agent/etc/kubelet.conf.d';

function readKubeletFiles(root: string, killer: DetectedKiller, argv: string[], files: KillerFiles): void {
  // k3s hides its arguments (detect.ts): its kubelet flags are the config files' kubelet-arg entries.
  const kubeletArgv = killer.embeddedIn === 'k3s' ? kubeletArgvFromRancherConfigs(readK3sConfigTexts(root)) : argv;
  if (killer.embeddedIn === 'k3s') files.kubeletArgv = kubeletArgv;
  const configPath = kubeletConfigPath(kubeletArgv);
  files.kubeletConfigText = configPath === null && killer.embeddedIn === 'k3s' ? null : readKubeletConfig(root, configPath);
  const configDir = kubeletConfigDir(kubeletArgv) ?? (killer.embeddedIn === 'k3s' ? K3S_KUBELET_CONFIG_DIR : null);
  files.kubeletDropinTexts = configDir === null ? [] : readKubeletDropins(root, configDir);
}

/**
 * Everything one detected killer's settings need, read under the roots: its exact argv from /proc (the
 * detector's split cmdline when it has gone meanwhile), then its config files.
 */
export function readKillerSettings(roots: { root: string; proc: string }, killer: DetectedKiller): KillerSettings {
  const argv = readProcArgv(roots.proc, killer.pid) ?? killer.argv;
  const exact: DetectedKiller = { ...killer, argv };
  const files: KillerFiles = {};
  if (killer.name === 'systemd-oomd') files.oomdConfigTexts = readOomdConfigTexts(roots.root);
  if (killer.name === 'nohang') files.nohangConfigText = readNohangConfig(roots.root, nohangConfigPath(argv));
  if (killer.name === 'kubelet') readKubeletFiles(roots.root, killer, argv, files);
  return settingsOf(exact, files);
}
