// When nohang acts and whom it signals (src/nohang, hakavlad/nohang 1d49838):
//
// When (check_mem_swap_ex()): SIGKILL when MemAvailable ≤ hard_threshold_min_mem AND SwapFree ≤
// hard_threshold_min_swap, else SIGTERM at the soft pair. Both, like earlyoom; with no swap, SwapFree 0 is
// always at or below the swap threshold. (PSI and zram rules, when enabled, also require MemAvailable at or
// below a floor: they can only make it act sooner, and are not forecast here.)
//
// Whom (badness_pid_list(), pid_to_badness(), fast_find_victim()): among processes with oom_score ≥ 1,
// except pid 1 and nohang itself, the highest badness: oom_score, minus oom_score_adj·2/3 when
// ignore_positive_oom_score_adj and the adj is positive, plus each matching @BADNESS_ADJ_RE_* rule's adj
// (a positive one only for processes with oom_score_adj ≥ 0), floored at 0. Ties keep /proc order (the
// lower pid). It acts only when that badness is ≥ min_badness (implement_corrective_action()).
import { mibText, secondsUntilAtOrBelow, whenBoth } from './eta.js';
import { memThresholdKb, swapThresholdKb, type BadnessRule, type NohangConfig, type NohangSize } from './nohang-config.js';
import { compilePythonRegex } from './posix-regex.js';
import type { BoxMemory, CandidateProcess, KillerForecast, MemorySlopes, Victim } from './types.js';

/** What a rule is matched against, where this module knows it; null: a field it cannot see. */
function fieldOf(rule: BadnessRule, process: CandidateProcess): string | null {
  switch (rule.field) {
    case 'NAME':
      return process.name;
    case 'CMDLINE':
      return process.cmdline;
    case 'UID':
      return process.uid === undefined || process.uid === null ? null : String(process.uid);
    case 'CGROUP_V2':
      return process.cgroup ?? null;
    default:
      return null; // REALPATH, CWD, ENVIRON, CGROUP_V1: not in the sampler's rows
  }
}

/** nohang's badness of one process (pid_to_badness()). */
export function nohangBadness(process: CandidateProcess, config: NohangConfig): number {
  const oomScore = process.oomScore ?? 0;
  if (oomScore === 0) return 0;
  const adj = process.oomScoreAdj ?? 0;
  let badness = oomScore;
  if (config.ignorePositiveOomScoreAdj === true && adj > 0) badness -= Math.floor((adj * 2) / 3);
  for (const rule of config.badnessRules) {
    const subject = fieldOf(rule, process);
    const regex = compilePythonRegex(rule.pattern);
    if (subject === null || regex === null || !regex.test(subject)) continue;
    if (rule.adj <= 0 || adj >= 0) badness += rule.adj;
  }
  return Math.max(0, badness);
}

/** nohang's candidates, its choice first; empty when the best is under min_badness. */
export function nohangRanking(config: NohangConfig, processes: readonly CandidateProcess[], selfPid: number | null): Victim[] {
  const ranked = processes
    .filter((process) => (process.oomScore ?? 0) >= 1 && process.pid !== 1 && process.pid !== selfPid)
    .map((process) => ({ process, badness: nohangBadness(process, config) }))
    .sort((a, b) => b.badness - a.badness || a.process.pid - b.process.pid);
  if (ranked.length === 0 || ranked[0]!.badness < (config.minBadness ?? 1)) return [];
  return ranked.map(({ process }) => ({ pid: process.pid, name: process.name }));
}

function etaFor(mem: NohangSize | null, swap: NohangSize | null, memory: BoxMemory, slopes: MemorySlopes): number | null {
  if (mem === null || swap === null) return null;
  const memEta = secondsUntilAtOrBelow(memory.availableKb, memThresholdKb(mem, memory.totalKb), slopes.availableKbPerSec);
  const swapEta = secondsUntilAtOrBelow(memory.swapFreeKb, swapThresholdKb(swap, memory.swapTotalKb), slopes.swapFreeKbPerSec);
  return whenBoth(memEta, swapEta);
}

function sizeText(size: NohangSize | null): string {
  return size === null ? 'unknown' : `${size.value} ${size.unit}`;
}

function caveatsFor(config: NohangConfig): string[] {
  const caveats = config.errors.map((error) => `nohang would not start: ${error}`);
  const unseen = [...new Set(config.badnessRules.map((rule) => rule.field).filter((field) => !['NAME', 'CMDLINE', 'UID', 'CGROUP_V2'].includes(field)))];
  if (unseen.length > 0) caveats.push(`@BADNESS_ADJ_RE_${unseen.join('/')} rules not evaluated here`);
  if (config.psiCheckingEnabled === true) caveats.push('PSI rule enabled: it may act sooner while memory is low');
  if (config.softActionCount > 0) caveats.push('@SOFT_ACTION_RE_* may run a command instead of SIGTERM');
  return caveats;
}

/** When nohang would act at the current slope, and on whom. `selfPid`: nohang's own pid. */
export function forecastNohang(config: NohangConfig, memory: BoxMemory, slopes: MemorySlopes, processes: readonly CandidateProcess[], selfPid: number | null): KillerForecast {
  const hardEta = etaFor(config.hardMinMem, config.hardMinSwap, memory, slopes);
  const softEta = etaFor(config.softMinMem, config.softMinSwap, memory, slopes);
  const soft = config.softMinMem === null ? 'unknown' : mibText(memThresholdKb(config.softMinMem, memory.totalKb));
  return {
    killer: 'nohang',
    thresholdText: `MemAvailable ≤ ${sizeText(config.softMinMem)} (${soft}) and SwapFree ≤ ${sizeText(config.softMinSwap)}; SIGKILL at ${sizeText(config.hardMinMem)} / ${sizeText(config.hardMinSwap)}`,
    etaSeconds: hardEta === 0 ? 0 : softEta,
    signal: hardEta === 0 ? 'SIGKILL' : 'SIGTERM',
    victims: nohangRanking(config, processes, selfPid).slice(0, 1),
    cgroup: null,
    outcome: 'kill',
    caveats: caveatsFor(config),
  };
}
