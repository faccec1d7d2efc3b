// A userspace killer's kill in the OOM panel and the header: that killer's verdict with the threshold that
// fired (`earlyoom killed 4242 (python3): mem avail ≤ 10.00% and swap free ≤ 10.00% (…)`), the signal,
// when, and which log said so. Every string here came through the killers' parsers, which sanitise what a
// log line brings (a comm, a unit, a pod). Pure.
import type { LoggedKill } from '../../killers/index.js';
import type { OomSession } from '../../model/incidents/types.js';
import { approximateMark, localDateTime, offsetText, shortWallText } from '../../oom/time/wall-format.js';
import { wrapText } from '../../text/wrap.js';
import { agoText } from './format.js';
import type { ToneLine } from '../tone.js';

/** Whom it killed: `4242 (python3)`, a cgroup, `pod ns/name`, or that its log did not say. */
export function userspaceVictim(kill: LoggedKill): string {
  if (kill.killer === 'kubelet') return `pod ${kill.name ?? '?'}`;
  if (kill.pid !== null) return `${kill.pid} (${kill.name ?? '?'})`;
  return kill.cgroup ?? kill.name ?? 'a process (its log does not name it)';
}

/** `earlyoom killed 4242 (python3): <the threshold that fired>`. */
export function userspaceVerdict(kill: LoggedKill): string {
  return `${kill.killer} ${kill.killer === 'kubelet' ? 'evicted' : 'killed'} ${userspaceVictim(kill)}: ${kill.reason}`;
}

/** The header's short name of the victim: `python3 (earlyoom)`. */
export function userspaceVictimWords(kill: LoggedKill): string {
  const name = kill.killer === 'kubelet' ? kill.name : (kill.name ?? kill.cgroup);
  return `${name ?? 'a process'} (${kill.killer})`;
}

/** `07:15:58 (3m ago)` for the title; `≈` when the time is when oomlens read the line. */
export function userspaceKillTime(kill: Pick<LoggedKill, 'wallMs' | 'wallTimeApproximate'>, nowWallMs: number): string {
  return `${approximateMark(kill.wallTimeApproximate)}${shortWallText(kill.wallMs, nowWallMs)} (${agoText(nowWallMs - kill.wallMs)})`;
}

function labelled(label: string, text: string, width: number): string[] {
  const indent = ' '.repeat(11);
  return wrapText(text, indent, width).map((line, index) => (index === 0 ? `  ${label.padEnd(9)}${line.slice(11)}` : line));
}

/** The panel's lines for one userspace kill, before the footer. */
export function userspaceKillLines(kill: LoggedKill, session: OomSession, width: number): ToneLine[] {
  const signal =
    kill.signal === null
      ? kill.killer === 'kubelet'
        ? 'the pod was evicted (its containers stopped)'
        : 'not in its log'
      : `${kill.signal}, sent by ${kill.killer} itself: the kernel's OOM killer did not act`;
  const when = `${approximateMark(kill.wallTimeApproximate)}${localDateTime(kill.wallMs)} ${offsetText(kill.wallMs)}${
    kill.wallTimeApproximate ? ' (when oomlens read its line: the log has no stamp)' : ''
  }`;
  const source = session.userspace.log?.source ?? null;
  return [
    ...wrapText(userspaceVerdict(kill), '', width).map((text): ToneLine => ({ text, tone: 'bad' })),
    ...labelled('Signal', signal, width).map((text): ToneLine => ({ text, tone: 'normal' })),
    ...(kill.cgroup === null ? [] : labelled('Cgroup', kill.cgroup, width).map((text): ToneLine => ({ text, tone: 'normal' }))),
    ...labelled('When', when, width).map((text): ToneLine => ({ text, tone: 'normal' })),
    ...(source === null ? [] : labelled('Log', source, width).map((text): ToneLine => ({ text, tone: 'dim' }))),
  ];
}

/** Why userspace kills cannot be seen, for the panel when there is nothing else to show; null when they can. */
export function userspaceUnavailableLines(session: OomSession, width: number): ToneLine[] {
  const why = session.userspace.log?.unavailable ?? session.userspace.log?.error ?? null;
  return why === null ? [] : wrapText(why, '  ', width).map((text): ToneLine => ({ text, tone: 'warn' }));
}
