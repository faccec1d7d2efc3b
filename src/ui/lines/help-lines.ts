// The help: keys, how to read the screen (the columns, colours, gauges and letters), and how to read
// oom_score. Pure. Longer than an 80x24 screen, so it scrolls as less and man do (space or PgDn for the
// next page, ↑↓ a line, PgUp back, Home End), and the footer says where you are. It is written for 78
// columns; a narrower terminal gets it reflowed, as man reflows a page, each entry's text under its text.
// Its length depends on the width and the OOM settings only (not on read-only or the log's path), so the
// reducer can stop scrolling at its end.

import type { OomPolicy } from '../../procfs/oom-policy.js';
import { wrapText } from '../../text/wrap.js';
import { policyHelpLines } from './policy-words.js';

/** The width the help is written for: from this width on, its lines are shown as written. */
const WRITTEN_WIDTH = 78;
/** The label column of the legend (READING THE SCREEN). */
const LEGEND_WIDTH = 13;

const KEY_WIDTH = 20;

const KEYS: ReadonlyArray<readonly [string, string]> = [
  ['↑ ↓  Ctrl-P Ctrl-N', 'move the selection; it follows its process on a re-sort'],
  ['PgUp PgDn Home End', 'page, first, last (g and G too)'],
  ['s', 'sort: SCORE, RSS, SWAP, ADJ, PID, GROW/m (▼ in the header)'],
  ['/  k', 'filter by name, pid or cgroup;  k: kernel threads too'],
  ['c', 'memory cgroups; Enter ranks one as its own OOM would'],
  ['o  ← →  Esc', 'the OOM panel: open or close, older or newer kills'],
  ['+ - p e 0  =', 'oom_score_adj: ±100, -500, +500, 0, exact; Enter writes'],
  ['u', 'undo this session\'s last change'],
  ['space', 'pause: lists and gauges hold still; a kill still shows'],
  ['Ctrl-L', 'clear the terminal and draw the screen again'],
  ['? h', 'this help;  q  Ctrl-C  quit'],
];

/**
 * `oomlens replay`: its keys come first; space plays instead of pausing, ← → step instead of browsing the
 * OOM panel, even while it is open: the panel follows the time cursor.
 */
const REPLAY_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['← →  [ ]', 'replay: a sample back or on; the previous or next kill'],
  ['o  Esc', "replay: the OOM panel of the kill at the sample shown, from its recorded bundle; it opens when a step reaches a kill; ← → [ ] still move in time"],
  ['space  < >', 'replay: play at the recorded pace to the next kill or the end, a step key stops it; < > slower, faster (×1 ×4 ×16 ×64)'],
  ['timeline', 'used RAM + swap over the recording, ▁ empty to █ full; │ the sample shown, K a recorded kill; ▶ playing, ■ stopped'],
];

/** A key's entry as written for WRITTEN_WIDTH: the keys, then the text, continued under the text. */
function entry(keys: string, what: string): string[] {
  const line = keys.padEnd(KEY_WIDTH) + what;
  if (line.length <= WRITTEN_WIDTH) return [line];
  const indent = ' '.repeat(KEY_WIDTH);
  return wrapText(what, indent, WRITTEN_WIDTH).map((line, index) => (index === 0 ? keys.padEnd(KEY_WIDTH) + line.slice(KEY_WIDTH) : line));
}

function keyTable(replay: boolean): ReadonlyArray<readonly [string, string]> {
  return replay ? [...REPLAY_KEYS, ...KEYS.filter(([keys]) => keys !== 'space' && !keys.startsWith('o '))] : KEYS;
}

const SCREEN: readonly string[] = [
  'READING THE SCREEN',
  'red row, !   the processes the next kill takes (the soonest OOM of any',
  '             scope); green: ADJ -1000, never killed; dim: kernel thread',
  'RSS          resident memory = ANON (heap, stacks: only swap frees it) +',
  '             FILE (page cache, mapped files: the kernel can drop them) +',
  '             SHMEM (tmpfs, shared memory: freed only when deleted)',
  'SWAP         swapped out: it counts toward SCORE like RSS',
  'GROW/m       RSS + SWAP slope over the last 60 s; "flat" under 1M/min,',
  '             ~ while it comes from the first few samples',
  'MEM          used of total; avail: MemAvailable; box ETA: when RAM + swap',
  '             headroom runs out at the current slope ("—": no good fit)',
  'si so        swap-in, swap-out (pages/s, bytes/s); si+so ▁▃█ max: their',
  '             sum, one cell a refresh, drawn up to its max; zsw: zswap loads',
  '             and stores (pages/s), shown once zswap has been used',
  'PSI          some / full: % of time some / all tasks stalled on memory',
  '             (avg10); now: the stall share of the last refresh',
  'zones        free pages against the watermarks: M min, L low, H high;',
  '             capital: free is above the mark, lower case: at or below;',
  '             below low kswapd reclaims, below min allocations stall',
  'OOM kills    the kernel\'s counter; (+N, 12s ago): N seen since oomlens',
  '             started; a cgroup\'s line counts as its OOM column in c does;',
  '             + earlyoom N: a userspace killer\'s kills since oomlens started,',
  '             read from its journal lines or --killer-log FILE (without',
  '             either they cannot be seen: the OOM panel says so)',
];

const SCORE: readonly string[] = [
  'SCORE is /proc/PID/oom_score. When memory runs out the kernel kills the',
  'process with the highest score. It grows with the memory a process holds',
  '(RSS + swap + page tables, as a share of RAM + swap), shifted by ADJ',
  '(oom_score_adj, -1000..1000). Since Linux 5.9 an idle process with ADJ 0',
  'reads about 666, ADJ -500 about 333, ADJ 1000 at least 1333. Kernel threads',
  'and init are never chosen; ADJ -1000 makes a process unkillable (SCORE 0).',
];

/** A path in `width`: whole, else its start and its last two components with … between (`/home/ann/…/oomlens/adjustments.log`). */
export function pathIn(path: string, width: number): string {
  if (path.length <= width) return path;
  const parts = path.split('/');
  const end = parts.slice(-2).join('/');
  let start = '';
  for (const part of parts.slice(0, -2)) {
    const next = `${start}${part}/`;
    if (next.length + 2 + end.length > width) break;
    start = next;
  }
  return `${start}…/${end}`;
}

/** The widest of `forms` that fits `width` (the last when none does). */
function widest(forms: readonly string[], width: number): string {
  return forms.find((text) => text.length <= width) ?? forms.at(-1)!;
}

/**
 * Two lines, whatever the mode and width (so the help's length does not depend on them): read-only, or
 * where changes are logged, the path on a line of its own so that the words are never cut to make room.
 */
function writesLines(readOnly: boolean, logPath: string | null, width: number): [string, string] {
  if (readOnly) {
    return [
      widest(['READ-ONLY (--read-only or --root): oom_score_adj is never written', 'READ-ONLY: oom_score_adj is never written', 'READ-ONLY: nothing is written'], width),
      widest(['  the steering keys (+ - = p e 0 u) say so and write nothing', '  the steering keys say so and write nothing', '  the steering keys say so'], width),
    ];
  }
  if (logPath === null) return [widest(['steering: changes are not logged in this session', 'changes are not logged'], width), ''];
  const words = ['steering: each change and each refused write is logged, with who and when, in', 'steering: changes and refused writes are logged, with who and when, in', 'changes and refused writes are logged in'];
  return [widest(words, width), `  ${pathIn(logPath, width - 2)}`];
}

/**
 * Lines written for WRITTEN_WIDTH, reflowed for a narrower `width`: each entry (a line with a label of
 * `label` columns, then its continuation lines, indented) is joined and wrapped again, its text under its
 * text. With no label (`label` 0) the lines are one paragraph, its continuation indented by `hang`.
 * An entry that fits, blank lines and headings (capitals) stay as they are.
 */
function reflow(lines: readonly string[], width: number, label: number, hang = label): string[] {
  if (width >= WRITTEN_WIDTH) return [...lines];
  const out: string[] = [];
  let entry: string[] = [];
  const flush = () => {
    if (entry.length === 0) return;
    // An entry that fits keeps the lines it was written in.
    if (entry.every((line) => line.length <= width)) {
      out.push(...entry);
      entry = [];
      return;
    }
    const indent = ' '.repeat(label > 0 ? label : hang);
    const text = entry.map((line, index) => (index === 0 ? line.slice(label) : line.trimStart())).join(' ');
    const head = entry[0]!.slice(0, label);
    wrapText(text, indent, width).forEach((line, index) => out.push(index === 0 ? head + line.slice(indent.length) : line));
    entry = [];
  };
  for (const line of lines) {
    const continues = label > 0 ? line.startsWith(' ') : line !== '';
    if (line === '' || /^[A-Z ]+$/.test(line)) {
      flush();
      out.push(line);
    } else if (continues && entry.length > 0) {
      entry.push(line);
    } else {
      flush();
      entry.push(line);
    }
  }
  flush();
  return out;
}

/** The help, line by line; always HELP_LENGTH lines. At 80x24 the first page ends with how to read SCORE. */
/** How to read the next-kill line and the kill list's mark. */
const FORECAST_LEGEND = `${'next kill  ?  !'.padEnd(KEY_WIDTH)}the soonest OOM of any scope; ? early guess; ! its victim`;

/** The help at `width` (78 and wider: as written); its length is helpLength(width, policy, replay). */
export function helpLines(readOnly: boolean, logPath: string | null, policy: OomPolicy | null = null, width = WRITTEN_WIDTH, replay = false): string[] {
  return [
    widest(['oomlens: the OOM killer\'s kill list, before the kill', 'oomlens: the kill list, before the kill'], width),
    ...writesLines(readOnly, logPath, width),
    ...keyTable(replay).flatMap(([keys, what]) => reflow(entry(keys, what), width, KEY_WIDTH)),
    '',
    ...reflow(SCORE, width, 0),
    '',
    ...reflow([FORECAST_LEGEND], width, KEY_WIDTH),
    '',
    'OOM SETTINGS HERE',
    ...policyHelpLines(policy).flatMap((line) => reflow([line], width, 0, 2)),
    '',
    ...reflow(SCREEN, width, LEGEND_WIDTH),
  ];
}

/** How many lines the help has at `width` with these OOM settings, in replay or not. */
export function helpLength(width = WRITTEN_WIDTH, policy: OomPolicy | null = null, replay = false): number {
  return helpLines(false, null, policy, width, replay).length;
}

/** At 78 columns and wider, with the OOM settings unknown. */
export const HELP_LENGTH = helpLength();

/** The first help line shown for a wanted `top`, so that the last page is full and nothing is past the end. */
export function clampHelpTop(top: number, pageRows: number, length = HELP_LENGTH): number {
  return Math.max(0, Math.min(top, length - Math.max(1, pageRows)));
}

/** The help's footer: how to leave, and where you are when it does not fit; shorter forms on a narrow terminal. */
export function helpFooter(top: number, pageRows: number, length = HELP_LENGTH, width = WRITTEN_WIDTH + 2): string {
  if (length <= pageRows) return 'Esc, ? or Enter: back to the list';
  const where = `lines ${top + 1}-${Math.min(length, top + pageRows)} of ${length}`;
  return widest([
    `${where} · space PgDn ↓ more, PgUp ↑ back · Esc, ? or Enter: close`,
    `${where} · space ↓ more, PgUp ↑ back · Esc close`,
    `${where} · space more · Esc close`,
    `${where} · Esc close`,
  ], width);
}
