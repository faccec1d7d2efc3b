// Host facts read once. On the live machine systeminformation supplies them (it knows distributions);
// for a captured tree (--root) they come from the tree's own procfs so a sosreport names its own host.
import { hostname as osHostname, release as osRelease } from 'node:os';
import si from 'systeminformation';
import type { HostFacts } from '../model/snapshot.js';
import { readSysctl } from '../procfs/host.js';
import type { Roots } from '../procfs/roots.js';
import { sanitize } from '../text/sanitize.js';

export async function liveHostFacts(): Promise<HostFacts> {
  try {
    const os = await si.osInfo();
    const distro = [os.distro, os.release].filter((part) => part && part !== 'unknown').join(' ');
    return {
      hostname: sanitize(os.hostname || osHostname()),
      kernel: sanitize(os.kernel || osRelease()),
      distro: distro === '' ? null : sanitize(distro),
    };
  } catch {
    return { hostname: sanitize(osHostname()), kernel: sanitize(osRelease()), distro: null };
  }
}

export function treeHostFacts(roots: Roots): HostFacts {
  return {
    hostname: sanitize(readSysctl(roots, 'kernel/hostname') ?? '?'),
    kernel: sanitize(readSysctl(roots, 'kernel/osrelease') ?? '?'),
    distro: null,
  };
}
