// The sysctls that change what an OOM does, read together every few seconds (an operator may flip them
// mid-incident):
//  - vm.panic_on_oom (mm/oom_kill.c check_panic_on_oom()): 0 kills; 1 panics on a global OOM but not on
//    one confined by a cgroup, cpuset or mempolicy; 2 panics on every OOM, cgroup OOMs included.
//  - vm.oom_kill_allocating_task (mm/oom_kill.c out_of_memory()): 1 kills the task whose allocation
//    failed, if it is killable, instead of the one with the highest badness; global OOMs only.
//  - vm.overcommit_memory: whether CommitLimit means anything (overcommit.ts).
// Each is null where the file is absent (a captured tree without /proc/sys): unknown, not the default.
import { join } from 'node:path';
import { readOvercommitMemory, type OvercommitMode } from './overcommit.js';
import { readTextIfAllowed } from './read.js';
import type { Roots } from './roots.js';

export type PanicOnOom = 0 | 1 | 2;

export interface OomPolicy {
  panicOnOom: PanicOnOom | null;
  oomKillAllocatingTask: boolean | null;
  overcommitMemory: OvercommitMode | null;
}

/** "2\n" → 2; null for anything else (the kernel accepts only 0..2: proc_dointvec_minmax). */
export function parsePanicOnOom(text: string | null): PanicOnOom | null {
  const value = text?.trim();
  return value === '0' || value === '1' || value === '2' ? (Number(value) as PanicOnOom) : null;
}

/** Any non-zero value enables it (the kernel tests the int for truth). */
export function parseOomKillAllocatingTask(text: string | null): boolean | null {
  const value = text?.trim();
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) !== 0 : null;
}

export function readOomPolicy(roots: Roots): OomPolicy {
  const vm = (name: string) => readTextIfAllowed(join(roots.proc, 'sys', 'vm', name));
  return {
    panicOnOom: parsePanicOnOom(vm('panic_on_oom')),
    oomKillAllocatingTask: parseOomKillAllocatingTask(vm('oom_kill_allocating_task')),
    overcommitMemory: readOvercommitMemory(roots),
  };
}

/** True when every setting is the kernel's default (the header then says nothing about them). */
export function isDefaultOomPolicy(policy: OomPolicy): boolean {
  return policy.panicOnOom === 0 && policy.oomKillAllocatingTask === false;
}
