// Re-joins lines that a mail client or a narrow terminal hard-wrapped at ~64-80 columns. A wrapped piece
// starts at the margin with no transport prefix of its own, and the piece before it stops about where the
// next word would not have fit. That alone is not proof (a publisher's own short lines and notes look the
// same), so a piece is joined only to a line that is visibly unfinished: a report line that stops before its
// end (a trigger that does not end in `oom_score_adj=N`, a task row without its name, an `oom-kill:` summary
// without `uid=`, … — the shapes printed by mm/oom_kill.c dump_header(), dump_task(), dump_oom_summary(),
// __oom_kill_process() and mm/memcontrol.c mem_cgroup_print_oom_meminfo()), a stamp or syslog envelope cut
// in half, or, in a log whose lines carry a prefix, any line that is not a finished report line. A finished
// report line never takes a piece, so a publisher's note after it stays apart.
import { looksLikeKmsgRecord, parseKmsgRecord } from '../kmsg-record.js';
import { classifyLine } from '../line-patterns.js';
import { marginOf, parseTransport } from './transport-prefix.js';

/** Longest piece a wrapping client leaves (72-80 columns, a format=flowed space, a quote marker). */
const MAX_PIECE = 84;
/** The piece plus the next word must reach at least this width (a wide blank run may have been dropped). */
const MIN_WRAP = 40;
/** printk keeps a record under 1 KiB of text (PRINTKRB_RECORD_MAX); a joined line never needs more than this. */
const MAX_JOINED = 4096;
const ELISION = /^(?:\.{2,}|…|\[\s*\.{2,}\s*\]|\(\.{2,}.*\)|<\s*\.{2,}\s*>|-{3,}|\[?<?snip(?:ped)?>?\]?)$/i;

type Rule = [looksLike: RegExp, finished: (text: string) => boolean];

const endsWith = (pattern: RegExp) => (text: string) => pattern.test(text);
const never = (): boolean => false;

function killedLineFinished(text: string): boolean {
  // `…, shmem-rss:0kB` (4.5-5.3), `… oom_score_adj:0` (5.4+, after `UID:N pgtables:NkB`), `(x).` (2.6.2x).
  if (/UID:\d/.test(text)) return /oom_score_adj:-?\d+$/.test(text);
  return /(?:kB|\.)$/.test(text);
}

const RULES: Rule[] = [
  [/^.{1,16} invoked$|invoked oom-killer:|^oom-killer:/, endsWith(/=-?\d+$/)],
  // dump_stack_print_info(): `CPU: N [UID: N ]PID: N Comm: …` (3.10+) or `Pid: N, comm: …`, ending in `#build`.
  [/^(?:CPU|Pid):(?:\s|$)/, endsWith(/ #\d/)],
  // Cut before the words that make a line recognisable.
  [/^(?:Memory(?: cgroup(?: out(?: of(?: memory:?)?)?| stats(?: for)?)?)?|Out(?: of(?: memory(?::| and| \(oom_kill_allocating_task\):?)?)?)?|Kernel(?: panic(?: -(?: not(?: syncing:)?)?)?)?|Tasks?|Node(?: \d+)?)$/, never],
  // SysRq-f: `sysrq: Manual OOM execution` (older `SysRq : …`), then `Workqueue: events moom_callback`.
  [/^(?:sysrq|SysRq)\s*:(?: Manual(?: OOM)?)?$/, never],
  [/^Workqueue:/, endsWith(/^Workqueue: \S+ \S/)],
  // show_mem(): `Free swap  = NkB`, `Total swap = NkB`, `N pages RAM`.
  [/^(?:(?:Free|Total)(?: swap(?:\s*=)?)?|\d+(?: pages)?)$/, never],
  [/^(?:Node \d+ )?[A-Za-z]\w* free:\d+kB/, endsWith(/\bhigh:\d+kB/)],
  [/^Node \d+ [A-Za-z]\w*$|^(?:Node \d+ )?(?:DMA|DMA32|Normal|HighMem|Movable|Device)$/, never],
  [/^(?:memory|memory\+swap|swap|kmem):(?: usage|$)/, endsWith(/failcnt \d+/)],
  [/^Task in\b/, endsWith(/killed as a result of limit of \S/)],
  [/^Memory cgroup stats for\b/, endsWith(/^Memory cgroup stats for \S.*:/)],
  [/^Memory limit reached of cgroup$/, never],
  [/^Tasks in\b/, endsWith(/memory\.oom\.group set/)],
  [/^\[\s*pid\b/, endsWith(/\sname$/)],
  [/^\[\s*\d+\](?:\s+-?\d+)*$/, never],
  [/^oom-kill:/, endsWith(/,uid=-?\d+$/)],
  [/(?:^|: )[Kk]ill(?:ed)?(?: process(?: \d+)?)?$/, never],
  [/[Kk]ill process \d+ \(/, endsWith(/child(?:ren\.)?$/)],
  [/Killed process \d/, killedLineFinished],
  [/^Kernel panic - not syncing:(?:$| [OoS])/, endsWith(/(?:is enabled|is selected|processes\.\.\.|deadlocked on memory)$/)],
  [/^Out of memory and\b/, endsWith(/processes\.\.\.$/)],
  [/^oom_reaper:/, (text) => text.includes('(')],
  // A stamp with nothing after it, or a stamp cut in half (`… kernel: [` / `8523.347299] …`).
  [/^$|^\[[\s\d.]*$/, never],
];

// A syslog envelope cut before its end: RFC 5424 without its closing structured-data bracket or message,
// a classic stamp without its tag.
const PARTIAL_ENVELOPE = [
  /^<\d{1,3}>1(?: \S+){0,5}(?: \[[^\]]*)?$/,
  /^[^\s\d[<{#-]\S*\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?:\s+\S+)?$/u,
];

/** True when a line of kernel text is an OOM report line that stops before its end. */
export function looksUnfinished(kernelText: string): boolean {
  const text = kernelText.trim();
  const rule = RULES.find(([looksLike]) => looksLike.test(text));
  return rule !== undefined && !rule[1](text);
}

interface Held {
  raw: string;
  margin: number;
  /** Length of the last physical piece, and whether it was one unbreakable word. */
  pieceLength: number;
  pieceOneWord: boolean;
  /** `shape`: a report line cut short; `prefixed`: any other line of a prefixed log; null: takes no piece. */
  unfinished: 'shape' | 'prefixed' | null;
  /** The line began with a transport prefix: then a piece without one is surely its rest. */
  prefixed: boolean;
}

/** The kernel text of a raw line (its last line, for records with embedded newlines). */
function lastKernelText(raw: string): { text: string; prefixed: boolean; margin: number } {
  const parsed = parseTransport(raw);
  const body = raw.slice(parsed.margin.length);
  if (looksLikeKmsgRecord(body)) {
    const message = parseKmsgRecord(body)?.message ?? '';
    return { text: message.slice(message.lastIndexOf('\n') + 1), prefixed: true, margin: parsed.margin.length };
  }
  if (PARTIAL_ENVELOPE.some((pattern) => pattern.test(body.trimEnd()))) {
    return { text: '', prefixed: true, margin: parsed.margin.length };
  }
  const text = parsed.foreign ? '-' : parsed.text.replaceAll('#012', '\n');
  return { text: text.slice(text.lastIndexOf('\n') + 1), prefixed: parsed.prefixed, margin: parsed.margin.length };
}

/**
 * In a log whose lines carry a prefix, a piece without one can only be a wrapped remainder (or a publisher's
 * note, see ELISION), so any line that is not already a finished report line may take it.
 */
function mayTakeRest(text: string, prefixed: boolean): Held['unfinished'] {
  if (looksUnfinished(text)) return 'shape';
  return prefixed && classifyLine(text).kind === 'other' ? 'prefixed' : null;
}

function hold(raw: string, piece: string): Held {
  const { text, margin, prefixed } = lastKernelText(raw);
  const trimmed = piece.trim();
  return {
    raw,
    margin,
    pieceLength: piece.trimEnd().length,
    pieceOneWord: trimmed !== '' && !/\s/.test(trimmed),
    unfinished: mayTakeRest(text, prefixed),
    prefixed,
  };
}

/** A piece that can only be the rest of the line before it: the comm of a trigger line went on the line above. */
const REST_OF_LINE = /^invoked oom-killer: /;

/** A report line of its own is not the rest of an ordinary line (a prefix-free paste after a prefixed one). */
function standsAlone(held: Held, body: string): boolean {
  return held.unfinished === 'prefixed' && !REST_OF_LINE.test(body) && classifyLine(body).kind !== 'other';
}

function continues(held: Held, raw: string): boolean {
  const next = lastKernelText(raw);
  const body = raw.slice(next.margin).trim();
  if (held.unfinished === null && !REST_OF_LINE.test(body)) return false;
  if (body === '' || next.prefixed || next.margin > held.margin || ELISION.test(body)) return false;
  if (body.startsWith('{') || held.raw.length + body.length > MAX_JOINED || standsAlone(held, body)) return false;
  const firstWord = body.split(/\s/, 1)[0] ?? '';
  const fits = held.pieceLength <= MAX_PIECE || held.pieceOneWord;
  // A prefixed report line re-wrapped narrower (a quoted reply) leaves short pieces; otherwise the piece must
  // have run close to the wrapping width.
  const cutShort = held.unfinished === 'shape' && held.prefixed;
  return fits && (cutShort || held.pieceLength + 1 + firstWord.length > MIN_WRAP);
}

/**
 * Stateful joiner: push raw lines, get back whole lines. One line is held back until the next one shows
 * whether it continues it, so callers must flush() at the end of input.
 */
export class WrapJoiner {
  private held: Held | null = null;

  push(rawLine: string): string[] {
    const raw = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const held = this.held;
    if (held !== null && continues(held, raw)) {
      this.held = hold(`${held.raw.trimEnd()} ${raw.slice(marginOf(raw).length).trimStart()}`, raw);
      return [];
    }
    this.held = hold(raw, raw);
    return held === null ? [] : [held.raw];
  }

  flush(): string[] {
    const held = this.held;
    this.held = null;
    return held === null ? [] : [held.raw];
  }
}

export function* joinWrappedLines(rawLines: Iterable<string>): Generator<string> {
  const joiner = new WrapJoiner();
  for (const raw of rawLines) yield* joiner.push(raw);
  yield* joiner.flush();
}

export async function* joinWrappedLinesAsync(rawLines: AsyncIterable<string>): AsyncGenerator<string> {
  const joiner = new WrapJoiner();
  for await (const raw of rawLines) yield* joiner.push(raw);
  yield* joiner.flush();
}
