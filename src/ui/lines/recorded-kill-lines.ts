// Replay's OOM panel: what `oomlens record` kept of a kill's run-up (its incident bundle), under the
// kill's own lines: each victim's samples before it, in the words `oomlens explain --dir` uses
// (history-match.ts beforeLine), the top of the ranking at the last sample, and, for a kill without the
// kernel's report (a userspace killer's, or one seen only as the oom_kill counter's rise), what is absent.
// Pure.
import type { CounterKill, RecordedRunUp } from '../../model/incidents/types.js';
import { beforeLine } from '../../model/recording/history-match.js';
import { localDateTime, offsetText } from '../../oom/time/wall-format.js';
import { formatKbInline } from '../../text/units.js';
import { wrapText } from '../../text/wrap.js';
import type { ToneLine } from '../tone.js';
import { labelledLines } from './panel-text.js';

/** Processes named in the Top line. */
const TOP_SHOWN = 4;

function labelled(label: string, text: string, width: number): string[] {
  return labelledLines(`  ${label.padEnd(9)}${text}`, width);
}

const normal = (text: string): ToneLine => ({ text, tone: 'normal' });

/** The victims' recorded samples before the kill: one Before line each, named when there are several. */
export function recordedBeforeLines(recorded: RecordedRunUp, width: number): ToneLine[] {
  const many = recorded.victims.length > 1;
  if (recorded.victims.length === 0) return labelled('Before', 'no victim named, so no series of one was recorded', width).map(normal);
  return recorded.victims.flatMap((victim) => {
    const line = beforeLine(victim.series);
    const named = many ? line.replace('  Before   ', `  Before   ${victim.name} (${victim.pid}): `) : line;
    return labelledLines(named, width).map(normal);
  });
}

/** `  Top      leaky-worker #1 5.1G · postgres #2 390M`: the first of the kill order at the last sample. */
export function recordedTopLines(recorded: RecordedRunUp, width: number): ToneLine[] {
  if (recorded.top.length === 0) return labelled('Top', 'no sample was recorded before the kill', width).map(normal);
  const names = recorded.top.slice(0, TOP_SHOWN).map((p) => `${p.name} (${p.pid})${p.rank === null ? '' : ` #${p.rank}`} ${formatKbInline(p.rssKb)}`);
  return labelled('Top', `${names.join(' · ')} at the last sample`, width).map(normal);
}

/** What a bundle without the kernel's report cannot show, said once. */
export function absentReportLines(why: string, width: number): ToneLine[] {
  return labelled('Absent', `the kernel's report (trigger, memory state, task table): ${why}`, width).map((text): ToneLine => ({ text, tone: 'dim' }));
}

/** A kill seen only as the oom_kill counter's rise: the rise, where, the likely victims, when, the run-up. */
export function counterKillLines(kill: CounterKill, width: number): ToneLine[] {
  const where = kill.cgroup === null ? '' : ` in ${kill.cgroup}`;
  const count = kill.counterDelta === 1 ? 'an OOM kill' : `${kill.counterDelta} OOM kills`;
  const verdict = `/proc/vmstat oom_kill rose: ${count}${where}, and no report of it was recorded`;
  const guessed = kill.recorded.victims.filter((v) => v.guessed);
  const likely = guessed.length === 0
    ? 'none: no recorded process vanished from it'
    : `${guessed.map((v) => `${v.name} (${v.pid})`).join(', ')}: vanished${kill.cgroup === null ? '' : ` from ${kill.cgroup}`} at the rise`;
  return [
    ...wrapText(verdict, '', width).map((text): ToneLine => ({ text, tone: 'bad' })),
    ...labelled('Likely', likely, width).map(normal),
    ...labelled('When', `${localDateTime(kill.wallMs)} ${offsetText(kill.wallMs)} (the rise, between two samples)`, width).map(normal),
    ...recordedBeforeLines(kill.recorded, width),
    ...recordedTopLines(kill.recorded, width),
    ...absentReportLines('the kernel log gave none within 10 s of the rise, or was not readable', width),
  ];
}
