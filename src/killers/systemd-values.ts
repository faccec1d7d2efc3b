// The few systemd value syntaxes the oomd settings use, parsed as systemd parses them, and the unit-file
// / oomd.conf line syntax (systemd.syntax(7)). Pure.
//   percent:  parse_permyriad() (src/basic/percent-util.c): "90%", "90.5%", "905‰", "9050‱"
//   timespan: parse_sec() (src/basic/time-util.c): "20s", "1min 30s", "500ms", a bare number is seconds,
//             "infinity"

/** A percent as systemd's parse_permyriad() takes it; null when it is not one. */
export function parseSystemdPercent(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%|‰|‱)\s*$/.exec(text);
  if (match === null) return null;
  const value = Number(match[1]);
  const percent = match[2] === '%' ? value : match[2] === '‰' ? value / 10 : value / 100;
  return percent <= 100 ? percent : null;
}

const SECONDS_PER_UNIT = new Map<string, number>([
  ['usec', 1e-6], ['us', 1e-6], ['µs', 1e-6], ['μs', 1e-6],
  ['msec', 1e-3], ['ms', 1e-3],
  ['seconds', 1], ['second', 1], ['sec', 1], ['s', 1], ['', 1],
  ['minutes', 60], ['minute', 60], ['min', 60], ['m', 60],
  ['hours', 3600], ['hour', 3600], ['hr', 3600], ['h', 3600],
  ['days', 86400], ['day', 86400], ['d', 86400],
  ['weeks', 604800], ['week', 604800], ['w', 604800],
  ['months', 2629800], ['month', 2629800], ['M', 2629800],
  ['years', 31557600], ['year', 31557600], ['y', 31557600],
]);

/** A timespan in seconds as systemd's parse_sec() takes it; null when it is not one. */
export function parseSystemdTimespan(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === 'infinity') return Infinity;
  if (trimmed === '') return null;
  let total = 0;
  let rest = trimmed;
  while (rest !== '') {
    const match = /^(\d+(?:\.\d+)?)\s*([a-zA-Zµμ]*)\s*/.exec(rest);
    if (match === null) return null;
    const perUnit = SECONDS_PER_UNIT.get(match[2]!);
    if (perUnit === undefined) return null;
    total += Number(match[1]) * perUnit;
    rest = rest.slice(match[0].length);
  }
  return total;
}

export interface IniAssignment {
  section: string;
  key: string;
  value: string;
}

/**
 * The assignments of a unit file or oomd.conf, in order: `[Section]` headers, `Key=Value` lines, `#`/`;`
 * comments, and a trailing backslash joining a line to the next (systemd.syntax(7)).
 */
export function parseIniAssignments(text: string): IniAssignment[] {
  const assignments: IniAssignment[] = [];
  let section = '';
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = pending + raw.replace(/\r$/, '');
    if (line.endsWith('\\')) {
      pending = `${line.slice(0, -1)} `;
      continue;
    }
    pending = '';
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header !== null) {
      section = header[1]!;
      continue;
    }
    const equals = trimmed.indexOf('=');
    if (equals < 0) continue;
    assignments.push({ section, key: trimmed.slice(0, equals).trim(), value: trimmed.slice(equals + 1).trim() });
  }
  return assignments;
}
