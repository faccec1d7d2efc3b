// Reads this boot's clock (wall-time.ts BootClock): the wall clock, CLOCK_MONOTONIC (process.hrtime: libuv
// reads clock_gettime(CLOCK_MONOTONIC)) and CLOCK_BOOTTIME (/proc/uptime, fs/proc/uptime.c uptime_proc_show(),
// ktime_get_boottime_ts64(); Linux 6.8). The kernel's printk stamps (local_clock()) track CLOCK_MONOTONIC to
// within milliseconds (measured on this project's VM: 2 ms) and, like it, stop during a suspend.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootClockFrom, type BootClock } from './wall-time.js';

/** Null when /proc/uptime cannot be read. */
export function readBootClock(procRoot = '/proc'): BootClock | null {
  let text: string;
  try {
    text = readFileSync(join(procRoot, 'uptime'), 'utf8');
  } catch {
    return null;
  }
  const boottimeSeconds = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isFinite(boottimeSeconds) || text.trim() === '') return null;
  const monotonicMs = Number(process.hrtime.bigint()) / 1e6;
  return bootClockFrom(Date.now(), monotonicMs, boottimeSeconds * 1000);
}

/** This boot's id (/proc/sys/kernel/random/boot_id, drivers/char/random.c): which boot a kill belongs to. */
export function readBootId(procRoot = '/proc'): string | null {
  try {
    const id = readFileSync(join(procRoot, 'sys', 'kernel', 'random', 'boot_id'), 'utf8').trim();
    return id === '' ? null : id;
  } catch {
    return null;
  }
}
