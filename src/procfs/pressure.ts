// PSI, /proc/pressure/memory (4.20+, CONFIG_PSI): the share of wall time in which some (or all) non-idle
// tasks were stalled waiting for memory. `avgN` are percentages over 10/60/300 s; `total` is cumulative
// stall time in µs, which gives an instantaneous figure between two samples (model/rates.ts).
//
// Absent is not zero: the file is missing when PSI is compiled out, and with psi=0 on the kernel command
// line some kernels still create it but fail the read with EOPNOTSUPP. Both mean "PSI n/a", so the readers
// return null and the UI must not print 0.00.
// The same format is used by cgroup v2 memory.pressure, and by the cpu file, which before 5.13 has no
// `full` line.
import { join } from 'node:path';
import { readTextOrNull } from './read.js';
import type { Roots } from './roots.js';

export interface PressureLine {
  /** Percent of the last 10 s. */
  avg10: number;
  avg60: number;
  avg300: number;
  /** Cumulative stall time since boot, µs. */
  totalUs: number;
}

export interface Pressure {
  some: PressureLine;
  /** Null where the kernel prints no `full` line. */
  full: PressureLine | null;
}

const LINE = /^(some|full)\s+(.*)$/;

function parseFields(rest: string): PressureLine | null {
  const fields = new Map<string, number>();
  for (const pair of rest.trim().split(/\s+/)) {
    const [key, value] = pair.split('=');
    if (key !== undefined && value !== undefined && value !== '') fields.set(key, Number(value));
  }
  const avg10 = fields.get('avg10');
  const avg60 = fields.get('avg60');
  const avg300 = fields.get('avg300');
  const totalUs = fields.get('total');
  const values = [avg10, avg60, avg300, totalUs];
  if (!values.every((value) => value !== undefined && Number.isFinite(value))) return null;
  return { avg10: avg10!, avg60: avg60!, avg300: avg300!, totalUs: totalUs! };
}

/** Parses a PSI file. Null when there is no readable `some` line (empty or foreign text). */
export function parsePressure(text: string): Pressure | null {
  let some: PressureLine | null = null;
  let full: PressureLine | null = null;
  for (const line of text.split('\n')) {
    const match = LINE.exec(line.trim());
    if (!match) continue;
    const parsed = parseFields(match[2]!);
    if (match[1] === 'some') some = parsed;
    else full = parsed;
  }
  return some === null ? null : { some, full };
}

/** True for the error a PSI file gives when PSI is disabled at boot (psi=0). */
function isUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EOPNOTSUPP' || code === 'ENOTSUP';
}

/**
 * Reads one PSI file (system-wide or a cgroup's memory.pressure). Null when it is absent or PSI is
 * disabled. `readText` is injectable so tests can produce EOPNOTSUPP.
 */
export function readPressureFile(
  path: string,
  readText: (path: string) => string | null = readTextOrNull,
): Pressure | null {
  try {
    const text = readText(path);
    return text === null ? null : parsePressure(text);
  } catch (error) {
    if (isUnsupported(error)) return null;
    throw error;
  }
}

/** /proc/pressure/memory, or null when this kernel has no (enabled) PSI. */
export function readMemoryPressure(
  roots: Roots,
  readText: (path: string) => string | null = readTextOrNull,
): Pressure | null {
  return readPressureFile(join(roots.proc, 'pressure', 'memory'), readText);
}
