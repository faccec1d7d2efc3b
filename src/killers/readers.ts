// Thin readers, one per file kind, each taking the root directory (`--root DIR`: paths are
// `${root}/etc/...`; "/" on a live box) and returning null for an absent file. The parsing is in the
// pure modules beside this one.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readBytesOrNull, readTextIfAllowed, readTextOrNull } from '../procfs/read.js';
import { sanitizeBytes } from '../text/sanitize.js';
import type { DetectedKiller } from './detect.js';
import { kubeletConfigPath } from './kubelet-config.js';
import { nohangConfigPath } from './nohang-config.js';
import { OOMD_DROPIN_DIRS, orderDropins, type DropinFile } from './oomd-config.js';
import { settingsOf, type KillerFiles, type KillerSettings } from './settings.js';

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
  return readTextOrNull(join(root, 'etc/default/earlyoom'));
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
    for (const name of names) files.push({ dirRank, name, text: readTextIfAllowed(join(root, dir, name)) });
  });
  return [readTextOrNull(join(root, 'etc/systemd/oomd.conf')), ...orderDropins(files)];
}

// A path from a killer's own argv is taken as absolute (services run with cwd /) and put under the root.

/** nohang's config: the --config path from its argv, else /etc/nohang/nohang.conf. */
export function readNohangConfig(root: string, configPath: string | null): string | null {
  return readTextIfAllowed(join(root, configPath ?? '/etc/nohang/nohang.conf'));
}

/** The kubelet's config file: the --config path from its argv, else kubeadm's /var/lib/kubelet/config.yaml. */
export function readKubeletConfig(root: string, configPath: string | null): string | null {
  return readTextIfAllowed(join(root, configPath ?? '/var/lib/kubelet/config.yaml'));
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
  if (killer.name === 'kubelet') files.kubeletConfigText = readKubeletConfig(roots.root, kubeletConfigPath(argv));
  return settingsOf(exact, files);
}
