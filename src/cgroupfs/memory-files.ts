// Parsers for the memory cgroup files, as mm/memcontrol.c prints them in Linux 6.8 (memory_events_show() for
// v2 memory.events; mem_cgroup_read_u64() and mem_cgroup_oom_control_read() for v1). Pure: text in, plain
// values out. Byte counts are parsed as BigInt because pre-3.19 v1 prints "unlimited" as ULLONG_MAX, which a
// double cannot hold exactly, and a 16 EiB figure must not round into a limit; KiB values all fit.
import { parseKeyedNumbers } from '../procfs/keyed-numbers.js';

/**
 * v1 prints "no limit" as the page counter's ceiling: PAGE_COUNTER_MAX = LONG_MAX / PAGE_SIZE pages, shown in
 * bytes, so 0x7FFFFFFFFFFFF000 (9223372036854771712) with 4 KiB pages, 0x7FFFFFFFFFFFC000 with 16 KiB and
 * 0x7FFFFFFFFFFF0000 with 64 KiB. Kernels before 3.19 (res_counter) printed ULLONG_MAX. Anything at or above
 * the 64 KiB form is therefore "unlimited"; no real limit gets within 64 KiB of 8 EiB. (32-bit kernels print
 * a ~2 GiB ceiling that cannot be told from a real limit; we do not special-case them.)
 */
export const V1_UNLIMITED_BYTES = 0x7fffffffffff0000n;

/** A single-value file of bytes ("123456\n"); null when it is not a number (or "max"). */
export function parseBytes(text: string | null): bigint | null {
  if (text === null) return null;
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? BigInt(trimmed) : null;
}

export function bytesToKb(bytes: bigint): number {
  return Number(bytes / 1024n);
}

/** v2 memory.max / memory.swap.max: "max" means unlimited (null); a number is a limit in bytes. */
export function parseV2LimitKb(text: string | null): number | null {
  const bytes = parseBytes(text);
  return bytes === null ? null : bytesToKb(bytes);
}

/** v1 memory.limit_in_bytes / memory.memsw.limit_in_bytes: the page counter ceiling means unlimited (null). */
export function parseV1LimitKb(text: string | null): number | null {
  const bytes = parseBytes(text);
  return bytes === null || bytes >= V1_UNLIMITED_BYTES ? null : bytesToKb(bytes);
}

export interface MemoryEvents {
  /** Times usage went over memory.high and the cgroup was throttled (reclaim forced on its allocators). */
  high: number | null;
  /** Times usage was about to go over memory.max (reclaim ran; an OOM follows only if it fails). */
  max: number | null;
  /** Times the cgroup hit its limit and reclaim failed (an OOM situation). */
  oom: number | null;
  /** Processes killed by the OOM killer (4.13+). */
  oomKill: number | null;
  /** Group kills under memory.oom.group (≈5.17+). */
  oomGroupKill: number | null;
}

/** v2 memory.events / memory.events.local: flat "key value" lines; unknown keys are ignored. */
export function parseMemoryEvents(text: string): MemoryEvents {
  const values = parseKeyedNumbers(text);
  return {
    high: values.get('high') ?? null,
    max: values.get('max') ?? null,
    oom: values.get('oom') ?? null,
    oomKill: values.get('oom_kill') ?? null,
    oomGroupKill: values.get('oom_group_kill') ?? null,
  };
}

/**
 * v2 memory.stat `pgscan`: pages scanned by reclaim in the cgroup and its descendants, since it was made
 * (mm/memcontrol.c memory_stat_format(), the sum of its PGSCAN_KSWAPD and PGSCAN_DIRECT events, and PGSCAN_KHUGEPAGED where the kernel has it).
 * null when the text or the key is absent.
 */
export function parsePgscan(text: string | null): number | null {
  if (text === null) return null;
  return parseKeyedNumbers(text).get('pgscan') ?? null;
}

export interface OomControl {
  oomKillDisable: boolean | null;
  underOom: boolean | null;
  /** oom_kill exists since 4.13; older kernels print only the two flags. */
  oomKill: number | null;
}

/** v1 memory.oom_control: "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n". */
export function parseOomControl(text: string): OomControl {
  const values = parseKeyedNumbers(text);
  const flag = (key: string) => {
    const value = values.get(key);
    return value === undefined ? null : value !== 0;
  };
  return { oomKillDisable: flag('oom_kill_disable'), underOom: flag('under_oom'), oomKill: values.get('oom_kill') ?? null };
}

/** cgroup.procs: one pid per line, unordered, possibly with duplicates across reads. */
export function parseProcs(text: string): number[] {
  const pids: number[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (/^\d+$/.test(trimmed)) pids.push(Number(trimmed));
  }
  return pids;
}

/** A flag file such as v2 memory.oom.group ("0\n" / "1\n"); null when absent or not 0/1. */
export function parseFlag(text: string | null): boolean | null {
  const trimmed = text?.trim();
  return trimmed === '0' ? false : trimmed === '1' ? true : null;
}

/** A counter file such as v1 memory.failcnt ("12\n"); null when absent. */
export function parseCount(text: string | null): number | null {
  const trimmed = text?.trim();
  return trimmed !== undefined && /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}
