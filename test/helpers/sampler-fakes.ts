// Stand-ins for the Sampler's clock and system readers, for tests that drive it tick by tick.
import { settingsOf } from '../../src/killers/index.js';
import type { Clock, SystemFiles } from '../../src/model/sampling/sampler.js';

export type FakeClock = Clock & { advance(ms: number): void };

/** A clock that moves only when told; the wall clock is a fixed date plus the same offset. */
export function fakeClock(startMs = 0, wallAtZeroMs = 1_700_000_000_000): FakeClock {
  let now = startMs;
  return { monotonicMs: () => now, wallMs: () => wallAtZeroMs + now, advance: (ms) => void (now += ms) };
}

/** System readers on a kernel that has none of the files (each reads null): only processes are sampled. */
export const NO_SYSTEM_FILES: SystemFiles = {
  meminfo: () => null,
  vmstat: () => null,
  uptimeSeconds: () => null,
  zoneinfo: () => null,
  pressure: () => null,
  overcommit: () => null,
  cgroups: () => null,
  oomPolicy: () => ({ panicOnOom: null, oomKillAllocatingTask: null, overcommitMemory: null }),
  killerSettings: (killer) => settingsOf(killer, {}),
};
