// What a transport put in front of one line of kernel text, and the text itself. One raw line is read in
// three layers, outside in:
//
//   margin    publisher indentation and mail quote markers (`    `, `\t`, `> > `)
//   envelope  syslog / journal: `Nov 28 06:20:39 host kernel: ` (any locale, `.123456` for short-precise),
//             RFC 3339 `2026-11-28T06:20:39.123+00:00 host kernel: ` (short-iso), `Sat 2026-11-28 06:20:39 UTC`
//             (short-full), `1795301410.183159` (short-unix), `[  257.183159] host kernel: ` (short-monotonic),
//             RFC 3164 `<4>Nov 28 …`, RFC 5424 `<4>1 2026-… host kernel - - - `, a bare `kernel: `
//   console   dmesg -x `kern  :warn  : `, dmesg -r `<4>`, then one stamp: `[ 12.345]`, `[ 12.345 < 0.001>]`
//             (-d), `[Nov28 06:37]` / `[  +0.000033]` (-e), `[Sat Nov 28 06:37:04 2026]` (-T, any locale),
//             `2026-11-28T06:37:04,881479+00:00` (--time-format iso), then a printk caller id `[T123]`,
//             `[    C1]` (CONFIG_PRINTK_CALLER, kernel/printk/printk.c info_print_prefix())
//
// Pure: the reader (log-line.ts) decides what an unprefixed line means from the lines around it.

export interface Stamp {
  uptimeSeconds: number | null;
  wallClock: string | null;
}

export interface TransportLine {
  /** Publisher indentation and quote markers before everything else. */
  margin: string;
  /** The kernel's text (for a foreign line, the other program's message). */
  text: string;
  stamp: Stamp;
  /** Some transport prefix was recognised: a stamp, a syslog/journal envelope or a dmesg level column. */
  prefixed: boolean;
  /** Another program's syslog/journal line. */
  foreign: boolean;
  /** dmesg -e `[  +0.000033]`: the time is relative to the previous line's. */
  relative: boolean;
}

const MARGIN = /^(?:[ \t]*>)*[ \t]*/;
const QUOTE = /^(?:[ \t]*>)+ ?/;
const PRI = /^<\d{1,3}>/;
// RFC 5424: VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG].
const RFC5424 = /^1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: \uFEFF?(.*))?$/s;
// Month (any locale: `Jan`, `jun`, `Mär`, `févr.`), day, time; short-precise adds microseconds.
const SYSLOG_STAMP = /^([^\s\d[<{#-][^\s]*\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?)\s+(.*)$/su;
const ISO_STAMP = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s+(.*)$/s;
// journalctl short-full (`Sat 2026-11-28 06:20:39 UTC`), short-unix, short-monotonic / short-delta.
const FULL_STAMP = /^([^\s\d[<{#-]\S*\s+\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}:\d{2}(?:\.\d+)?\s+\S+)\s+(.*)$/su;
const UNIX_STAMP = /^(\d{9,11}\.\d{3,9})\s+(.*)$/s;
const MONO_STAMP = /^\[\s*(\d+\.\d+)(?:\s*<\s*[\d.]+>)?\]\s+(.*)$/s;
// `[host ]kernel: ` — the kernel's own tag; any other tag is another program.
const KERNEL_TAG = /^(?:\S+\s+)?kernel:\s?/;
const OTHER_TAG = /^(?:\S+\s+)?[^\s:[]+(?:\[\d+\])?:(?:\s|$)/;
const HOST_AND_TAG = /^\S+\s+[^\s:[]+(?:\[\d+\])?:(?:\s|$)/;
const PID_TAG = /^\S+\s+[^\s:[]+\[\d+\]:(?:\s|$)/;
const BARE_KERNEL_TAG = /^kernel:\s?/;
// dmesg -x `kern  :warn  : ` (mail clients may squeeze the padding) and dmesg -r `<4>`.
const DMESG_DECODED =
  /^(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7])\s*:\s*(?:emerg|alert|crit|err|warn|notice|info|debug)\s*:\s?/;
const UPTIME = /^\[\s*(\d+\.\d+)(?:\s*<\s*[\d.]+>)?\]/;
const DELTA_ONLY = /^\[<\s*[\d.]+>\]/;
const RELTIME_DELTA = /^\[\s*\+\d+\.\d+\]/;
// dmesg -e/-H minute header: `[Nov28 06:37]`, `[Feb 9 18:45]`.
const RELTIME_HEAD = /^\[([^\]\d\s][^\]\s]*\s?\d{1,2} \d{1,2}:\d{2})\]/u;
// dmesg -T: bracketed text that starts with a letter and contains HH:MM:SS (`[dim. 19 avril 18:03:30 2026]`).
const WALL = /^\[([^\]\d\s][^\]]*?\d{1,2}:\d{2}:\d{2}[^\]]*)\]/u;
const ISO_DMESG = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)(?=\s|$)/;
const CALLER = /^\s?\[\s*[TC]\d+(?:@C\d+)?\]/;

interface Envelope {
  stamp: Stamp;
  message: string;
  foreign: boolean;
}

function noStamp(): Stamp {
  return { uptimeSeconds: null, wallClock: null };
}

/** `[host] tag: message` after a stamp: the kernel's message, another program's, or null (no tag at all). */
function afterStamp(stamp: Stamp, rest: string, requireTag: boolean): Envelope | null {
  const kernelTag = KERNEL_TAG.exec(rest);
  if (kernelTag !== null) return { stamp, message: rest.slice(kernelTag[0].length), foreign: false };
  if (requireTag) return OTHER_TAG.test(rest) ? { stamp, message: rest, foreign: true } : null;
  // An ISO stamp may also be `dmesg --time-format iso`, where the message follows directly; only `host tag:`
  // is foreign there.
  return { stamp, message: rest, foreign: HOST_AND_TAG.test(rest) };
}

function rfc5424(body: string): Envelope | null {
  const match = RFC5424.exec(body);
  if (match === null) return null;
  const wallClock = match[1] === '-' ? null : (match[1] ?? null);
  return { stamp: { uptimeSeconds: null, wallClock }, message: match[7] ?? '', foreign: match[3] !== 'kernel' };
}

/** A syslog or journal envelope, or null when the line has none. */
function parseEnvelope(line: string): Envelope | null {
  const body = line.replace(PRI, '');
  const withPri = body.length !== line.length;
  if (withPri && body.startsWith('1 ')) return rfc5424(body);
  const classic = SYSLOG_STAMP.exec(body) ?? FULL_STAMP.exec(body);
  if (classic !== null) return afterStamp({ uptimeSeconds: null, wallClock: classic[1] ?? null }, classic[2] ?? '', true);
  const iso = ISO_STAMP.exec(body);
  if (iso !== null) return afterStamp({ uptimeSeconds: null, wallClock: iso[1] ?? null }, iso[2] ?? '', withPri);
  const unix = UNIX_STAMP.exec(body);
  if (unix !== null) return afterStamp({ uptimeSeconds: null, wallClock: unix[1] ?? null }, unix[2] ?? '', true);
  const mono = MONO_STAMP.exec(body);
  if (mono !== null) {
    // `[  257.18] host kernel: text` is journalctl -o short-monotonic; `[  257.18] text` is dmesg.
    const rest = mono[2] ?? '';
    const stamp = { uptimeSeconds: Number(mono[1]), wallClock: null };
    if (KERNEL_TAG.test(rest)) return afterStamp(stamp, rest, true);
    if (PID_TAG.test(rest)) return { stamp, message: rest, foreign: true };
    return null;
  }
  const bare = BARE_KERNEL_TAG.exec(body);
  return bare === null ? null : { stamp: noStamp(), message: body.slice(bare[0].length), foreign: false };
}

interface Console {
  text: string;
  stamp: Stamp;
  prefixed: boolean;
  relative: boolean;
}

/** The dmesg/console columns: level, one stamp, a caller id. */
function parseConsole(message: string, stamp: Stamp): Console {
  let rest = message.replace(DMESG_DECODED, '');
  let prefixed = rest.length !== message.length;
  if (!prefixed && PRI.test(rest)) {
    rest = rest.replace(PRI, '');
    prefixed = true;
  }
  let relative = false;
  const uptime = UPTIME.exec(rest);
  const wall = uptime === null ? (WALL.exec(rest) ?? RELTIME_HEAD.exec(rest) ?? ISO_DMESG.exec(rest)) : null;
  const other = uptime === null && wall === null ? (DELTA_ONLY.exec(rest) ?? RELTIME_DELTA.exec(rest)) : null;
  if (uptime !== null) stamp.uptimeSeconds = Number(uptime[1]);
  if (wall !== null) stamp.wallClock = wall[1] ?? null;
  if (other !== null) relative = true;
  const stampText = uptime?.[0] ?? wall?.[0] ?? other?.[0];
  if (stampText !== undefined) {
    rest = rest.slice(stampText.length);
    rest = rest.replace(CALLER, '');
    if (rest.startsWith(' ')) rest = rest.slice(1);
    prefixed = true;
  }
  return { text: rest, stamp, prefixed, relative };
}

/** Reads the transport columns of one raw line (already without its line terminator). */
export function parseTransport(raw: string): TransportLine {
  const margin = MARGIN.exec(raw)?.[0] ?? '';
  const body = raw.slice(margin.length);
  const envelope = parseEnvelope(body);
  if (envelope?.foreign === true) {
    return { margin, text: envelope.message, stamp: envelope.stamp, prefixed: true, foreign: true, relative: false };
  }
  const console = parseConsole(envelope?.message ?? body, envelope?.stamp ?? noStamp());
  if (envelope !== null || console.prefixed) {
    return { margin, text: console.text, stamp: console.stamp, prefixed: true, foreign: false, relative: console.relative };
  }
  // No prefix: the kernel text is the line without its quote markers; indentation is kept (it tells a
  // dmesg continuation line from a new record).
  const quote = QUOTE.exec(raw)?.[0] ?? '';
  return { margin, text: raw.slice(quote.length), stamp: noStamp(), prefixed: false, foreign: false, relative: false };
}

/** The publisher margin of a line (indentation and quote markers), for callers that need only that. */
export function marginOf(raw: string): string {
  return MARGIN.exec(raw)?.[0] ?? '';
}
