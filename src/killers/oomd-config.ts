// systemd-oomd's settings: oomd.conf and its drop-ins ([OOM] section, oomd.conf(5)), and the units that
// put cgroups under its watch (ManagedOOM*= in systemd.resource-control(5)). Pure: the readers hand the
// texts in.
//
// Defaults are the compile-time ones of src/oom/oomd-manager.h: SwapUsedLimit 90%,
// DefaultMemoryPressureLimit 60%, DefaultMemoryPressureDurationSec 30s ("Defaults to 30 seconds when
// unset or 0"). Distributions override them with a vendor drop-in: Debian bookworm's systemd-oomd 252.39
// ships /usr/lib/systemd/oomd.conf.d/10-oomd-defaults.conf with DefaultMemoryPressureDurationSec=20s,
// -.slice.d/10-oomd-root-slice-defaults.conf with ManagedOOMSwap=kill and
// user@.service.d/10-oomd-user-service-defaults.conf with ManagedOOMMemoryPressure=kill at 50%.
import { parseIniAssignments, parseSystemdPercent, parseSystemdTimespan } from './systemd-values.js';

export interface OomdConfig {
  swapUsedLimitPercent: number;
  defaultMemoryPressureLimitPercent: number;
  defaultMemoryPressureDurationSec: number;
}

export const OOMD_DEFAULTS: OomdConfig = {
  swapUsedLimitPercent: 90,
  defaultMemoryPressureLimitPercent: 60,
  defaultMemoryPressureDurationSec: 30,
};

/** Where oomd.conf drop-ins live, highest precedence first (systemd's CONF_PATHS_NULSTR). */
export const OOMD_DROPIN_DIRS = [
  'etc/systemd/oomd.conf.d',
  'run/systemd/oomd.conf.d',
  'usr/local/lib/systemd/oomd.conf.d',
  'usr/lib/systemd/oomd.conf.d',
  'lib/systemd/oomd.conf.d',
];

export interface DropinFile {
  /** Index into OOMD_DROPIN_DIRS (0: /etc, the highest precedence). */
  dirRank: number;
  name: string;
  /** Null: a symlink to /dev/null (or an empty file), which masks the vendor file of that name. */
  text: string | null;
}

/**
 * The drop-ins in the order they apply: one per file name (the highest-precedence directory wins, so an
 * /etc file masks /usr/lib's), sorted by name regardless of directory (oomd.conf(5)).
 */
export function orderDropins(files: readonly DropinFile[]): string[] {
  const byName = new Map<string, DropinFile>();
  for (const file of files) {
    if (!file.name.endsWith('.conf')) continue;
    const seen = byName.get(file.name);
    if (seen === undefined || file.dirRank < seen.dirRank) byName.set(file.name, file);
  }
  return [...byName.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((file) => (file.text === null ? [] : [file.text]));
}

function applyOomdAssignment(config: OomdConfig, key: string, value: string): void {
  // An empty assignment resets the option to its default (systemd.syntax(7)).
  if (key === 'SwapUsedLimit') config.swapUsedLimitPercent = value === '' ? OOMD_DEFAULTS.swapUsedLimitPercent : parseSystemdPercent(value) ?? config.swapUsedLimitPercent;
  else if (key === 'DefaultMemoryPressureLimit') config.defaultMemoryPressureLimitPercent = value === '' ? OOMD_DEFAULTS.defaultMemoryPressureLimitPercent : parseSystemdPercent(value) ?? config.defaultMemoryPressureLimitPercent;
  else if (key === 'DefaultMemoryPressureDurationSec') {
    const seconds = parseSystemdTimespan(value);
    if (value === '' || seconds === 0) config.defaultMemoryPressureDurationSec = OOMD_DEFAULTS.defaultMemoryPressureDurationSec;
    else if (seconds !== null && seconds >= 1) config.defaultMemoryPressureDurationSec = seconds; // "must be 0 or at least 1s"
  }
}

/** oomd.conf then its drop-ins, in the order they apply (main file first, later files win). */
export function parseOomdConfig(texts: ReadonlyArray<string | null>): OomdConfig {
  const config = { ...OOMD_DEFAULTS };
  for (const text of texts) {
    if (text === null) continue;
    for (const { section, key, value } of parseIniAssignments(text)) {
      if (section === 'OOM') applyOomdAssignment(config, key, value);
    }
  }
  return config;
}

export type ManagedMode = 'auto' | 'kill';
export type OomPreference = 'none' | 'avoid' | 'omit';

/** A unit's ManagedOOM*= settings; null where it does not set them. */
export interface UnitManagedOom {
  swap: ManagedMode | null;
  memoryPressure: ManagedMode | null;
  /** ManagedOOMMemoryPressureLimit=; null or 0 means the DefaultMemoryPressureLimit= of oomd.conf. */
  memoryPressureLimitPercent: number | null;
  /** ManagedOOMMemoryPressureDurationSec= (systemd 257+); null means DefaultMemoryPressureDurationSec=. */
  memoryPressureDurationSec: number | null;
  preference: OomPreference | null;
}

// The sections that take resource-control settings (systemd.resource-control(5)).
const RESOURCE_SECTIONS = new Set(['Slice', 'Scope', 'Service', 'Socket', 'Mount', 'Swap']);

function applyManagedOom(settings: UnitManagedOom, key: string, value: string): void {
  const mode = value === 'kill' || value === 'auto' ? value : null;
  if (key === 'ManagedOOMSwap') settings.swap = mode;
  else if (key === 'ManagedOOMMemoryPressure') settings.memoryPressure = mode;
  else if (key === 'ManagedOOMMemoryPressureLimit') settings.memoryPressureLimitPercent = parseShownLimit(value);
  // The unit file says DurationSec; the bus property `systemctl show` prints is DurationUSec.
  else if (key === 'ManagedOOMMemoryPressureDurationSec' || key === 'ManagedOOMMemoryPressureDurationUSec') {
    const seconds = parseSystemdTimespan(value);
    settings.memoryPressureDurationSec = seconds === null || seconds === Infinity ? null : seconds;
  } else if (key === 'ManagedOOMPreference') settings.preference = value === 'none' || value === 'avoid' || value === 'omit' ? value : null;
}

/**
 * A limit as a unit file writes it ("50%"), or as `systemctl show` prints it: a percent, or the bus value
 * itself, a uint32 where 2^32-1 is 100% (src/shared/bus-unit-util.c: "Pass around scaled to 2^32-1 ==
 * 100%"). 0 means "use DefaultMemoryPressureLimit=".
 */
function parseShownLimit(value: string): number | null {
  if (value === '') return null;
  const percent = parseSystemdPercent(value);
  if (percent !== null) return percent === 0 ? null : percent;
  if (!/^\d+$/.test(value)) return null;
  const raw = Number(value);
  return raw === 0 ? null : (raw / (2 ** 32 - 1)) * 100;
}

function emptyManagedOom(): UnitManagedOom {
  return { swap: null, memoryPressure: null, memoryPressureLimitPercent: null, memoryPressureDurationSec: null, preference: null };
}

/** A unit file and its drop-ins, in the order systemd reads them (later assignments win). */
export function parseUnitManagedOom(texts: readonly string[]): UnitManagedOom {
  const settings = emptyManagedOom();
  for (const text of texts) {
    for (const { section, key, value } of parseIniAssignments(text)) {
      if (RESOURCE_SECTIONS.has(section)) applyManagedOom(settings, key, value);
    }
  }
  return settings;
}

export interface ShownUnit extends UnitManagedOom {
  /** Id= (or ControlGroup=) when the output carries it, else null. */
  id: string | null;
  controlGroup: string | null;
}

/**
 * `systemctl show -p Id,ControlGroup,ManagedOOMSwap,ManagedOOMMemoryPressure,ManagedOOMMemoryPressureLimit,
 * ManagedOOMPreference UNIT...`: one block per unit, blocks separated by a blank line.
 */
export function parseSystemctlShow(text: string): ShownUnit[] {
  const units: ShownUnit[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const unit: ShownUnit = { ...emptyManagedOom(), id: null, controlGroup: null };
    let any = false;
    for (const line of block.split('\n')) {
      const equals = line.indexOf('=');
      if (equals <= 0) continue;
      const key = line.slice(0, equals).trim();
      const value = line.slice(equals + 1).trim();
      any = true;
      if (key === 'Id') unit.id = value;
      else if (key === 'ControlGroup') unit.controlGroup = value === '' ? null : value;
      else applyManagedOom(unit, key, value);
    }
    if (any) units.push(unit);
  }
  return units;
}
