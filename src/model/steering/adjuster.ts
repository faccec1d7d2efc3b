// The oom_score_adj write path behind the steering keys: a guarded write, the read-back, the processes that
// changed with it, the log line, and the session's undo journal. The kernel I/O is injected (ProcessFiles;
// its openAdj is procfs/pid/oom-score-adj-writer.ts), so every branch here is tested without root.
//
// Safety, in order:
//   1. --read-only refuses everything before touching the kernel.
//   2. The file is opened, THEN the process's starttime is re-read and compared, THEN the value is written.
//      An open /proc/PID file stays bound to its process (a reused pid is never reached through it), so the
//      check after the open cannot be raced: a write lands on the selected process or nowhere.
//   3. Only the target pid is ever written. Other processes that share its memory (clone(CLONE_VM) without
//      CLONE_THREAD) change too, because the kernel propagates the value to them (4.8+, 44a70adec910).
//
// Finding those others: the kernel exposes no "mm id", so we compare. Before the write, every process (one
// readdir of /proc, which lists thread-group leaders only, so threads never count) whose oom_score_adj equals
// the old value is a candidate; after the write, the candidates that now read the new value changed with it.
// That costs a few hundred small reads per key press and sees exactly what the kernel did, including on
// kernels that propagate only for mms flagged shared (MMF_MULTIPROCESS, 5.10+). A process that changed its
// own value to the same number in the same millisecond would be misnamed; we accept that.
import type { AdjWriteHandle, ProcessFiles } from '../../procfs/pid/process-files.js';
import { OOM_SCORE_ADJ_MAX, OOM_SCORE_ADJ_MIN } from '../../procfs/pid/oom.js';
import { sanitize } from '../../text/sanitize.js';
import { formatLogLine, type Actor } from './adjustment-log.js';
import { describeOpenError, describeWriteError } from './errors.js';

/** The selected process: pid and starttime identify it across pid reuse; name is for messages. */
export interface AdjustTarget {
  pid: number;
  starttime: number;
  /** Sanitised comm, as in the kill list. */
  name: string;
}

export interface AdjusterDeps {
  files: ProcessFiles;
  /** --read-only: every write is refused. */
  readOnly: boolean;
  /** Appends one line to the adjustments log (throws on failure); null: no log. */
  appendLog: ((line: string) => void) | null;
  /** Where appendLog writes, for the screen to say; null or absent: not said. */
  logPath?: string | null;
  /** Who is writing, for the log. */
  actor?: Actor | null;
  now: () => Date;
  /** This program's uid, to tell "not your process" apart; null when unknown. */
  myUid: number | null;
  /** Whether this program holds CAP_SYS_RESOURCE (root in a container may not); null when unknown. */
  hasCapSysResource?: boolean | null;
}

export type AdjustOutcome =
  | 'changed' | 'unchanged' | 'read-only' | 'invalid' | 'exited' | 'replaced' | 'denied' | 'failed';

export interface SharedProcess {
  pid: number;
  name: string;
}

export interface AdjustResult {
  outcome: AdjustOutcome;
  /** True for 'changed' and 'unchanged'. */
  ok: boolean;
  target: AdjustTarget;
  undo: boolean;
  requested: number;
  /** Read just before the write (null when the process could not be read). */
  oldValue: number | null;
  /** Read back after the write. */
  newValue: number | null;
  oldScore: number | null;
  newScore: number | null;
  /** Other processes whose value changed too: they share the target's memory. */
  sharedWith: SharedProcess[];
  /** One line for the status line: what happened, in words. */
  message: string;
  /** "also changed, sharing its memory: …", or null. */
  sharedNote: string | null;
  /** Why the log line could not be written; the write itself stands. */
  logError: string | null;
  /** Where the log line went; null when none was written. */
  loggedTo?: string | null;
}

export interface ApplyOptions {
  undo?: boolean;
  /** For undo: the value this session wrote; a different current value is mentioned in the message. */
  expectedCurrent?: number;
}

export function label(target: AdjustTarget): string {
  return `${target.name} (${target.pid})`;
}

/** A write that did not happen, and why. */
export function refusal(
  target: AdjustTarget,
  requested: number,
  undo: boolean,
  outcome: AdjustOutcome,
  message: string,
): AdjustResult {
  return {
    outcome, ok: outcome === 'unchanged', target, undo, requested,
    oldValue: null, newValue: null, oldScore: null, newScore: null,
    sharedWith: [], message: undo ? `undo: ${message}` : message, sharedNote: null, logError: null,
  };
}

/** Why the target is no longer the selected process, or null if it still is. */
function identityProblem(target: AdjustTarget, files: ProcessFiles): { outcome: 'exited' | 'replaced'; message: string } | null {
  const stat = files.stat(target.pid);
  // A zombie keeps its pid and starttime but has no memory left to protect.
  if (stat === null || stat.state === 'Z' || stat.state === 'X') {
    return { outcome: 'exited', message: `${label(target)} has exited: nothing written` };
  }
  if (stat.starttime !== target.starttime) {
    const now = sanitize(stat.comm);
    return { outcome: 'replaced', message: `pid ${target.pid} is now another process (${now}): nothing written` };
  }
  return null;
}

type Opened = { handle: AdjWriteHandle } | { refused: { outcome: AdjustOutcome; message: string } };

/** Opens the target's oom_score_adj and proves it is still the selected process. */
function openVerified(target: AdjustTarget, deps: AdjusterDeps): Opened {
  let handle: AdjWriteHandle;
  try {
    handle = deps.files.openAdj(target.pid);
  } catch (error) {
    // Say "exited" or "replaced" before "permission denied": that is the truer story.
    const problem = identityProblem(target, deps.files);
    if (problem) return { refused: problem };
    return { refused: describeOpenError(error, label(target), deps.files.ownerUid(target.pid), deps.myUid) };
  }
  const problem = identityProblem(target, deps.files);
  if (problem) {
    handle.close();
    return { refused: problem };
  }
  return { handle };
}

/** Every other process that now reads `value`: the candidates' value moved with the target's. */
function processesThatChanged(files: ProcessFiles, candidates: readonly number[], value: number): SharedProcess[] {
  const shared: SharedProcess[] = [];
  for (const pid of candidates) {
    if (files.oomScoreAdj(pid) !== value) continue;
    const stat = files.stat(pid);
    if (stat !== null) shared.push({ pid, name: sanitize(stat.comm) });
  }
  return shared;
}

/**
 * Other processes whose oom_score_adj equals `value` now: those that could change with the target. Only a
 * note depends on it, so a failed scan (an unreadable /proc) gives no candidates rather than no write.
 */
function processesWithValue(files: ProcessFiles, exceptPid: number, value: number): number[] {
  try {
    return files.listPids().filter((pid) => pid !== exceptPid && files.oomScoreAdj(pid) === value);
  } catch {
    return [];
  }
}

export function sharedNote(shared: readonly SharedProcess[]): string | null {
  if (shared.length === 0) return null;
  const shown = shared.slice(0, 4).map((p) => `${p.name} (${p.pid})`);
  const more = shared.length > shown.length ? ` and ${shared.length - shown.length} more` : '';
  return `also changed, sharing its memory: ${shown.join(', ')}${more}`;
}

/** Who we are, for the EACCES wording: root without CAP_SYS_RESOURCE cannot be told to "run as root". */
function privilegeOf(deps: AdjusterDeps): 'root-without-cap' | 'other' {
  return deps.myUid === 0 && deps.hasCapSysResource === false ? 'root-without-cap' : 'other';
}

function isValidAdj(value: number): boolean {
  return Number.isInteger(value) && value >= OOM_SCORE_ADJ_MIN && value <= OOM_SCORE_ADJ_MAX;
}

/**
 * Sets the target's oom_score_adj to `value` through the guarded write, reads it back, names the processes
 * that changed with it, and logs the change. Never throws for kernel errors: they come back as words.
 */
export function applyAdjustment(target: AdjustTarget, value: number, deps: AdjusterDeps, options: ApplyOptions = {}): AdjustResult {
  const undo = options.undo ?? false;
  const refuse = (outcome: AdjustOutcome, message: string) => logRefusal(refusal(target, value, undo, outcome, message), deps);
  if (deps.readOnly) return refuse('read-only', `read-only mode (--read-only): ${label(target)} not changed`);
  if (!isValidAdj(value)) return refuse('invalid', `${value} is not a whole number from -1000 to 1000: nothing written`);
  const opened = openVerified(target, deps);
  if ('refused' in opened) return refuse(opened.refused.outcome, opened.refused.message);
  const { files } = deps;
  const oldValue = files.oomScoreAdj(target.pid);
  const oldScore = files.oomScore(target.pid);
  if (oldValue === value) {
    opened.handle.close();
    const same = refusal(target, value, undo, 'unchanged', `${label(target)} already has oom_score_adj ${value}: nothing written`);
    return { ...same, oldValue, newValue: value, oldScore, newScore: oldScore };
  }
  const candidates = oldValue === null ? [] : processesWithValue(files, target.pid, oldValue);
  try {
    opened.handle.write(value);
  } catch (error) {
    const failure = describeWriteError(error, label(target), oldValue, value, privilegeOf(deps));
    return logRefusal({ ...refusal(target, value, undo, failure.outcome, failure.message), oldValue, oldScore }, deps);
  } finally {
    opened.handle.close();
  }
  const newValue = files.oomScoreAdj(target.pid);
  const sharedWith = newValue === null || newValue === oldValue ? [] : processesThatChanged(files, candidates, newValue);
  const result: AdjustResult = {
    outcome: 'changed', ok: true, target, undo, requested: value, oldValue, newValue, oldScore,
    newScore: files.oomScore(target.pid), sharedWith, message: '', sharedNote: sharedNote(sharedWith), logError: null,
  };
  result.logError = writeLog(result, deps);
  result.loggedTo = result.logError === null ? (deps.logPath ?? null) : null;
  result.message = changedMessage(result, options.expectedCurrent);
  return result;
}

/** Outcomes that are refusals of a write someone tried: the log keeps those too. */
const LOGGED_REFUSALS: ReadonlySet<AdjustOutcome> = new Set(['denied', 'failed']);

/** Logs a refused attempt (a permission or a kernel error; not --read-only, a gone process or a typo). */
export function logRefusal(result: AdjustResult, deps: AdjusterDeps): AdjustResult {
  if (!LOGGED_REFUSALS.has(result.outcome)) return result;
  const logError = writeLog(result, deps);
  return { ...result, logError, loggedTo: logError === null ? (deps.logPath ?? null) : null };
}

function changedMessage(result: AdjustResult, expectedCurrent: number | undefined): string {
  const { target, oldValue, newValue, oldScore, newScore, requested } = result;
  const show = (n: number | null) => (n === null ? '?' : String(n));
  let text = `${label(target)}: oom_score_adj ${show(oldValue)} → ${show(newValue)}, oom_score ${show(oldScore)} → ${show(newScore)}`;
  if (newValue !== requested) text += ` (asked for ${requested}; the kernel reads ${show(newValue)})`;
  if (expectedCurrent !== undefined && oldValue !== expectedCurrent) {
    text += ` (it was ${show(oldValue)}, not ${expectedCurrent}: changed elsewhere since)`;
  }
  if (result.logError !== null) text += ` (not logged: ${result.logError})`;
  return result.undo ? `undo: ${text}` : text;
}

/** Appends the change to the log; returns why it failed, or null. */
function writeLog(result: AdjustResult, deps: AdjusterDeps): string | null {
  const refused = result.ok ? null : result.message;
  const newValue = refused === null ? result.newValue : result.requested;
  if (deps.appendLog === null || newValue === null) return null;
  const line = formatLogLine({
    at: deps.now(), pid: result.target.pid, starttime: result.target.starttime, name: result.target.name,
    oldValue: result.oldValue, newValue, undo: result.undo,
    sharedPids: result.sharedWith.map((p) => p.pid), by: deps.actor ?? null, refused,
  });
  try {
    deps.appendLog(line);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    return code ?? (error instanceof Error ? error.message : String(error));
  }
}
