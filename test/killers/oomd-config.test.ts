// systemd-oomd's settings read from real files (test/fixtures/killers/README.md): Debian's vendor files,
// and the files systemd's own TEST-55-OOMD.sh writes, with the answers that test asserts through oomctl.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OOMD_DEFAULTS, orderDropins, parseOomdConfig, parseSystemctlShow, parseUnitManagedOom } from '../../src/killers/oomd-config.js';
import { readOomdConfigTexts } from '../../src/killers/readers.js';
import { parseSystemdPercent, parseSystemdTimespan } from '../../src/killers/systemd-values.js';
import { dropinDirsOf, readUnitManagedOom, unitsOfCgroup } from '../../src/killers/unit-files.js';
import { fixturePath, fixtureText } from '../helpers/fixtures.js';

const DEBIAN = fixturePath('killers', 'oomd-debian');
const TEST55 = fixturePath('killers', 'test55-root');

test('Debian bookworm: compile-time limits, the vendor drop-in\'s 20s, swap kill on -.slice, 50% on user@.service', () => {
  assert.deepEqual(parseOomdConfig(readOomdConfigTexts(DEBIAN)), { swapUsedLimitPercent: 90, defaultMemoryPressureLimitPercent: 60, defaultMemoryPressureDurationSec: 20 });
  assert.equal(readUnitManagedOom(DEBIAN, '-.slice')?.swap, 'kill');
  const user = readUnitManagedOom(DEBIAN, 'user@1000.service');
  assert.deepEqual([user?.memoryPressure, user?.memoryPressureLimitPercent], ['kill', 50]);
  assert.equal(readUnitManagedOom(DEBIAN, 'nginx.service'), null);
  assert.deepEqual(parseOomdConfig(readOomdConfigTexts(fixturePath('killers', 'no-such-root'))), OOMD_DEFAULTS);
});

test('TEST-55-OOMD: the /run drop-ins sort after the vendor ones and win ("Default Memory Pressure Duration: 2s")', () => {
  assert.deepEqual(parseOomdConfig(readOomdConfigTexts(TEST55)), { swapUsedLimitPercent: 90, defaultMemoryPressureLimitPercent: 60, defaultMemoryPressureDurationSec: 2 });
  assert.equal(readUnitManagedOom(TEST55, '-.slice')?.swap, 'auto');
  const user = readUnitManagedOom(TEST55, 'user@1000.service');
  assert.deepEqual([user?.memoryPressure, user?.memoryPressureLimitPercent], ['auto', null]); // 0% means "the default"
  const workload = readUnitManagedOom(TEST55, 'TEST-55-OOMD-workload.slice');
  assert.deepEqual([workload?.memoryPressure, workload?.memoryPressureLimitPercent], ['kill', 20]); // "Memory Pressure Limit: 20.00%"
  // testcase_duration_override: "Memory Pressure Duration: 3s" for testmunch, the default ("[not set]") for testchill.
  assert.equal(readUnitManagedOom(TEST55, 'TEST-55-OOMD-testmunch.service')?.memoryPressureDurationSec, 3);
  assert.equal(readUnitManagedOom(TEST55, 'TEST-55-OOMD-testchill.service')?.memoryPressureDurationSec, null);
});

test('TEST-55-OOMD testcase_reload: "Swap Used Limit: 80.00%", "Default Memory Pressure Limit: 55.00%", "…Duration: 5s"', () => {
  const texts = [...readOomdConfigTexts(DEBIAN), fixtureText('killers', 'oomd-loose', 'run-oomd.conf.d-99-oomd-test-reload.conf')];
  assert.deepEqual(parseOomdConfig(texts), { swapUsedLimitPercent: 80, defaultMemoryPressureLimitPercent: 55, defaultMemoryPressureDurationSec: 5 });
  // An empty assignment resets to the compile-time default; 0 is "unset or 0" → 30 s.
  assert.equal(parseOomdConfig([...texts, '[OOM]\nSwapUsedLimit=\nDefaultMemoryPressureDurationSec=0\n']).swapUsedLimitPercent, 90);
  assert.equal(parseOomdConfig(['[OOM]\nDefaultMemoryPressureDurationSec=0\n']).defaultMemoryPressureDurationSec, 30);
});

test('issue #33486\'s memorylimited.slice: kill at 5%; settings outside a resource section are not read', () => {
  const slice = parseUnitManagedOom([fixtureText('killers', 'oomd-loose', 'memorylimited.slice')]);
  assert.deepEqual([slice.memoryPressure, slice.memoryPressureLimitPercent, slice.swap], ['kill', 5, null]);
  assert.equal(parseUnitManagedOom(['[Unit]\nManagedOOMSwap=kill\n']).swap, null);
});

test('drop-ins: one per file name, /etc over /usr/lib, applied in name order; a masked (empty) file drops the vendor one', () => {
  const ordered = orderDropins([
    { dirRank: 3, name: '10-oomd-defaults.conf', text: 'vendor' },
    { dirRank: 0, name: '10-oomd-defaults.conf', text: '' },
    { dirRank: 1, name: '05-early.conf', text: 'run' },
    { dirRank: 3, name: 'README', text: 'not a drop-in' },
  ]);
  assert.deepEqual(ordered, ['run', '']);
});

test('unit names of a cgroup path, and the drop-in directories systemd reads for a unit', () => {
  assert.deepEqual(unitsOfCgroup('/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox\\x2dw-2504.scope'),
    ['-.slice', 'user.slice', 'user-1000.slice', 'user@1000.service', 'app.slice', 'app-gnome-firefox\\x2dw-2504.scope']);
  assert.deepEqual(unitsOfCgroup('/'), ['-.slice']);
  assert.deepEqual(dropinDirsOf('user-1000.slice'), ['slice.d', 'user-.slice.d', 'user-1000.slice.d']);
  assert.deepEqual(dropinDirsOf('user@1000.service'), ['service.d', 'user@.service.d', 'user@1000.service.d']);
  assert.deepEqual(dropinDirsOf('-.slice'), ['slice.d', '-.slice.d']);
});

test('systemd values: percents (parse_permyriad) and timespans (parse_sec)', () => {
  assert.deepEqual(['90%', '50.00%', '905‰', '9050‱', '101%', '50', 'x%'].map(parseSystemdPercent), [90, 50, 90.5, 90.5, null, null, null]);
  assert.deepEqual(['20s', '30', '1min 30s', '500ms', '2h', 'infinity', '[not set]', ''].map(parseSystemdTimespan), [20, 30, 90, 0.5, 7200, Infinity, null, null]);
});

// No captured `systemctl show` output is at hand (PID 1 on this machine is not systemd): the values are the
// ones TEST-55-OOMD.sh expects `systemctl show -P ManagedOOMMemoryPressureDurationUSec` to print ("3s",
// "[not set]"), laid out as `systemctl show -p` prints several units (Key=Value lines, a blank line between
// units); the limit is the bus value for 50%, UINT32_SCALE_FROM_PERMYRIAD(5000).
test('systemctl show blocks: DurationUSec as it prints ("3s", "[not set]"), the limit as a percent or the raw uint32', () => {
  const units = parseSystemctlShow([
    'Id=TEST-55-OOMD-testmunch.service', 'ControlGroup=/TEST.slice/TEST-55-OOMD-testmunch.service', 'ManagedOOMMemoryPressure=kill',
    'ManagedOOMMemoryPressureDurationUSec=3s', '', 'Id=TEST-55-OOMD-testchill.service', 'ManagedOOMMemoryPressureDurationUSec=[not set]',
    'ManagedOOMMemoryPressureLimit=2147483648', 'ManagedOOMSwap=auto', '',
  ].join('\n'));
  assert.deepEqual(units.map((unit) => [unit.id, unit.memoryPressureDurationSec, unit.swap]), [
    ['TEST-55-OOMD-testmunch.service', 3, null], ['TEST-55-OOMD-testchill.service', null, 'auto'],
  ]);
  assert.equal(units[0]?.controlGroup, '/TEST.slice/TEST-55-OOMD-testmunch.service');
  assert.equal(units[1]?.memoryPressureLimitPercent?.toFixed(2), '50.00');
});
