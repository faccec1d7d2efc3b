// How close the box is, over time: swap rates and their sparkline history, PSI now and averaged, the zone
// watermarks, commit, and the ETA to OOM from the headroom trend. Fed once per tick by the Sampler with
// what it read; keeps the little history each figure needs and nothing more.
import type { Meminfo } from '../../procfs/meminfo.js';
import type { OvercommitMode } from '../../procfs/overcommit.js';
import type { Pressure } from '../../procfs/pressure.js';
import type { Vmstat } from '../../procfs/vmstat.js';
import type { ZoneWatermarks } from '../../procfs/zoneinfo.js';
import { pagesToKb, populatedZones } from '../../procfs/zoneinfo.js';
import { RingBuffer, SPARKLINE_SAMPLES, trendCapacity } from './history.js';
import type { TimedValue } from './trend.js';
import { stallPercent, swapCountersFrom, swapRates, type PressureReading, type SwapCounters } from './rates.js';
import type { MemoryPressure, ZoneView } from '../snapshot.js';
import { etaSeconds, headroomKb, TREND_WINDOW_MS } from './trend.js';

export interface PressureInputs {
  atMs: number;
  meminfo: Meminfo | null;
  vmstat: Vmstat | null;
  zoneinfo: ZoneWatermarks[] | null;
  psi: Pressure | null;
  overcommit: OvercommitMode | null;
}

export class PressureTracker {
  private previousSwap: SwapCounters | null = null;
  private previousPsi: PressureReading | null = null;
  private readonly swapIn = new RingBuffer<number | null>(SPARKLINE_SAMPLES);
  private readonly swapOut = new RingBuffer<number | null>(SPARKLINE_SAMPLES);
  private readonly headroom: RingBuffer<TimedValue>;

  constructor(private readonly pageSize: number, intervalMs: number) {
    this.headroom = new RingBuffer<TimedValue>(trendCapacity(intervalMs, TREND_WINDOW_MS));
  }

  update(inputs: PressureInputs): MemoryPressure {
    const counters = swapCountersFrom(inputs.vmstat, inputs.atMs);
    const rates = swapRates(this.previousSwap, counters, this.pageSize);
    this.previousSwap = counters;
    this.swapIn.push(rates.inPagesPerSec);
    this.swapOut.push(rates.outPagesPerSec);

    const psiReading = { atMs: inputs.atMs, pressure: inputs.psi };
    const stall = stallPercent(this.previousPsi, psiReading);
    this.previousPsi = psiReading;

    if (inputs.meminfo) this.headroom.push({ t: inputs.atMs, value: headroomKb(inputs.meminfo) });
    const meminfo = inputs.meminfo;
    return {
      swapRates: rates,
      swapInHistory: this.swapIn.toArray(),
      swapOutHistory: this.swapOut.toArray(),
      zones: inputs.zoneinfo === null ? null : populatedZones(inputs.zoneinfo).map((zone) => this.zoneView(zone)),
      psi: inputs.psi,
      stallPercent: stall,
      commit: meminfo && {
        committedKb: meminfo.committedKb,
        limitKb: meminfo.commitLimitKb,
        overcommitMemory: inputs.overcommit,
      },
      etaSeconds: etaSeconds(this.headroom.toArray()),
    };
  }

  private zoneView(zone: ZoneWatermarks): ZoneView {
    const kb = (pages: number) => pagesToKb(pages, this.pageSize);
    return {
      node: zone.node,
      zone: zone.zone,
      freePages: zone.freePages,
      minPages: zone.minPages,
      lowPages: zone.lowPages,
      highPages: zone.highPages,
      freeKb: kb(zone.freePages),
      minKb: kb(zone.minPages),
      lowKb: kb(zone.lowPages),
      highKb: kb(zone.highPages),
      managedKb: kb(zone.managedPages),
    };
  }
}
