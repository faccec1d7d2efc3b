// Which systemd units put a cgroup under systemd-oomd's watch, read from the unit files under a root
// (`--root DIR`: paths are `${root}/etc/systemd/system/...`). systemd-oomd learns them from PID 1 over
// varlink; on a live box `systemctl show` (oomd-config.ts parseSystemctlShow) says the same, and this
// reader is what works on a captured tree. The unit-name rules are systemd's (systemd.unit(5)):
//   - each cgroup path component ending in .slice/.service/.scope/... is a unit; the root is "-.slice";
//   - a unit's settings: its file (or its template's) from the first unit directory that has it, then
//     drop-ins (*.conf) from "<type>.d/", the prefix directories of dashed names ("user-.slice.d/" for
//     user-1000.slice), the template's "<name>@.<type>.d/" and its own "<unit>.d/".
// Units of a user manager (under user@UID.service) live in ~/.config/systemd/user and are not read here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readConfigText } from './readers.js';
import { parseUnitManagedOom, type UnitManagedOom } from './oomd-config.js';

/** System unit directories, highest precedence first (systemd's unit search path). */
export const SYSTEM_UNIT_DIRS = [
  'etc/systemd/system',
  'run/systemd/system',
  'usr/local/lib/systemd/system',
  'usr/lib/systemd/system',
  'lib/systemd/system',
];

const UNIT_SUFFIX = /\.(slice|service|scope|socket|mount|swap)$/;

/** The units a cgroup path runs through, outermost first: "/" → ["-.slice"]. */
export function unitsOfCgroup(path: string): string[] {
  const units = ['-.slice'];
  for (const component of path.split('/')) {
    if (UNIT_SUFFIX.test(component)) units.push(component);
  }
  return units;
}

/** The drop-in directory names that apply to a unit, in systemd's order (general to specific). */
export function dropinDirsOf(unit: string): string[] {
  const dot = unit.lastIndexOf('.');
  if (dot <= 0) return [`${unit}.d`];
  const stem = unit.slice(0, dot);
  const type = unit.slice(dot + 1);
  const dirs = [`${type}.d`];
  // "foo-bar-baz.service" gets foo-.service.d, foo-bar-.service.d; "-.slice" itself has no prefixes.
  const dashes = stem === '-' ? [] : [...stem.matchAll(/-/g)].map((match) => match.index!);
  for (const at of dashes) dirs.push(`${stem.slice(0, at + 1)}.${type}.d`);
  const atSign = stem.indexOf('@');
  if (atSign >= 0 && atSign < stem.length - 1) dirs.push(`${stem.slice(0, atSign + 1)}.${type}.d`);
  dirs.push(`${unit}.d`);
  return dirs;
}

function listConf(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.conf'));
  } catch {
    return [];
  }
}

/** The texts systemd would read for `unit`, in order: the unit file, then its drop-ins. */
export function readUnitTexts(root: string, unit: string): string[] {
  const texts: string[] = [];
  const atSign = unit.indexOf('@');
  const template = atSign >= 0 ? `${unit.slice(0, atSign + 1)}${unit.slice(unit.lastIndexOf('.'))}` : null;
  for (const name of template === null ? [unit] : [unit, template]) {
    const text = SYSTEM_UNIT_DIRS.map((dir) => readConfigText(join(root, dir, name))).find((found) => found !== null);
    if (text !== undefined && text !== null) {
      texts.push(text);
      break;
    }
  }
  // All drop-ins sorted by file name wherever they are; of two with one name, the more specific drop-in
  // directory wins, then the higher unit directory (systemd.unit(5), "Drop-in files").
  const chosen = new Map<string, string>();
  for (const dropinDir of dropinDirsOf(unit)) {
    for (const dir of [...SYSTEM_UNIT_DIRS].reverse()) {
      for (const name of listConf(join(root, dir, dropinDir))) chosen.set(name, join(root, dir, dropinDir, name));
    }
  }
  for (const name of [...chosen.keys()].sort()) texts.push(readConfigText(chosen.get(name)!) ?? '');
  return texts;
}

/** A unit's ManagedOOM*= settings from the unit files under `root`; null when nothing of it is there. */
export function readUnitManagedOom(root: string, unit: string): UnitManagedOom | null {
  const texts = readUnitTexts(root, unit);
  return texts.length === 0 ? null : parseUnitManagedOom(texts);
}
