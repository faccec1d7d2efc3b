// When earlyoom acts and whom it signals, as earlyoom itself decides (v1.8+, master 750a7c0):
//
// When (main.c lowmem_sig(), poll_loop()): SIGKILL when mem avail ≤ KILL_PERCENT AND swap free ≤ its
// KILL_PERCENT, else SIGTERM when both are ≤ their TERM_PERCENT. Both conditions, never one: "-s 100"
// is how a user makes it act on memory alone. Mem avail is a percent of "user mem total", MemAvailable
// + AnonPages (meminfo.c parse_meminfo(), since v1.8; MemTotal before). With no swap SwapFreePercent is 0,
// so the swap condition always holds.
//
// Whom (kill.c find_largest_process(), is_larger()): the highest oom_score, where --prefer adds 300 and
// --avoid subtracts 300 (matched on comm), ties to the larger VmRSS, then to the first in /proc order
// (the lower pid); --sort-by-rss ranks by VmRSS instead (prefer/avoid ±3145728 KiB). Skipped: pid ≤ 2,
// kernel threads (ppid 2), oom_score_adj -1000, --ignore matches, uid 0 with --ignore-root-user, and
// processes whose oom_score cannot be read. If earlyoom itself comes out on top it kills nobody.
// With --kernel-oom (master) it writes 'f' to /proc/sysrq-trigger and the kernel picks the victim.
import { mibText, percentText, secondsUntilAtOrBelow, whenBoth } from './eta.js';
import { earlyoomLimits, type EarlyoomLimits, type EarlyoomOptions } from './earlyoom-options.js';
import { compilePosixExtended } from './posix-regex.js';
import type { BoxMemory, CandidateProcess, KillerForecast, MemorySlopes, Victim } from './types.js';

const OOM_SCORE_PREFER = 300;
const VMRSS_PREFER_KB = 3145728;

interface Ranked {
  process: CandidateProcess;
  score: number;
  rssKb: number;
}

interface Matchers {
  prefer: RegExp | null;
  avoid: RegExp | null;
  ignore: RegExp | null;
  unknown: string[];
}

function compileMatchers(options: EarlyoomOptions): Matchers {
  const unknown: string[] = [];
  const compile = (flag: string, pattern: string | null): RegExp | null => {
    if (pattern === null) return null;
    const regex = compilePosixExtended(pattern);
    if (regex === null) unknown.push(`--${flag} '${pattern}' could not be evaluated here`);
    return regex;
  };
  return {
    prefer: compile('prefer', options.prefer),
    avoid: compile('avoid', options.avoid),
    ignore: compile('ignore', options.ignore),
    unknown,
  };
}

function isCandidate(process: CandidateProcess, options: EarlyoomOptions, matchers: Matchers): boolean {
  if (process.pid <= 2 || process.kernelThread) return false;
  if (process.oomScore === null || process.oomScoreAdj === -1000) return false;
  if (options.ignoreRootUser && process.uid === 0) return false;
  return matchers.ignore === null || !matchers.ignore.test(process.name);
}

function rank(process: CandidateProcess, options: EarlyoomOptions, matchers: Matchers): Ranked {
  const bonus = (matchers.prefer?.test(process.name) ? 1 : 0) - (matchers.avoid?.test(process.name) ? 1 : 0);
  const rssKb = process.rssKb ?? 0;
  if (options.sortByRss) return { process, score: process.oomScore ?? 0, rssKb: rssKb + bonus * VMRSS_PREFER_KB };
  return { process, score: (process.oomScore ?? 0) + bonus * OOM_SCORE_PREFER, rssKb };
}

function compareRanked(sortByRss: boolean): (a: Ranked, b: Ranked) => number {
  return (a, b) => {
    const primary = sortByRss ? b.rssKb - a.rssKb : b.score - a.score;
    if (primary !== 0) return primary;
    const secondary = sortByRss ? b.score - a.score : b.rssKb - a.rssKb;
    return secondary !== 0 ? secondary : a.process.pid - b.process.pid;
  };
}

/** earlyoom's candidates, its choice first. Empty when it would find none (or would pick itself). */
export function earlyoomRanking(options: EarlyoomOptions, processes: readonly CandidateProcess[], selfPid: number | null): Victim[] {
  const kernelPicks = options.kernelOom;
  const effective: EarlyoomOptions = kernelPicks ? { ...options, prefer: null, avoid: null, ignore: null, sortByRss: false, ignoreRootUser: false } : options;
  const matchers = compileMatchers(effective);
  const ranked = processes
    .filter((process) => isCandidate(process, effective, matchers))
    .map((process) => rank(process, effective, matchers))
    .sort(compareRanked(effective.sortByRss));
  if (!kernelPicks && ranked[0]?.process.pid === selfPid) return [];
  return ranked.map(({ process }) => ({ pid: process.pid, name: process.name }));
}

function thresholdText(limits: EarlyoomLimits, memory: BoxMemory, userMemTotalKb: number): string {
  const mem = `mem avail ≤ ${percentText(limits.memTermPercent)} of ${mibText(userMemTotalKb)}`;
  const swap = memory.swapTotalKb > 0 ? ` and swap free ≤ ${percentText(limits.swapTermPercent)} of ${mibText(memory.swapTotalKb)}` : ' (no swap: memory alone)';
  const kill = memory.swapTotalKb > 0 ? `${percentText(limits.memKillPercent)} / ${percentText(limits.swapKillPercent)}` : percentText(limits.memKillPercent);
  return `${mem}${swap}; SIGKILL at ${kill}`;
}

function etaAt(memPercent: number, swapPercent: number, memory: BoxMemory, userMemTotalKb: number, slopes: MemorySlopes): number | null {
  const memEta = secondsUntilAtOrBelow(memory.availableKb, (memPercent / 100) * userMemTotalKb, slopes.availableKbPerSec);
  if (memory.swapTotalKb <= 0) return memEta;
  const swapEta = secondsUntilAtOrBelow(memory.swapFreeKb, (swapPercent / 100) * memory.swapTotalKb, slopes.swapFreeKbPerSec);
  return whenBoth(memEta, swapEta);
}

function caveatsFor(options: EarlyoomOptions, memory: BoxMemory, processes: readonly CandidateProcess[]): string[] {
  const caveats = [...compileMatchers(options).unknown, ...options.errors.map((error) => `earlyoom would not start: ${error}`)];
  if (memory.anonPagesKb === undefined || memory.anonPagesKb === null) caveats.push('AnonPages unknown: user mem total taken as MemTotal (earlyoom < 1.8 does the same)');
  if (options.ignoreRootUser && processes.some((process) => process.uid === undefined || process.uid === null)) caveats.push('--ignore-root-user: some uids unknown, counted as candidates');
  if (options.killProcessGroup) caveats.push('-g: the victim\'s whole process group is signalled');
  if (options.kernelOom) caveats.push('--kernel-oom: earlyoom triggers the kernel OOM killer, which picks by oom_score');
  return caveats;
}

/** When earlyoom would act at the current slope, and on whom. `selfPid`: earlyoom's own pid. */
export function forecastEarlyoom(
  options: EarlyoomOptions,
  memory: BoxMemory,
  slopes: MemorySlopes,
  processes: readonly CandidateProcess[],
  selfPid: number | null,
): KillerForecast {
  const limits = earlyoomLimits(options, { memTotalKb: memory.totalKb, swapTotalKb: memory.swapTotalKb });
  const userMemTotalKb = memory.anonPagesKb === undefined || memory.anonPagesKb === null ? memory.totalKb : memory.availableKb + memory.anonPagesKb;
  const killEta = etaAt(limits.memKillPercent, limits.swapKillPercent, memory, userMemTotalKb, slopes);
  const termEta = etaAt(limits.memTermPercent, limits.swapTermPercent, memory, userMemTotalKb, slopes);
  const ranking = earlyoomRanking(options, processes, selfPid);
  return {
    killer: 'earlyoom',
    thresholdText: thresholdText(limits, memory, userMemTotalKb),
    etaSeconds: killEta === 0 ? 0 : termEta,
    signal: killEta === 0 ? 'SIGKILL' : 'SIGTERM',
    victims: ranking.slice(0, 1),
    cgroup: null,
    outcome: options.dryRun ? 'dry-run' : 'kill',
    caveats: caveatsFor(options, memory, processes),
  };
}
