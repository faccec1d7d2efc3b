// Host facts read once. For a captured tree (--root) they come from the tree's own procfs, so a
// sosreport names its own host. On the live machine:
// - the TUI takes hostname and kernel from node:os, at once: they are what the screen shows, and
//   systeminformation's osInfo() spawns `hostname -f`, `locale` and `ip` with execSync on the way to the
//   same two values (measured: 40-80 ms of blocked main thread, between start and the first frame);
// - --once and --json ask systeminformation, which knows distributions, for the distro too; it runs
//   while the two samples are taken, so it costs them no time. It is imported only then.
import { hostname as osHostname, release as osRelease } from 'node:os';
import type { HostFacts } from '../model/snapshot.js';
import { readSysctl } from '../procfs/host.js';
import type { Roots } from '../procfs/roots.js';
import { sanitize } from '../text/sanitize.js';

export function basicHostFacts(): HostFacts {
  return { hostname: sanitize(osHostname()), kernel: sanitize(osRelease()), distro: null };
}

export async function liveHostFacts(): Promise<HostFacts> {
  try {
    const { default: si } = await import('systeminformation');
    const os = await si.osInfo();
    const distro = [os.distro, os.release].filter((part) => part && part !== 'unknown').join(' ');
    return {
      hostname: sanitize(os.hostname || osHostname()),
      kernel: sanitize(os.kernel || osRelease()),
      distro: distro === '' ? null : sanitize(distro),
    };
  } catch {
    return basicHostFacts();
  }
}

export function treeHostFacts(roots: Roots): HostFacts {
  return {
    hostname: sanitize(readSysctl(roots, 'kernel/hostname') ?? '?'),
    kernel: sanitize(readSysctl(roots, 'kernel/osrelease') ?? '?'),
    distro: null,
  };
}
