// htop as the yardstick: htop 3.x in a pty at 80x24 with its default columns plus OOM (the kernel's
// oom_score, which makes htop read /proc/PID/oom_score for every process), refreshing every second
// (-d 10). A temporary HOME holds the htoprc, so the user's own settings play no part.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from './cleanup.js';
import { PtyProgram } from './pty.js';

/**
 * htop's default columns (PID USER PRI NI VIRT RES SHR S CPU% MEM% TIME+ Command) with OOM (field 113 in
 * htop 3.x's Linux ProcessField table) before Command.
 */
const FIELDS = '0 48 17 18 38 39 40 2 46 47 49 113 1';

export function htopVersion(): string | null {
  const result = spawnSync('htop', ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split('\n')[0]! : null;
}

let home: string | null = null;

function htopHome(): string {
  if (home !== null) return home;
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-bench-htop-'));
  mkdirSync(join(dir, '.config', 'htop'), { recursive: true });
  writeFileSync(join(dir, '.config', 'htop', 'htoprc'), `fields=${FIELDS}\n`);
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  home = dir;
  return dir;
}

/** htop in its own pty; `tenthsOfSecond` is its -d delay. */
export function startHtop(tenthsOfSecond = 10): PtyProgram {
  const dir = htopHome();
  return new PtyProgram({ command: `htop -d ${tenthsOfSecond}`, env: { HOME: dir, XDG_CONFIG_HOME: join(dir, '.config') } });
}
