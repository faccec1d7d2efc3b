// earlyoom's settings, read from its argv exactly as earlyoom main.c reads them (v1.9.0 and master
// 750a7c0; the options are the same since v1.8 except --kernel-oom, which is master only):
//   optstring "m:s:M:S:kingN:P:dvr:ph", long: prefer avoid ignore dryrun ignore-root-user sort-by-rss
//   syslog kernel-oom help debug.
//   -m PERCENT[,KILL_PERCENT]  available memory floor, percent of "user mem total" (default 10, kill 5)
//   -s PERCENT[,KILL_PERCENT]  free swap floor, percent of SwapTotal (default 10, kill 5)
//   -M SIZE[,KILL_SIZE]        KiB, turned into a percent of MemTotal at start; with -m the lower wins
//   -S SIZE[,KILL_SIZE]        KiB of SwapTotal; ignored (defaults kept) when there is no swap
// KILL defaults to TERM/2 and TERM is raised to KILL when below it (msg.c parse_term_kill_tuple()).
import { getoptLong, type OptionSpec } from './getopt.js';

export interface TermKill {
  term: number;
  kill: number;
}

export interface EarlyoomOptions {
  /** -m, percent; null: not given. */
  memPercent: TermKill | null;
  /** -s, percent. */
  swapPercent: TermKill | null;
  /** -M, KiB. */
  memKb: TermKill | null;
  /** -S, KiB. */
  swapKb: TermKill | null;
  prefer: string | null;
  avoid: string | null;
  ignore: string | null;
  ignoreRootUser: boolean;
  sortByRss: boolean;
  dryRun: boolean;
  /** --kernel-oom (master): earlyoom writes 'f' to /proc/sysrq-trigger and the kernel picks the victim. */
  kernelOom: boolean;
  /** -g: the victim's whole process group is signalled. */
  killProcessGroup: boolean;
  /** Why earlyoom would refuse to start with this argv (it exits; nothing is watching then). */
  errors: string[];
}

/** The four floors earlyoom compares against, after defaults and the -M/-S merge (main.c). */
export interface EarlyoomLimits {
  memTermPercent: number;
  memKillPercent: number;
  swapTermPercent: number;
  swapKillPercent: number;
}

const SPEC: OptionSpec = {
  short: 'm:s:M:S:kingN:P:dvr:ph',
  long: [
    { name: 'prefer', hasArg: true },
    { name: 'avoid', hasArg: true },
    { name: 'ignore', hasArg: true },
    { name: 'dryrun', hasArg: false },
    { name: 'ignore-root-user', hasArg: false },
    { name: 'sort-by-rss', hasArg: false },
    { name: 'syslog', hasArg: false },
    { name: 'kernel-oom', hasArg: false },
    { name: 'help', hasArg: false, key: 'h' },
    { name: 'debug', hasArg: false, key: 'd' },
  ],
};

// strtod() with nothing left over (parse_part() rejects "trailing garbage"). Hex and inf are not
// something anyone passes to -m.
const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** msg.c parse_term_kill_tuple(): "TERM[,KILL]"; the upper limit is checked here when known. */
export function parseTermKill(text: string, upperLimit: number | null): TermKill | string {
  const comma = text.indexOf(',');
  const parts = comma < 0 ? [text] : [text.slice(0, comma), text.slice(comma + 1)];
  const values: number[] = [];
  for (const part of parts) {
    // strtod("") converts nothing and leaves endptr on the NUL: C reads "5," as kill 0.
    if (part !== '' && !DECIMAL.test(part)) return `trailing garbage in '${part}'`;
    const value = part === '' ? 0 : Number(part);
    if (upperLimit !== null && value > upperLimit) return `value ${value} exceeds limit ${upperLimit}`;
    if (value < 0) return `value ${value} below zero`;
    values.push(value);
  }
  const term = values[0]!;
  const kill = values[1] ?? term / 2;
  if (term === 0 && kill === 0) return 'both SIGTERM and SIGKILL values are zero';
  return { term: Math.max(term, kill), kill };
}

// main.c: "-m 100 makes no sense" (99), "-s 100" ignores swap (100). -M and -S are bounded by
// MemTotal·100/99 and SwapTotal·100/99, which an argv alone does not know: not checked here.
const TUPLE_LIMITS: Record<string, number | null> = { m: 99, s: 100, M: null, S: null };
const TUPLE_FIELDS = { m: 'memPercent', s: 'swapPercent', M: 'memKb', S: 'swapKb' } as const;

function applyOption(options: EarlyoomOptions, key: string, value: string | null): void {
  if (key in TUPLE_FIELDS) {
    const parsed = parseTermKill(value ?? '', TUPLE_LIMITS[key] ?? null);
    if (typeof parsed === 'string') options.errors.push(`-${key}: ${parsed}`);
    else options[TUPLE_FIELDS[key as keyof typeof TUPLE_FIELDS]] = parsed;
    return;
  }
  if (key === 'prefer' || key === 'avoid' || key === 'ignore') options[key] = value;
  else if (key === 'dryrun') options.dryRun = true;
  else if (key === 'ignore-root-user') options.ignoreRootUser = true;
  else if (key === 'sort-by-rss') options.sortByRss = true;
  else if (key === 'kernel-oom') options.kernelOom = true;
  else if (key === 'g') options.killProcessGroup = true;
  else if (key === 'h' || key === 'v') options.errors.push(`-${key}: earlyoom prints and exits`);
  // -k, -i (ignored since v1.2 and v1.7), -n, -N, -P, -d, -r, -p, --syslog do not change who or when.
}

/** earlyoom's argv (argv[0] is the program) → its options. */
export function parseEarlyoomArgv(argv: readonly string[]): EarlyoomOptions {
  const options: EarlyoomOptions = {
    memPercent: null,
    swapPercent: null,
    memKb: null,
    swapKb: null,
    prefer: null,
    avoid: null,
    ignore: null,
    ignoreRootUser: false,
    sortByRss: false,
    dryRun: false,
    kernelOom: false,
    killProcessGroup: false,
    errors: [],
  };
  const parsed = getoptLong(argv, SPEC);
  options.errors.push(...parsed.errors);
  for (const { key, value } of parsed.options) applyOption(options, key, value);
  if (parsed.operands.length > 0) options.errors.push(`extra argument not understood: '${parsed.operands[0]}'`);
  return options;
}

function mergeSize(percent: TermKill | null, size: TermKill, totalKb: number): TermKill {
  const fromSize = { term: (100 * size.term) / totalKb, kill: (100 * size.kill) / totalKb };
  if (percent === null) return fromSize;
  return { term: Math.min(percent.term, fromSize.term), kill: Math.min(percent.kill, fromSize.kill) };
}

/** The floors in force: defaults 10/5, -M and -S merged as main.c does ("Use the lower of both values"). */
export function earlyoomLimits(options: EarlyoomOptions, totals: { memTotalKb: number; swapTotalKb: number }): EarlyoomLimits {
  const defaults: TermKill = { term: 10, kill: 5 };
  let mem = options.memPercent ?? defaults;
  let swap = options.swapPercent ?? defaults;
  if (options.memKb !== null && totals.memTotalKb > 0) mem = mergeSize(options.memPercent, options.memKb, totals.memTotalKb);
  // main.c: "-S: total swap is zero, using default percentages".
  if (options.swapKb !== null && totals.swapTotalKb > 0) swap = mergeSize(options.swapPercent, options.swapKb, totals.swapTotalKb);
  return { memTermPercent: mem.term, memKillPercent: mem.kill, swapTermPercent: swap.term, swapKillPercent: swap.kill };
}
