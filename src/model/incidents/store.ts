// Saves each replayed report so the explanation survives log rotation (issue 4, item 6): the report's own
// lines, the parsed JSON, the memory state and whatever pre-kill context the caller knows (oomlens's own
// samples of the victim). Files live under $XDG_STATE_HOME/oomlens/incidents/ (default
// ~/.local/state/oomlens/incidents/); the directory is a parameter so tests use a temporary one.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readdir as readdirCallback, readFile as readFileCallback } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { toReportJson, type OomReportJson } from '../../oom/report-json.js';
import type { OomMemoryState, OomReport } from '../../oom/types.js';
import { oomlensStateDir } from '../state-dir.js';

export const INCIDENT_FORMAT_VERSION = 1;

// The TUI lists and reads earlier incidents at start (runtime/live-source.ts, loadSaved): with node:fs's
// callback functions, so that only a save loads node:fs/promises, which brings 9 modules with it
// (readline, fs/dir, the watchers; docs/performance.md, issue 16, "Built-ins the TUI does not need").
const readdir = promisify(readdirCallback);
const readFile = promisify(readFileCallback);

export interface IncidentFile<Context = unknown> {
  version: number;
  savedAt: string;
  kernelRelease: string | null;
  /** /proc/sys/kernel/random/boot_id of the boot it happened in, and its /dev/kmsg seq: its identity there. */
  bootId?: string | null;
  kmsgSeq?: number | null;
  report: OomReportJson;
  memory: OomMemoryState;
  /** The report as the kernel printed it (prefix removed, re-stamped); `oomlens explain FILE` reads it back. */
  rawText: string;
  context: Context;
}

/** $XDG_STATE_HOME/oomlens/incidents, else ~/.local/state/oomlens/incidents. */
export function defaultIncidentDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return join(oomlensStateDir(env, home), 'incidents');
}

/** `2025-11-21T22-50-10.123Z-pid3892`: sortable by time, safe on every filesystem (no colons). */
export function incidentBaseName(report: OomReport, savedAt: Date): string {
  const time = savedAt.toISOString().replaceAll(':', '-');
  const victim = report.victims[0];
  return `${time}-${victim === undefined ? 'nokill' : `pid${victim.pid}`}`;
}

export interface SaveIncidentOptions {
  dir?: string;
  now?: Date;
  /** The boot the report is from (this boot's id, for a report read live). */
  bootId?: string | null;
}

/**
 * Writes one incident file and returns its path. Never overwrites: a second save in the same millisecond
 * for the same pid gets a `-2` suffix. The directory is private (0700): reports name other users' processes.
 */
export async function saveIncident<Context>(
  report: OomReport,
  context: Context,
  options: SaveIncidentOptions = {},
): Promise<string> {
  const dir = options.dir ?? defaultIncidentDir();
  const savedAt = options.now ?? new Date();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const incident: IncidentFile<Context> = {
    version: INCIDENT_FORMAT_VERSION,
    savedAt: savedAt.toISOString(),
    kernelRelease: report.kernelRelease,
    bootId: options.bootId ?? null,
    kmsgSeq: report.kmsgSeq,
    report: toReportJson(report),
    memory: report.memory,
    rawText: report.rawLines.join('\n'),
    context,
  };
  const body = `${JSON.stringify(incident, null, 2)}\n`;
  const base = incidentBaseName(report, savedAt);
  for (let attempt = 1; ; attempt += 1) {
    const path = join(dir, `${base}${attempt === 1 ? '' : `-${attempt}`}.json`);
    try {
      await writeFile(path, body, { flag: 'wx', mode: 0o600 });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
    }
  }
}

/** Incident files in a directory, oldest first (the names sort by time). Missing directory = none. */
export async function listIncidents(dir: string = defaultIncidentDir()): Promise<string[]> {
  try {
    const names = await readdir(dir);
    // Compare without the extension so `…-pid5.json` sorts before its twin `…-pid5-2.json`.
    const stems = names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length));
    return stems.sort().map((stem) => join(dir, `${stem}.json`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function readIncident(path: string): Promise<IncidentFile> {
  return JSON.parse(await readFile(path, 'utf8')) as IncidentFile;
}
