// The Forecaster reads a unit's ManagedOOM*= settings once, not every tick, keeps only the units of the
// cgroups the last walk met (transient scopes come and go by the thousand on a busy box), and reads them
// all again after a while (systemd hands oomd a unit's changed settings on a daemon-reload).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OOMD_DEFAULTS } from '../../src/killers/oomd-config.js';
import { Forecaster, type ForecastTick } from '../../src/model/forecast/forecaster.js';
import type { MemoryCgroup } from '../../src/cgroupfs/memory-cgroup.js';
import { memoryCgroup } from '../helpers/cgroups.js';
import { DEFAULT_POLICY, row } from '../helpers/rows.js';

const OOMD = row(612, 'systemd-oomd', 0, 6000, { cmdline: '/lib/systemd/systemd-oomd' });

function tick(atMs: number, cgroups: readonly MemoryCgroup[], cgroupsWalked: boolean): ForecastTick {
  return { atMs, processes: [OOMD], meminfo: null, memory: null, cgroups, cgroupsWalked, boxEtaSeconds: null };
}

test('unit settings: read once per unit, forgotten when their cgroup is gone, read again after 5 minutes', () => {
  const reads: string[] = [];
  const forecaster = new Forecaster({
    intervalMs: 1000,
    readPolicy: () => DEFAULT_POLICY,
    readKillerSettings: (killer) => ({ name: 'systemd-oomd', pid: killer.pid, config: OOMD_DEFAULTS, dryRun: false }),
    readUnitManagedOom: (unit) => {
      reads.push(unit);
      return null;
    },
  });
  const app = memoryCgroup({ path: '/system.slice/app.service' });
  const run = (n: number) => memoryCgroup({ path: `/system.slice/run-u${n}.scope` });
  forecaster.update(tick(0, [app, run(1)], true));
  forecaster.update(tick(1000, [app, run(1)], false));
  forecaster.update(tick(2000, [app, run(1)], true));
  assert.deepEqual(reads.filter((u) => u.startsWith('app') || u.startsWith('run')), ['app.service', 'run-u1.scope'], 'once each over three ticks');
  reads.length = 0;
  forecaster.update(tick(3000, [app, run(2)], true));
  forecaster.update(tick(4000, [app, run(1)], true));
  assert.deepEqual(reads.filter((u) => u.startsWith('app') || u.startsWith('run')), ['run-u2.scope', 'run-u1.scope'], 'a scope gone for a walk is forgotten');
  reads.length = 0;
  forecaster.update(tick(4000 + 5 * 60_000, [app, run(1)], true));
  assert.deepEqual(reads.filter((u) => u.startsWith('app') || u.startsWith('run')), ['app.service', 'run-u1.scope'], 'all read again after 5 minutes');
});
