// The Forecaster keeps the cgroup plan and the rows by pid from tick to tick (forecast-memo.ts): over any
// run of ticks (walks or none, rows changed, gone, new, a pid twice, the swap size changed) its forecast is
// the one a fresh computation gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { MemoryCgroup } from '../../src/cgroupfs/memory-cgroup.js';
import { buildForecast } from '../../src/model/forecast/forecast.js';
import { ForecastMemo } from '../../src/model/forecast/forecast-memo.js';
import { CgroupUsageHistory } from '../../src/model/forecast/scope-trend.js';
import type { ProcessRow } from '../../src/model/snapshot.js';
import { memoryCgroup } from '../helpers/cgroups.js';
import { ranked, row } from '../helpers/rows.js';

const PIDS = 24;

/** A process as one tick has it: its pid, whether a row is handed at all, and what the row says. */
const processState = fc.record({
  present: fc.boolean(),
  twice: fc.integer({ min: 0, max: 15 }).map((n) => n === 0),
  rssKb: fc.integer({ min: 0, max: 400_000 }),
  oomScoreAdj: fc.oneof(fc.constant(null), fc.constantFrom(-1000, 0, 500), fc.integer({ min: -1000, max: 1000 })),
  kernelThread: fc.integer({ min: 0, max: 10 }).map((n) => n === 0),
  /** Which cgroup its /proc/PID/cgroup names (an index into the tree; out of range: none). */
  cgroup: fc.integer({ min: 0, max: 8 }),
  /** Whether this tick hands over last tick's row object unchanged. */
  same: fc.boolean(),
});

const tickPlan = fc.record({
  walk: fc.boolean(),
  /** A new usage sample of the same list (the history moves, the list does not). */
  resample: fc.boolean(),
  swapTotalKb: fc.constantFrom(0, 0, 0, 1_048_576),
  processes: fc.array(processState, { minLength: PIDS, maxLength: PIDS }),
  /** Where each pid sits in this walk's cgroup.procs lists (an index into the tree; out of range: nowhere). */
  placement: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: PIDS, maxLength: PIDS }),
  usageKb: fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 7, maxLength: 7 }),
});

/** A tree of up to 7 cgroups: each one's parent comes before it; some limited, some with oom.group. */
const tree = fc.record({
  version: fc.constantFrom(1 as const, 2 as const),
  nodes: fc.array(
    fc.record({ parent: fc.nat(), limitKb: fc.oneof(fc.constant(null), fc.integer({ min: 1024, max: 2_000_000 })), oomGroup: fc.boolean(), swapLimitKb: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 100_000 })) }),
    { minLength: 1, maxLength: 7 },
  ),
});

function pathsOf(nodes: readonly { parent: number }[]): string[] {
  const paths: string[] = [];
  nodes.forEach((node, i) => {
    const parent = i === 0 ? null : paths[node.parent % i]!;
    paths.push(parent === null ? '/' : `${parent === '/' ? '' : parent}/c${i}`);
  });
  return paths;
}

test('a memoised forecast equals a fresh one over any run of ticks (property)', () => {
  fc.assert(
    fc.property(tree, fc.array(tickPlan, { minLength: 1, maxLength: 10 }), ({ version, nodes }, ticks) => {
      const paths = pathsOf(nodes);
      const history = new CgroupUsageHistory(1000);
      const memo = new ForecastMemo();
      let cgroups: MemoryCgroup[] | null = null;
      let lastRows = new Map<number, ProcessRow>();
      ticks.forEach((tick, t) => {
        if (tick.walk || cgroups === null) {
          cgroups = nodes.map((node, i) =>
            memoryCgroup({
              path: paths[i]!,
              version,
              usageKb: tick.usageKb[i]!,
              limitKb: node.limitKb,
              swapLimitKb: node.swapLimitKb,
              oomGroup: version === 2 ? node.oomGroup : null,
              pids: tick.placement.flatMap((where, pid) => (where === i ? [pid + 1] : [])),
            }),
          );
          history.update(cgroups, t * 1000);
        } else if (tick.resample) {
          cgroups.forEach((cgroup, i) => (cgroup.usageKb = tick.usageKb[i]!));
          history.update(cgroups, t * 1000);
        }
        const rows: ProcessRow[] = [];
        tick.processes.forEach((state, index) => {
          const pid = index + 1;
          if (!state.present) return;
          const previous = lastRows.get(pid);
          const fresh = row(pid, `p${pid}`, 500, state.rssKb, {
            oomScoreAdj: state.oomScoreAdj,
            kernelThread: state.kernelThread,
            memoryCgroup: paths[state.cgroup] ?? null,
          });
          rows.push(state.same && previous !== undefined ? previous : fresh);
          if (state.twice) rows.push({ ...fresh, name: `again${pid}` });
        });
        const processes = ranked(rows);
        lastRows = new Map(processes.map((r) => [r.pid, r]));
        const inputs = {
          processes,
          cgroups,
          memory: { totalKb: 24_000_000, freeKb: 1_000_000, availableKb: 2_000_000, swapTotalKb: tick.swapTotalKb, swapFreeKb: tick.swapTotalKb },
          boxEtaSeconds: null,
          boxHeadroomKbPerMin: null,
          policy: { panicOnOom: 0, oomKillAllocatingTask: false, overcommitMemory: 0 },
          history,
        } as const;
        assert.deepEqual(buildForecast(inputs, memo), buildForecast(inputs));
      });
    }),
    { numRuns: 400 },
  );
});

test('the rows by pid, kept from tick to tick, are those of a map built afresh, the last of a pid winning (property)', () => {
  const list = fc.array(fc.record({ pid: fc.integer({ min: 1, max: 12 }), copy: fc.boolean() }), { maxLength: 14 });
  fc.assert(
    fc.property(fc.array(list, { minLength: 1, maxLength: 8 }), (ticks) => {
      const memo = new ForecastMemo();
      const objects = new Map<number, ProcessRow>();
      for (const tick of ticks) {
        const processes = tick.map(({ pid, copy }) => {
          let object = objects.get(pid);
          if (object === undefined || copy) objects.set(pid, (object = row(pid, `p${pid}`, 0, 0)));
          return object;
        });
        const lookup = memo.rowsOf(processes);
        const afresh = new Map(processes.map((r) => [r.pid, r]));
        for (let pid = 1; pid <= 12; pid++) assert.equal(lookup.get(pid), afresh.get(pid), `pid ${pid}`);
      }
    }),
    { numRuns: 1000 },
  );
});
