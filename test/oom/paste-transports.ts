// What transports and publishers do to a kernel log, as functions, so tests can re-dress a real report and
// check that the parser sees the same report. The column formats are those printed by util-linux dmesg
// (-x, -r, -d, -e, -T, --time-format iso), journalctl -o short*, rsyslog (RFC 3164/3339/5424), printk with
// CONFIG_PRINTK_CALLER and /dev/kmsg (Documentation/ABI/testing/dev-kmsg), each checked against a real
// sample in test/fixtures/oom or its noise/ folder where one exists.
import { readLogLines } from '../../src/oom/log-line.js';
import type { LogLine } from '../../src/oom/types.js';

export interface Transport {
  /** The columns in front of line number `index`. */
  prefix: (line: LogLine, index: number) => string;
  /** dmesg and journalctl indent the continuation lines of a multi-line record under the text column. */
  indentsContinuations: boolean;
}

function uptime(line: LogLine): string {
  return (line.uptimeSeconds ?? 257.183159).toFixed(6).padStart(12);
}

const dmesgLike = (prefix: (line: LogLine, index: number) => string): Transport => ({ prefix, indentsContinuations: true });
const syslogLike = (prefix: (line: LogLine, index: number) => string): Transport => ({ prefix, indentsContinuations: false });

export const TRANSPORTS: Record<string, Transport> = {
  dmesg: dmesgLike((line) => `[${uptime(line)}] `),
  'dmesg, caller id T': dmesgLike((line) => `[${uptime(line)}][ T3892] `),
  'dmesg, caller id C': dmesgLike((line) => `[${uptime(line)}] [    C1] `),
  'dmesg -x': dmesgLike((line) => `kern  :warn  : [${uptime(line)}] `),
  'dmesg -x -t': dmesgLike(() => 'kern  :err   : '),
  'dmesg -x -T': dmesgLike(() => 'kern  :info  : [Sat Nov 28 06:37:04 2026] '),
  'dmesg -x --time-format iso': dmesgLike(() => 'kern  :warn  : 2026-11-28T06:37:04,881479+00:00 '),
  'dmesg -d': dmesgLike((line) => `[${uptime(line)} <    0.000033>] `),
  'dmesg -e': dmesgLike((_line, index) => (index === 0 ? '[Nov28 06:37] ' : '[  +0.000033] ')),
  'dmesg -r': dmesgLike((line) => `<4>[${uptime(line)}] `),
  'dmesg -T, de_DE': dmesgLike(() => '[Sa Nov 28 06:37:04 2026] '),
  'dmesg -T, fr_FR': dmesgLike(() => '[sam. 28 nov. 06:37:04 2026] '),
  'journalctl -o short': dmesgLike(() => 'Nov 28 06:37:04 vm-1 kernel: '),
  'journalctl -o short, es_ES': dmesgLike(() => 'nov 28 06:37:04 vm-1 kernel: '),
  'journalctl -o short-iso': dmesgLike(() => '2026-11-28T06:37:04+0000 vm-1 kernel: '),
  'journalctl -o short-iso-precise': dmesgLike(() => '2026-11-28T06:37:04.881479+00:00 vm-1 kernel: '),
  'journalctl -o short-precise': dmesgLike(() => 'Nov 28 06:37:04.881479 vm-1 kernel: '),
  'journalctl -o short-monotonic': dmesgLike((line) => `[${uptime(line)}] vm-1 kernel: `),
  'journalctl -o short-monotonic --no-hostname': dmesgLike((line) => `[${uptime(line)}] kernel: `),
  'journalctl -o short-full': dmesgLike(() => 'Sat 2026-11-28 06:37:04 UTC vm-1 kernel: '),
  'journalctl -o short-unix': dmesgLike(() => '1795847824.881479 vm-1 kernel: '),
  'rsyslog, Ubuntu (host and printk time)': syslogLike((line) => `Nov 28 06:37:04 vm-1 kernel: [${uptime(line)}] `),
  'rsyslog RFC 3339 with caller id': syslogLike((line) => `2026-11-28T06:37:04.881479+00:00 vm-1 kernel: [${uptime(line)}][T3892] `),
  'RFC 3164 with PRI': syslogLike(() => '<4>Nov 28 06:37:04 vm-1 kernel: '),
  'RFC 5424': syslogLike(() => '<4>1 2026-11-28T06:37:04.881479+00:00 vm-1 kernel - - - '),
  'RFC 5424 with structured data': syslogLike(() => '<6>1 2026-11-28T06:37:04.881Z vm-1 kernel - - [timeQuality tzKnown="1" isSynced="1"] '),
  '/dev/kmsg': syslogLike((line, index) => `4,${index},${Math.round((line.uptimeSeconds ?? 257) * 1e6)},-;`),
  '/dev/kmsg with caller': syslogLike((line, index) => `6,${index},${Math.round((line.uptimeSeconds ?? 257) * 1e6)},-,caller=T3892;`),
};

/** kmsg's escaping: every byte < 0x20, >= 0x7f and the backslash become \xNN. */
export function kmsgEscape(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => (byte < 0x20 || byte >= 0x7f || byte === 0x5c ? `\\x${byte.toString(16).padStart(2, '0')}` : String.fromCharCode(byte)))
    .join('');
}

/** The kernel lines of a log, without other programs' lines (a kernel-only transport would not carry them). */
export function kernelLines(text: string): LogLine[] {
  return readLogLines(text).filter((line) => !line.foreign);
}

/** Re-dresses kernel lines in a transport. */
export function render(lines: LogLine[], name: string): string[] {
  const transport = TRANSPORTS[name];
  if (transport === undefined) throw new Error(`no transport ${name}`);
  const kmsg = name.startsWith('/dev/kmsg');
  const out: string[] = [];
  lines.forEach((line, index) => {
    const text = kmsg ? kmsgEscape(line.text) : line.text;
    if (line.continued && kmsg && out.length > 0) out[out.length - 1] += `\\x0a${text}`;
    else if (line.continued && transport.indentsContinuations) out.push(`${' '.repeat(transport.prefix(line, index).length)}${text}`);
    else out.push(`${transport.prefix(line, index)}${text}`);
  });
  return out;
}

/**
 * A mail client's hard wrap: break at the last run of blanks that fits in `width` and drop that run; a word
 * longer than the width stays whole on its own line.
 */
export function hardWrap(line: string, width: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const fit = /^(.*\S)\s/s.exec(rest.slice(0, width + 1));
    const head = fit?.[1] ?? /^\s*\S+/.exec(rest)?.[0] ?? rest;
    if (head.length >= rest.length || head.trim() === '') break;
    out.push(head);
    rest = rest.slice(head.length).replace(/^\s+/, '');
  }
  if (rest !== '' || out.length === 0) out.push(rest);
  return out;
}
