// Kills by userspace killers, attributed from a stream of log lines (the message part of journal or
// syslog lines, in order). Each killer's line parser is in its own file beside this one; this puts
// together what one kill spreads over several lines: earlyoom's "low memory!" line and its --dryrun
// notice, nohang's reason and victim lines before its signal line, the service manager's per-unit echo of
// a systemd-oomd kill (before or after systemd-oomd's own line), the kubelet's "attempting to reclaim"
// line and its repeated "waiting for pod" line. Pure: state, no I/O.
import { classifyEarlyoomLine, earlyoomReason } from './earlyoom.js';
import { classifyKubeletLine, kubeletReason } from './kubelet.js';
import { classifyNohangLine, NOHANG_REASON } from './nohang.js';
import { classifyOomdLine, unitLineKill } from './oomd.js';
import type { KillerKill, KillSignal } from '../types.js';

export interface KillAttributor {
  /** One log message (it may hold several lines); returns the kills it completes. */
  push(message: string): KillerKill[];
  /** The kills still held at the end of the input. */
  flush(): KillerKill[];
}

/** A kill waiting a few lines for the line that would cancel it (a dry-run notice, a better line). */
interface Held {
  kill: KillerKill;
  linesLeft: number;
  cancelledBy: (line: string) => boolean;
}

interface State {
  held: Held[];
  earlyoomLimits: { signal: KillSignal; memPercent: number; swapPercent: number } | null;
  nohangVictim: { pid: number; name: string } | null;
  nohangReasons: Map<string, string>;
  lastOomdUnit: string | null;
  kubeletResource: string | null;
  kubeletEvicted: Set<string>;
}

// The service manager logs its per-unit line within a line or two of systemd-oomd's own.
const UNIT_ECHO_WINDOW = 3;

function earlyoomStep(state: State, line: string): KillerKill[] | null {
  const classified = classifyEarlyoomLine(line);
  if (classified === null) return null;
  if (classified.kind === 'limits') state.earlyoomLimits = classified;
  if (classified.kind === 'kill') {
    const limits = state.earlyoomLimits?.signal === classified.kill.signal ? state.earlyoomLimits : null;
    state.earlyoomLimits = null;
    // In --dryrun the very next line is "dryrun, not actually sending any signal" (kill_wait()).
    state.held.push({
      kill: { ...classified.kill, reason: earlyoomReason(classified.kill.signal, limits) },
      linesLeft: 1,
      cancelledBy: (next) => classifyEarlyoomLine(next)?.kind === 'dryrun',
    });
  }
  return [];
}

function nohangStep(state: State, line: string): KillerKill[] | null {
  const classified = classifyNohangLine(line);
  if (classified === null) return null;
  if (classified.kind === 'victim') state.nohangVictim = { pid: classified.pid, name: classified.name };
  if (classified.kind === 'reason') state.nohangReasons.set(classified.text.split(' ')[0]!, classified.text);
  if (classified.kind === 'reason' || classified.kind === 'victim') return [];
  const reason = state.nohangReasons.size > 0 ? [...state.nohangReasons.values()].join('; ') : NOHANG_REASON;
  const victim = state.nohangVictim;
  state.nohangVictim = null;
  state.nohangReasons.clear();
  const signal = classified.kind === 'signal' ? classified.signal : null;
  const why = classified.kind === 'command' ? `${reason}; ran "${classified.command}" instead of SIGTERM` : reason;
  return [{ killer: 'nohang', pid: victim?.pid ?? null, name: victim?.name ?? null, cgroup: null, signal, reason: why }];
}

function oomdStep(state: State, line: string): KillerKill[] | null {
  const classified = classifyOomdLine(line);
  if (classified === null) return null;
  if (classified.kind === 'kill') {
    state.lastOomdUnit = classified.kill.name;
    return [classified.kill];
  }
  if (state.lastOomdUnit === classified.unit) {
    state.lastOomdUnit = null; // the echo of the kill systemd-oomd just logged
    return [];
  }
  const unit = classified.unit;
  state.held.push({
    kill: unitLineKill(unit, classified.processes),
    linesLeft: UNIT_ECHO_WINDOW,
    cancelledBy: (next) => {
      const later = classifyOomdLine(next);
      return later?.kind === 'kill' && later.kill.name === unit;
    },
  });
  return [];
}

function kubeletStep(state: State, line: string): KillerKill[] | null {
  const classified = classifyKubeletLine(line);
  if (classified === null) return null;
  if (classified.kind === 'reclaim') {
    state.kubeletResource = classified.resource;
    state.kubeletEvicted.clear();
    return [];
  }
  const fresh = classified.pods.filter((pod) => classified.kind === 'evicted' || !state.kubeletEvicted.has(pod));
  for (const pod of fresh) state.kubeletEvicted.add(pod);
  return fresh.map((pod) => ({ killer: 'kubelet', pid: null, name: pod, cgroup: null, signal: null, reason: kubeletReason(state.kubeletResource) }));
}

const STEPS = [earlyoomStep, oomdStep, nohangStep, kubeletStep];

/** The held kills this line cancels or releases; those it does neither stay held. */
function settleHeld(state: State, line: string): KillerKill[] {
  const released: KillerKill[] = [];
  const kept: Held[] = [];
  for (const held of state.held) {
    if (held.cancelledBy(line)) continue;
    held.linesLeft -= 1;
    if (held.linesLeft <= 0) released.push(held.kill);
    else kept.push(held);
  }
  state.held = kept;
  return released;
}

/** A new attributor: push messages in log order, flush at the end. */
export function createKillAttributor(): KillAttributor {
  const state: State = {
    held: [],
    earlyoomLimits: null,
    nohangVictim: null,
    nohangReasons: new Map(),
    lastOomdUnit: null,
    kubeletResource: null,
    kubeletEvicted: new Set(),
  };
  const pushLine = (line: string): KillerKill[] => {
    const released = settleHeld(state, line);
    for (const step of STEPS) {
      const found = step(state, line);
      if (found !== null) return [...released, ...found];
    }
    return released;
  };
  return {
    push: (message) => message.split('\n').flatMap(pushLine),
    flush: () => state.held.splice(0).map((held) => held.kill),
  };
}

/** Every userspace-killer kill in `messages` (log order). */
export function attributeKills(messages: Iterable<string>): KillerKill[] {
  const attributor = createKillAttributor();
  const kills: KillerKill[] = [];
  for (const message of messages) kills.push(...attributor.push(message));
  return [...kills, ...attributor.flush()];
}
