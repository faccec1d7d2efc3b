// Limited memory cgroups for the forecast's figure (issue 13's target is at 2,000 processes and 50
// cgroups; a box has a handful): created under unique names in the cgroup v1 memory hierarchy, each with
// a limit far above what its share of the population touches, the population's processes spread across
// them. Ended on every exit path: the processes go back to the root cgroup, then each cgroup is removed
// by its own path.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup } from './cleanup.js';

const V1_MEMORY_ROOT = '/sys/fs/cgroup/memory';

/** Why the bench cannot make cgroups here, or null when it can. */
export function cgroupsSkipReason(): string | null {
  if (process.getuid?.() !== 0) return 'making memory cgroups needs root';
  if (!existsSync(join(V1_MEMORY_ROOT, 'cgroup.procs'))) return `no cgroup v1 memory controller at ${V1_MEMORY_ROOT}`;
  return null;
}

export interface BenchCgroups {
  paths: string[];
  end(): void;
}

/** Writes a pid into a cgroup; false when the process is gone (ESRCH). */
function move(pid: number, cgroup: string): boolean {
  try {
    writeFileSync(join(cgroup, 'cgroup.procs'), String(pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

function remove(path: string): void {
  if (!existsSync(path)) return;
  for (const pid of readFileSync(join(path, 'cgroup.procs'), 'utf8').split('\n').filter((line) => line !== '')) move(Number(pid), V1_MEMORY_ROOT);
  try {
    rmdirSync(path);
  } catch (error) {
    process.stderr.write(`bench: could not remove ${path}: ${(error as Error).message}\n`);
  }
}

/** `count` cgroups limited to `limitBytes` each, `pids` dealt across them round-robin. */
export function spreadIntoCgroups(pids: readonly number[], count: number, limitBytes: number): BenchCgroups {
  const paths: string[] = [];
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    for (const path of paths) remove(path);
  };
  onCleanup(end);
  try {
    for (let i = 0; i < count; i++) {
      const path = join(V1_MEMORY_ROOT, `oomlens-bench-${process.pid}-${i}`);
      mkdirSync(path);
      paths.push(path);
      writeFileSync(join(path, 'memory.limit_in_bytes'), String(limitBytes));
    }
    pids.forEach((pid, i) => move(pid, paths[i % count]!));
  } catch (error) {
    end();
    throw error;
  }
  return { paths, end };
}
