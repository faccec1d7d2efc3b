// nohang's config (/etc/nohang/nohang.conf, or --config PATH), read as nohang reads it (src/nohang,
// hakavlad/nohang 1d49838, the "stupid conf parsing" loop):
//   - a line starting with '#', a tab, a space or nothing (blank) is a comment: indented lines too;
//   - `key = value`, both stripped; a key given twice makes nohang exit ("config key duplication");
//   - `@BADNESS_ADJ_RE_<FIELD> adj /// regex` adds adj to the badness of processes whose FIELD matches.
// Thresholds: `*_min_mem` take "N %" (of MemTotal) or "N M" (MiB) (calculate_percent()); `*_min_swap`
// take "N %" (of SwapTotal) or "N M" (get_swap_threshold_tuple()); the soft ones send SIGTERM, the hard
// ones SIGKILL; PSI and zram thresholds act only when psi_checking_enabled / zram_checking_enabled.
import { compilePythonRegex } from './posix-regex.js';

export interface NohangSize {
  value: number;
  unit: '%' | 'M';
}

export type BadnessField = 'NAME' | 'CMDLINE' | 'UID' | 'CGROUP_V1' | 'CGROUP_V2' | 'REALPATH' | 'CWD' | 'ENVIRON';

export interface BadnessRule {
  field: BadnessField;
  adj: number;
  pattern: string;
}

export interface NohangConfig {
  softMinMem: NohangSize | null;
  hardMinMem: NohangSize | null;
  warningMinMem: NohangSize | null;
  softMinSwap: NohangSize | null;
  hardMinSwap: NohangSize | null;
  warningMinSwap: NohangSize | null;
  psiCheckingEnabled: boolean | null;
  psiMetrics: string | null;
  softMaxPsi: number | null;
  hardMaxPsi: number | null;
  psiExcessDurationSec: number | null;
  zramCheckingEnabled: boolean | null;
  ignorePositiveOomScoreAdj: boolean | null;
  minBadness: number | null;
  badnessRules: BadnessRule[];
  /** @SOFT_ACTION_RE_* lines: a command runs instead of SIGTERM for matching processes. */
  softActionCount: number;
  /** Why nohang would refuse this file (missing or duplicated keys, bad values). */
  errors: string[];
}

const FIELDS: readonly BadnessField[] = ['NAME', 'CMDLINE', 'UID', 'CGROUP_V1', 'CGROUP_V2', 'REALPATH', 'CWD', 'ENVIRON'];

/** Python's float(): surrounding whitespace allowed, nothing else left over. */
function pythonFloat(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

function parseSize(text: string | undefined): NohangSize | null {
  if (text === undefined) return null;
  const unit = text.endsWith('%') ? '%' : text.endsWith('M') ? 'M' : null;
  const value = unit === null ? null : pythonFloat(text.slice(0, -1));
  return unit === null || value === null || value < 0 ? null : { value, unit };
}

function parseBool(text: string | undefined): boolean | null {
  return text === 'True' ? true : text === 'False' ? false : null;
}

function parseBadnessRule(line: string): BadnessRule | null {
  const match = /^@BADNESS_ADJ_RE_([A-Z0-9_]+)(.*)$/.exec(line);
  if (match === null || !FIELDS.includes(match[1] as BadnessField)) return null;
  const rest = match[2]!.replace(/^[ \n]+|[ \n]+$/g, '');
  const separator = rest.indexOf('///');
  if (separator < 0) return null;
  const adj = Number.parseInt(rest.slice(0, separator).trim(), 10);
  const pattern = rest.slice(separator + 3).trim();
  return Number.isNaN(adj) ? null : { field: match[1] as BadnessField, adj, pattern };
}

/** The key = value pairs and @ lines of a nohang config, in nohang's reading. */
function readLines(text: string, errors: string[]): { values: Map<string, string>; rules: BadnessRule[]; softActions: number } {
  const values = new Map<string, string>();
  const rules: BadnessRule[] = [];
  let softActions = 0;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('\t') || line.startsWith(' ')) continue;
    if (line.startsWith('@')) {
      if (line.startsWith('@SOFT_ACTION_RE_')) softActions++;
      const rule = parseBadnessRule(line);
      if (rule !== null) rules.push(rule);
      continue;
    }
    const equals = line.indexOf('=');
    const key = (equals < 0 ? line : line.slice(0, equals)).trim();
    if (values.has(key)) errors.push(`config key duplication: ${key}`);
    else values.set(key, equals < 0 ? '' : line.slice(equals + 1).trim());
  }
  return { values, rules, softActions };
}

const REQUIRED = ['soft_threshold_min_mem', 'hard_threshold_min_mem', 'soft_threshold_min_swap', 'hard_threshold_min_swap', 'ignore_positive_oom_score_adj', 'min_badness'];

/** A nohang config file's text → the settings that decide when it acts and on whom. */
export function parseNohangConfig(text: string): NohangConfig {
  const errors: string[] = [];
  const { values, rules, softActions } = readLines(text, errors);
  for (const key of REQUIRED) if (!values.has(key)) errors.push(`${key} not in config`);
  for (const rule of rules) if (compilePythonRegex(rule.pattern) === null) errors.push(`invalid regular expression: ${rule.pattern}`);
  const minBadness = values.get('min_badness');
  return {
    softMinMem: parseSize(values.get('soft_threshold_min_mem')),
    hardMinMem: parseSize(values.get('hard_threshold_min_mem')),
    warningMinMem: parseSize(values.get('warning_threshold_min_mem')),
    softMinSwap: parseSize(values.get('soft_threshold_min_swap')),
    hardMinSwap: parseSize(values.get('hard_threshold_min_swap')),
    warningMinSwap: parseSize(values.get('warning_threshold_min_swap')),
    psiCheckingEnabled: parseBool(values.get('psi_checking_enabled')),
    psiMetrics: values.get('psi_metrics') ?? null,
    softMaxPsi: pythonFloat(values.get('soft_threshold_max_psi') ?? ''),
    hardMaxPsi: pythonFloat(values.get('hard_threshold_max_psi') ?? ''),
    psiExcessDurationSec: pythonFloat(values.get('psi_excess_duration') ?? ''),
    zramCheckingEnabled: parseBool(values.get('zram_checking_enabled')),
    ignorePositiveOomScoreAdj: parseBool(values.get('ignore_positive_oom_score_adj')),
    minBadness: minBadness !== undefined && /^[+-]?\d+$/.test(minBadness.trim()) ? Number(minBadness) : null,
    badnessRules: rules,
    softActionCount: softActions,
    errors,
  };
}

/**
 * A memory threshold in KiB. "%" is of MemTotal; "M" is MiB (calculate_percent(): mem_min_kb = mb·1024).
 */
export function memThresholdKb(size: NohangSize, memTotalKb: number): number {
  return size.unit === '%' ? (size.value / 100) * memTotalKb : size.value * 1024;
}

/**
 * A swap threshold in KiB. "%" is of SwapTotal. For "M", nohang 1d49838 stores the number itself as the
 * KiB figure (get_swap_threshold_tuple() returns MiB, swap_kb_dict keeps it unscaled, check_mem_swap_ex()
 * compares it with SwapFree in KiB): "10 M" acts at 10 KiB. We do the same, since that is when it acts.
 */
export function swapThresholdKb(size: NohangSize, swapTotalKb: number): number {
  return size.unit === '%' ? (swapTotalKb * size.value) / 100 : size.value;
}

/** The --config/-c path of a nohang argv (the `la == 3` branch of its argv check); null: none given. */
export function nohangConfigPath(argv: readonly string[]): string | null {
  const at = argv.findIndex((word) => word === '-c' || word === '--config');
  return at < 0 ? null : argv[at + 1] ?? null;
}
