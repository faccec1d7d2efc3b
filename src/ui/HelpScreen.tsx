// The help overlay: keys, and how to read oom_score. Kept to the frame height; scrolling help is worse
// than short help.
import { Text } from 'ink';
import type { OomPolicy } from '../procfs/oom-policy.js';
import { fit } from './lines/format.js';
import { policyHelpLines, policyWarning } from './lines/policy-words.js';

const KEYS: ReadonlyArray<readonly [string, string]> = [
  ['↑ ↓  Ctrl-P Ctrl-N', 'move the selection (it follows its process when the list re-sorts)'],
  ['PgUp PgDn  Home End', 'page, first, last (g and G too)'],
  ['s', 'sort by SCORE → RSS → SWAP → ADJ → PID → GROW/m'],
  ['/', 'filter by name, pid or cgroup (Enter keeps it, Esc clears it)'],
  ['k', 'show or hide kernel threads'],
  ['c', 'memory cgroups; Enter ranks one as its own OOM would'],
  ['o  ← →  Esc', 'the OOM panel: open or close, older or newer kills'],
  ['+ - p e 0  =  u', 'oom_score_adj: ±100, -500, +500, 0, exact; Enter writes; u undoes'],
  ['space', 'pause: keep sampling, stop updating the screen'],
  ['? h', 'this help (Esc closes)'],
  ['q  Ctrl-C', 'quit'],
];

export const ABOUT_OOM_SCORE: readonly string[] = [
  'SCORE is /proc/PID/oom_score. When memory runs out the kernel kills the',
  'process with the highest score. It grows with the memory a process holds',
  '(RSS + swap + page tables, as a share of RAM + swap), shifted by ADJ',
  '(oom_score_adj, -1000..1000). Since Linux 5.9 an idle process with ADJ 0',
  'reads about 666, ADJ -500 about 333, ADJ 1000 at least 1333.',
  'ADJ -1000 makes a process unkillable (SCORE 0): the kernel kills another.',
  'Kernel threads and init are never chosen.',
];

const KEY_WIDTH = 22;

/** How to read the next-kill line and the kill list's mark. */
const FORECAST_LEGEND = `${fit('next kill  ?  !', KEY_WIDTH)}the soonest OOM of any scope; ? early guess; ! its victim`;

/**
 * The lines that fit `room`: the OOM settings (a line each) give way first while they are the defaults
 * (then the header says nothing of them either), then the blank line before the text about oom_score.
 */
function helpLines(readOnly: boolean, policy: OomPolicy | null, room: number): string[] {
  const head = [
    'oomlens: the OOM killer\'s kill list, before the kill',
    ...(readOnly ? ['READ-ONLY (--read-only or --root): oom_score_adj is never written'] : []),
    ...KEYS.map(([keys, what]) => `${fit(keys, KEY_WIDTH)}${what}`),
    FORECAST_LEGEND,
  ];
  const settings = policyHelpLines(policy);
  const quiet = policy === null || policyWarning(policy) === null;
  const full = [...head, ...settings, '', ...ABOUT_OOM_SCORE];
  if (full.length <= room || !quiet) return full.slice(0, room);
  const lean = [...head, '', ...ABOUT_OOM_SCORE];
  return (lean.length <= room ? lean : [...head, ...ABOUT_OOM_SCORE]).slice(0, room);
}

export function HelpScreen({ columns, height, readOnly = false, policy = null }: { columns: number; height: number; readOnly?: boolean; policy?: OomPolicy | null }) {
  const lines = helpLines(readOnly, policy, Math.max(1, height - 1));
  return (
    <>
      {lines.map((line, index) => (
        <Text key={index} wrap="truncate" bold={index === 0}>
          {fit(line, columns)}
        </Text>
      ))}
      <Text dimColor wrap="truncate">{fit('Esc, ? or Enter: back to the list', columns)}</Text>
    </>
  );
}
