// Userspace killers (systemd-oomd, earlyoom, nohang, the kubelet's eviction): who is running, with which
// thresholds, when each would act and on whom, and which kills in the log were theirs.
//
// Wiring, per tick or on start:
//   detectKillers(rows)                         rows the sampler has → DetectedKiller[] (pure)
//   readKillerSettings({root, proc}, killer)    exact argv + config files → KillerSettings (reads)
//   runningKiller(settings, memory)             → {name, pid, thresholds} for the snapshot / --json
//   forecastKiller(settings, {memory, slopes, processes, oomdCgroups})  → KillerForecast[] (pure)
//   attributeKills(messages) / createKillAttributor()  journal messages → KillerKill[] (pure)
export type { BoxMemory, CandidateProcess, KillerForecast, KillerKill, KillerName, LoggedKill, KillSignal, MemorySlopes, ProcessIdentity, RunningKiller, Victim } from './types.js';
export { detectKillers, argvFromCmdline, type DetectedKiller } from './detect.js';
export { settingsOf, runningKiller, forecastKiller, oomdCgroupSettings, type KillerSettings, type KillerFiles, type ForecastInputs } from './settings.js';
export { readKillerSettings, readProcArgv, readOomdConfigTexts, readNohangConfig, readKubeletConfig, readEarlyoomDefaults } from './readers.js';
export { readUnitManagedOom, unitsOfCgroup } from './unit-files.js';
export { parseSystemctlShow, parseUnitManagedOom, type UnitManagedOom, type ShownUnit } from './oomd-config.js';
export { oomdCandidates, chooseBySwap, chooseByPgscan, type OomdCgroup } from './oomd-forecast.js';
export { attributeKills, createKillAttributor, type KillAttributor } from './logs/attribution.js';
export { earlyoomKillFromLine } from './logs/earlyoom.js';
export { oomdKillFromLine, userspaceKillScope } from './logs/oomd.js';
export { nohangKillFromLine } from './logs/nohang.js';
export { kubeletKillsFromLine } from './logs/kubelet.js';
