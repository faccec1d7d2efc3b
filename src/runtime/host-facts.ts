// Host facts read once. For a captured tree (--root) they come from the tree's own procfs, so a
// sosreport names its own host. On the live machine, hostname and kernel come from node:os, at once, and
// --once and --json add the distribution from os-release(5), as systeminformation's osInfo() did (NAME
// and VERSION_ID). systeminformation is no longer imported: for those three values it ran `hostname -f`,
// `locale` and `ip` with execSync (40-80 ms of blocked main thread), its 313 kB were 37 % of the bundle
// that every start compiles, and the programs it started would inherit oomlens's lowered oom_score_adj.
import { readFileSync } from 'node:fs';
import { hostname as osHostname, release as osRelease } from 'node:os';
import type { HostFacts } from '../model/snapshot.js';
import { readSysctl } from '../procfs/host.js';
import type { Roots } from '../procfs/roots.js';
import { sanitize } from '../text/sanitize.js';

export function basicHostFacts(): HostFacts {
  return { hostname: sanitize(osHostname()), kernel: sanitize(osRelease()), distro: null };
}

/** "Debian GNU/Linux 12" from os-release(5) text: NAME and VERSION_ID, unquoted; null without NAME. */
export function parseOsRelease(text: string): string | null {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match === null) continue;
    const value = match[2]!.trim().replace(/^(["'])(.*)\1$/, '$2').replace(/\\(["'$`\\])/g, '$1');
    fields.set(match[1]!, value);
  }
  const name = fields.get('NAME');
  if (name === undefined || name === '') return null;
  const version = fields.get('VERSION_ID');
  return version ? `${name} ${version}` : name;
}

/** The distribution per /etc/os-release, else /usr/lib/os-release (the fallback os-release(5) names). */
function readDistro(): string | null {
  for (const path of ['/etc/os-release', '/usr/lib/os-release']) {
    try {
      return parseOsRelease(readFileSync(path, 'utf8'));
    } catch {
      // Absent: the next, then none.
    }
  }
  return null;
}

export async function liveHostFacts(): Promise<HostFacts> {
  const distro = readDistro();
  return { ...basicHostFacts(), distro: distro === null ? null : sanitize(distro) };
}

export function treeHostFacts(roots: Roots): HostFacts {
  return {
    hostname: sanitize(readSysctl(roots, 'kernel/hostname') ?? '?'),
    kernel: sanitize(readSysctl(roots, 'kernel/osrelease') ?? '?'),
    distro: null,
  };
}
