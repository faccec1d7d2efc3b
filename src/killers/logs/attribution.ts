// Kills by userspace killers, attributed from a stream of log lines (the message part of journal or
// syslog lines, in order). Each killer's line parser is in its own file beside this one; this puts together what one
// kill spreads over several lines: earlyoom's "low memory!" line and its --dryrun notice, nohang's reason
// and victim lines before its signal line, PID 1's echo of a systemd-oomd kill, the kubelet's
// "attempting to reclaim" line and its repeated "waiting for pod" line. Pure: state, no I/O.
import { classifyEarlyoomLine, earlyoomReason } from './earlyoom.js';
import { classifyKubeletLine, kubeletReason } from './kubelet.js';
import { classifyNohangLine, NOHANG_REASON } from './nohang.js';
import { classifyOomdLine } from './oomd.js';
import type { KillerKill, KillSignal } from '../types.js';

export interface KillAttributor {
  /** One log message (it may hold several lines); returns the kills it completes. */
  push(message: string): KillerKill[];
  /** The kill still held at the end of the input (an earlyoom kill waits one line for a dry-run notice). */
  flush(): KillerKill[];
}

interface State {
  earlyoomLimits: { signal: KillSignal; memPercent: number; swapPercent: number } | null;
  heldEarlyoom: KillerKill | null;
  nohangVictim: { pid: number; name: string } | null;
  nohangReasons: Map<string, string>;
  lastOomdUnit: string | null;
  kubeletResource: string | null;
  kubeletEvicted: Set<string>;
}

function earlyoomStep(state: State, line: string): KillerKill[] | null {
  const classified = classifyEarlyoomLine(line);
  if (classified === null) return null;
  if (classified.kind === 'limits') state.earlyoomLimits = classified;
  if (classified.kind === 'dryrun') state.heldEarlyoom = null; // "dryrun, not actually sending any signal"
  if (classified.kind === 'kill') {
    const limits = state.earlyoomLimits?.signal === classified.kill.signal ? state.earlyoomLimits : null;
    state.heldEarlyoom = { ...classified.kill, reason: earlyoomReason(classified.kill.signal, limits) };
    state.earlyoomLimits = null;
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
  // PID 1's "<unit>: systemd-oomd killed N process(es)" echoes the kill systemd-oomd just logged.
  if (state.lastOomdUnit === classified.unit) {
    state.lastOomdUnit = null;
    return [];
  }
  return [{ killer: 'systemd-oomd', pid: null, name: classified.unit, cgroup: null, signal: 'SIGKILL', reason: `systemd-oomd killed ${classified.processes} process(es) in this unit` }];
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

/** A new attributor: push messages in log order, flush at the end. */
export function createKillAttributor(): KillAttributor {
  const state: State = {
    earlyoomLimits: null,
    heldEarlyoom: null,
    nohangVictim: null,
    nohangReasons: new Map(),
    lastOomdUnit: null,
    kubeletResource: null,
    kubeletEvicted: new Set(),
  };
  const pushLine = (line: string): KillerKill[] => {
    const held = state.heldEarlyoom;
    state.heldEarlyoom = null;
    let found: KillerKill[] = [];
    for (const step of STEPS) {
      const result = step(state, line);
      if (result !== null) {
        found = result;
        break;
      }
    }
    // A held earlyoom kill is real unless this very line was its dry-run notice (which cleared it).
    const dropped = held !== null && classifyEarlyoomLine(line)?.kind === 'dryrun';
    return held === null || dropped ? found : [held, ...found];
  };
  return {
    push: (message) => message.split('\n').flatMap(pushLine),
    flush: () => {
      const held = state.heldEarlyoom;
      state.heldEarlyoom = null;
      return held === null ? [] : [held];
    },
  };
}

/** Every userspace-killer kill in `messages` (log order). */
export function attributeKills(messages: Iterable<string>): KillerKill[] {
  const attributor = createKillAttributor();
  const kills: KillerKill[] = [];
  for (const message of messages) kills.push(...attributor.push(message));
  return [...kills, ...attributor.flush()];
}
