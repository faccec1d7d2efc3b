// atop as a second yardstick for memory: Debian's package, installed by the bench when it is missing (as
// root, with apt-get), without leaving atop's own services running. Debian's atop package starts
// atop.service (a daemon writing daily logs) and atopacct.service (process accounting) on install: a
// policy-rc.d that refuses every start is put in place for the install when none is there, and any atop
// or atopacctd process that appeared during the install is ended by pid afterwards.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { PtyProgram } from './pty.js';

const POLICY_RC_D = '/usr/sbin/policy-rc.d';

export function atopVersion(): string | null {
  const result = spawnSync('atop', ['-V'], { encoding: 'utf8' });
  if (result.error !== undefined) return null;
  const version = /Version:?\s*(\S+)/i.exec(`${result.stdout}${result.stderr}`)?.[1];
  return version === undefined ? 'atop' : `atop ${version}`;
}

function daemonPids(): number[] {
  const result = spawnSync('pgrep', ['-x', 'atop|atopacctd'], { encoding: 'utf8' });
  return result.stdout.split('\n').filter((line) => line !== '').map(Number);
}

/**
 * atop's version, installing Debian's package first when it is missing; null, with the reason in
 * `skipped`, when it cannot be had.
 */
export function ensureAtop(log: (message: string) => void): { version: string | null; skipped: string | null } {
  const present = atopVersion();
  if (present !== null) return { version: present, skipped: null };
  if (process.getuid?.() !== 0) return { version: null, skipped: 'atop is not installed, and installing it needs root' };
  if (spawnSync('apt-get', ['--version']).status !== 0) return { version: null, skipped: 'atop is not installed, and there is no apt-get' };
  log("installing Debian's atop (apt-get install atop), its services kept from starting");
  const before = new Set(daemonPids());
  const madePolicy = !existsSync(POLICY_RC_D);
  if (madePolicy) {
    writeFileSync(POLICY_RC_D, '#!/bin/sh\n# oomlens bench: no service starts during the atop install\nexit 101\n');
    chmodSync(POLICY_RC_D, 0o755);
  }
  let failure: string | null = null;
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'atop'], { encoding: 'utf8', env, timeout: 300_000 });
    let result = install();
    if (result.status !== 0) {
      spawnSync('apt-get', ['update'], { encoding: 'utf8', env, timeout: 300_000 });
      result = install();
    }
    if (result.status !== 0) failure = `apt-get install atop failed: ${(result.stderr || result.stdout).trim().split('\n').pop()}`;
  } finally {
    if (madePolicy) rmSync(POLICY_RC_D, { force: true });
    // Whatever the install started despite the policy is ours to end.
    for (const pid of daemonPids()) {
      if (before.has(pid)) continue;
      log(`ending atop's own ${pid} (started by the install)`);
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Gone already.
      }
    }
  }
  const version = atopVersion();
  return version === null ? { version: null, skipped: failure ?? 'atop did not install' } : { version, skipped: null };
}

/**
 * atop's interactive screen in its own pty, refreshing every second. ATOPACCT set empty: without it, atop
 * as root with no atopacctd switches the kernel's process accounting on itself (acct() into
 * /var/cache/atop.d/atop.acct), and the pty's SIGKILL at the end leaves it on.
 */
export function startAtop(): PtyProgram {
  return new PtyProgram({ command: 'atop 1', env: { ATOPACCT: '' } });
}

/**
 * `atop -w FILE SECONDS`: atop writing its raw file, no screen; ATOPACCT empty as for startAtop() (the
 * idle population has no exits for accounting to report anyway).
 */
export function startAtopWriter(file: string, seconds: number): ChildProcess {
  return spawn('atop', ['-w', file, String(seconds)], { env: { ...process.env, ATOPACCT: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
}
