// One detected killer's settings, put together from its argv and config texts (pure), and what the
// snapshot carries for it: its thresholds as a plain JSON object for `--json` `killers`, and its forecasts.
import type { DetectedKiller } from './detect.js';
import { earlyoomLimits, parseEarlyoomArgv, type EarlyoomOptions } from './earlyoom-options.js';
import { forecastEarlyoom } from './earlyoom-forecast.js';
import { DEFAULT_MEMORY_AVAILABLE, kubeletConfigPath, memoryEvictionThreshold, type EvictionThreshold } from './kubelet-config.js';
import { forecastKubelet, thresholdKb } from './kubelet-forecast.js';
import { memThresholdKb, nohangConfigPath, parseNohangConfig, swapThresholdKb, type NohangConfig, type NohangSize } from './nohang-config.js';
import { forecastNohang } from './nohang-forecast.js';
import { parseOomdConfig, type OomdConfig, type UnitManagedOom } from './oomd-config.js';
import { forecastOomd, type OomdCgroup } from './oomd-forecast.js';
import type { BoxMemory, CandidateProcess, KillerForecast, MemorySlopes, RunningKiller } from './types.js';

export type KillerSettings =
  | { name: 'earlyoom'; pid: number; options: EarlyoomOptions }
  | { name: 'systemd-oomd'; pid: number; config: OomdConfig; dryRun: boolean }
  | { name: 'nohang'; pid: number; configPath: string | null; config: NohangConfig | null }
  | { name: 'kubelet'; pid: number; configPath: string | null; eviction: EvictionThreshold; embeddedIn?: 'k3s' | null };

/** The config texts a killer reads; null where the file is absent or was not read. */
export interface KillerFiles {
  /** readOomdConfigTexts(root): oomd.conf then its drop-ins. */
  oomdConfigTexts?: ReadonlyArray<string | null>;
  /** readNohangConfig(root, nohangConfigPath(argv)). */
  nohangConfigText?: string | null;
  /** readKubeletConfig(root, kubeletConfigPath(argv)). */
  kubeletConfigText?: string | null;
  /** readKubeletDropins(root, --config-dir): the drop-ins in name order. */
  kubeletDropinTexts?: ReadonlyArray<string | null>;
  /** A kubelet embedded in k3s: the flags k3s gives it (kubeletArgvFromRancherConfigs). */
  kubeletArgv?: string[];
}

/** A detected killer's settings from its argv and the texts of its config files. */
export function settingsOf(killer: DetectedKiller, files: KillerFiles): KillerSettings {
  const { argv, pid } = killer;
  switch (killer.name) {
    case 'earlyoom':
      return { name: 'earlyoom', pid, options: parseEarlyoomArgv(argv) };
    case 'systemd-oomd':
      // src/oom/oomd.c: --dry-run is its one behaviour flag.
      return { name: 'systemd-oomd', pid, config: parseOomdConfig(files.oomdConfigTexts ?? []), dryRun: argv.includes('--dry-run') };
    case 'nohang': {
      const text = files.nohangConfigText ?? null;
      return { name: 'nohang', pid, configPath: nohangConfigPath(argv), config: text === null ? null : parseNohangConfig(text) };
    }
    case 'kubelet': {
      const kubeletArgv = files.kubeletArgv ?? argv;
      const eviction = memoryEvictionThreshold(kubeletArgv, files.kubeletConfigText ?? null, files.kubeletDropinTexts ?? [],
        killer.embeddedIn === 'k3s' ? null : DEFAULT_MEMORY_AVAILABLE);
      return { name: 'kubelet', pid, configPath: kubeletConfigPath(kubeletArgv), eviction, embeddedIn: killer.embeddedIn ?? null };
    }
  }
}

function earlyoomJson(options: EarlyoomOptions, memory: BoxMemory | null): Record<string, unknown> {
  const needsTotals = options.memKb !== null || options.swapKb !== null;
  const limits = memory === null && needsTotals ? null : earlyoomLimits(options, { memTotalKb: memory?.totalKb ?? 0, swapTotalKb: memory?.swapTotalKb ?? 0 });
  return {
    memTermPercent: limits?.memTermPercent ?? null,
    memKillPercent: limits?.memKillPercent ?? null,
    swapTermPercent: limits?.swapTermPercent ?? null,
    swapKillPercent: limits?.swapKillPercent ?? null,
    prefer: options.prefer,
    avoid: options.avoid,
    ignore: options.ignore,
    ignoreRootUser: options.ignoreRootUser,
    sortByRss: options.sortByRss,
    dryRun: options.dryRun,
    kernelOom: options.kernelOom,
    errors: options.errors,
  };
}

function sizeJson(size: NohangSize | null, kb: number | null): { text: string | null; kb: number | null } {
  return { text: size === null ? null : `${size.value} ${size.unit}`, kb };
}

function nohangJson(configPath: string | null, config: NohangConfig, memory: BoxMemory | null): Record<string, unknown> {
  const mem = (size: NohangSize | null) => sizeJson(size, size === null || memory === null ? null : memThresholdKb(size, memory.totalKb));
  const swap = (size: NohangSize | null) => sizeJson(size, size === null || memory === null ? null : swapThresholdKb(size, memory.swapTotalKb));
  return {
    configPath: configPath ?? '/etc/nohang/nohang.conf',
    softMinMem: mem(config.softMinMem),
    hardMinMem: mem(config.hardMinMem),
    softMinSwap: swap(config.softMinSwap),
    hardMinSwap: swap(config.hardMinSwap),
    psiCheckingEnabled: config.psiCheckingEnabled,
    psiMetrics: config.psiMetrics,
    softMaxPsi: config.softMaxPsi,
    hardMaxPsi: config.hardMaxPsi,
    ignorePositiveOomScoreAdj: config.ignorePositiveOomScoreAdj,
    minBadness: config.minBadness,
    badnessRules: config.badnessRules.length,
    errors: config.errors,
  };
}

/** The snapshot's entry for a running killer: `{name, pid, thresholds}` (thresholds null when unknown). */
export function runningKiller(settings: KillerSettings, memory: BoxMemory | null): RunningKiller {
  const { name, pid } = settings;
  switch (settings.name) {
    case 'earlyoom':
      return { name, pid, thresholds: earlyoomJson(settings.options, memory) };
    case 'systemd-oomd':
      return { name, pid, thresholds: { ...settings.config, dryRun: settings.dryRun } };
    case 'nohang':
      return { name, pid, thresholds: settings.config === null ? null : nohangJson(settings.configPath, settings.config, memory) };
    case 'kubelet': {
      const kb = memory === null ? null : thresholdKb(settings.eviction, memory.totalKb);
      const { eviction, configPath } = settings;
      return { name, pid, thresholds: { memoryAvailable: eviction.text, memoryAvailableKb: kb, source: eviction.source, configPath, embeddedIn: settings.embeddedIn ?? null } };
    }
  }
}

export interface ForecastInputs {
  memory: BoxMemory;
  slopes: MemorySlopes;
  processes: readonly CandidateProcess[];
  /** The cgroups systemd-oomd watches and may pick (see oomdCgroupSettings); [] when unknown. */
  oomdCgroups?: readonly OomdCgroup[];
}

/** When and on whom a killer would act; [] when it would not (no threshold, unreadable config). */
export function forecastKiller(settings: KillerSettings, inputs: ForecastInputs): KillerForecast[] {
  const { memory, slopes, processes } = inputs;
  switch (settings.name) {
    case 'earlyoom':
      return [forecastEarlyoom(settings.options, memory, slopes, processes, settings.pid)];
    case 'systemd-oomd':
      return forecastOomd({ config: settings.config, dryRun: settings.dryRun, memory, slopes, cgroups: inputs.oomdCgroups ?? [], processes });
    case 'nohang':
      return settings.config === null ? [] : [forecastNohang(settings.config, memory, slopes, processes, settings.pid)];
    case 'kubelet': {
      const forecast = forecastKubelet(settings.eviction, memory, slopes, processes);
      return forecast === null ? [] : [forecast];
    }
  }
}

/** The parts of an OomdCgroup that come from its unit's ManagedOOM*= settings. */
export function oomdCgroupSettings(unit: UnitManagedOom): Pick<OomdCgroup, 'managed' | 'pressureLimitPercent' | 'pressureDurationSec' | 'preference'> {
  const managed: Array<'pressure' | 'swap'> = [];
  if (unit.memoryPressure === 'kill') managed.push('pressure');
  if (unit.swap === 'kill') managed.push('swap');
  return { managed, pressureLimitPercent: unit.memoryPressureLimitPercent, pressureDurationSec: unit.memoryPressureDurationSec, preference: unit.preference };
}
