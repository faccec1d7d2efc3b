// Turns one line of a kernel log, in whatever transport it travelled, into kernel text plus its stamp.
// Transports (docs/kernel-log-formats.md): the columns a transport adds are read by
// paste/transport-prefix.ts (mail-wrapped lines are re-joined by paste/wrap-joiner.ts first); raw /dev/kmsg
// records by kmsg-record.ts, `journalctl -o json` objects by journal-json.ts; rsyslog's `#012` escapes for
// multi-line records here.
//
// The reader is stateful only to carry a stamp onto unstamped continuation lines (dmesg and journalctl indent
// them under the text column) and to recognise kmsg dictionary lines after a record.
import { kmsgRecordToLines, looksLikeKmsgRecord, parseKmsgRecord, splitRecordMessage } from './kmsg-record.js';
import { journalJsonToLines, looksLikeJournalJson } from './journal-json.js';
import { joinWrappedLines } from './paste/wrap-joiner.js';
import { marginOf, parseTransport, type Stamp } from './paste/transport-prefix.js';
import type { LogLine } from './types.js';

const JOURNAL_BANNER = /^-- (?:Journal begins|Logs begin|Boot |Reboot|No entries|Journal ends)/;
const RSYSLOG_NEWLINE = '#012';

function line(text: string, stamp: Stamp, foreign = false, continued = false): LogLine {
  return { text, uptimeSeconds: stamp.uptimeSeconds, wallClock: stamp.wallClock, seq: null, foreign, continued };
}

/** Expands rsyslog's control-character escapes: `#012` separates the lines of one record, `#011` is a tab. */
function splitRsyslogEscapes(text: string): { text: string; continued: boolean }[] {
  if (!text.includes('#01')) return [{ text, continued: false }];
  return splitRecordMessage(text.replaceAll('#011', '\t').replaceAll(RSYSLOG_NEWLINE, '\n'));
}

export class LogLineReader {
  private lastStamp: Stamp = { uptimeSeconds: null, wallClock: null };
  /** Set once a line with a transport prefix was seen: from then on indentation tells continuation lines. */
  private prefixedLog = false;
  /** Column where the last prefixed line's text began: dmesg and journalctl indent continuations to it. */
  private textColumn = 0;
  private afterKmsgRecord = false;

  /** The kernel lines carried by one raw line of text (several when a record holds embedded newlines). */
  read(rawLine: string): LogLine[] {
    const raw = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const body = raw.slice(marginOf(raw).length);
    if (looksLikeKmsgRecord(body)) {
      const record = parseKmsgRecord(body);
      this.afterKmsgRecord = true;
      if (record !== null) return kmsgRecordToLines(record);
    }
    // Dictionary lines (` SUBSYSTEM=pci`) follow a record in a raw kmsg dump.
    if (this.afterKmsgRecord && /^\s+[A-Z_]+=/.test(raw)) return [line(raw, this.lastStamp, true)];
    this.afterKmsgRecord = false;
    if (looksLikeJournalJson(body)) return journalJsonToLines(body);
    if (JOURNAL_BANNER.test(body)) return [line(body, this.lastStamp, true)];
    return this.readText(raw);
  }

  private readText(raw: string): LogLine[] {
    const parsed = parseTransport(raw);
    if (parsed.foreign) return [line(parsed.text, parsed.stamp, true)];
    if (parsed.prefixed) {
      const stamp = parsed.relative ? { ...parsed.stamp, wallClock: this.lastStamp.wallClock } : parsed.stamp;
      this.lastStamp = { ...stamp };
      this.prefixedLog = true;
      this.textColumn = raw.length - parsed.text.length;
      return splitRsyslogEscapes(parsed.text).map((piece) => line(piece.text, stamp, false, piece.continued));
    }
    // In a prefixed log, an unprefixed line indented to the text column continues the previous record
    // (dmesg, journalctl short). A shallower one is a publisher's line or a mail-wrapped piece: it keeps no
    // stamp and changes nothing.
    const continuation = this.prefixedLog && parsed.margin.length >= this.textColumn - 1;
    const stamp = continuation ? this.lastStamp : { uptimeSeconds: null, wallClock: null };
    return splitRsyslogEscapes(parsed.text).map((piece) => line(piece.text, stamp, false, continuation || piece.continued));
  }
}

/** Convenience for tests and one-off callers: all kernel lines of a text (mail-wrapped lines re-joined). */
export function readLogLines(text: string): LogLine[] {
  const reader = new LogLineReader();
  return [...joinWrappedLines(text.split('\n'))].flatMap((raw) => reader.read(raw));
}
