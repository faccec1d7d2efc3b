// A throwaway cgroup v1 memory cgroup for real tests on this machine. Created under its own unique name,
// removed by its own path; every process started in it is ended by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const V1_MEMORY_ROOT = '/sys/fs/cgroup/memory';

/** Why a real cgroup test cannot run here, or null when it can. */
export function cgroupSkipReason(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to create a memory cgroup';
  if (!existsSync(join(V1_MEMORY_ROOT, 'cgroup.procs'))) return `no cgroup v1 memory controller at ${V1_MEMORY_ROOT}`;
  return null;
}

export class TestCgroup {
  readonly name: string;
  readonly path: string;
  private readonly children: ChildProcess[] = [];

  constructor(label: string, limitBytes: number) {
    this.name = `oomlens-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.path = join(V1_MEMORY_ROOT, this.name);
    mkdirSync(this.path);
    writeFileSync(join(this.path, 'memory.limit_in_bytes'), String(limitBytes));
  }

  /** Starts `argv` inside the cgroup: a shell joins it, then execs the program. */
  run(argv: string[]): ChildProcess {
    const script = `echo $$ > ${join(this.path, 'cgroup.procs')} && exec "$@"`;
    const child = spawn('sh', ['-c', script, 'sh', ...argv], { stdio: 'ignore' });
    this.children.push(child);
    return child;
  }

  read(file: string): string {
    return readFileSync(join(this.path, file), 'utf8');
  }

  /** Ends our processes, waits for the cgroup to empty, removes it. */
  async remove(): Promise<void> {
    for (const child of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      try {
        rmdirSync(this.path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    rmdirSync(this.path);
  }
}

/**
 * Caps memory + swap at the memory limit where the kernel accounts swap (memory.memsw.*), so that a swap
 * file another test switched on cannot let a hog escape its OOM kill by swapping.
 */
export function capSwapToo(cgroup: TestCgroup, limitBytes: number): void {
  const memsw = join(cgroup.path, 'memory.memsw.limit_in_bytes');
  if (existsSync(memsw)) writeFileSync(memsw, String(limitBytes));
}
