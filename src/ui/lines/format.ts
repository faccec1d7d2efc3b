// Compact figures for narrow lines: durations, the interval, and fitting text to a width (sizes are
// text/units.ts formatKbCompact).
import stringWidth from 'string-width';

/** Seconds as "12d 3h", "3h 12m", "4m 10s" or "42s". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${s % 60}s`;
  return `${s}s`;
}

/**
 * How long ago `ms` (wall ms now minus the event's) was, by its first unit: "3m ago"; in replay, a kill
 * the sample shown leads into is still ahead of it: "in 3s". Less than a second ahead is "now": live, an
 * event stamped when its log line was read can be a few ms younger than the snapshot beside it ("in 0s"
 * was wrong there), and in replay a kill under a second after the sample shown is as good as now.
 */
export function agoText(ms: number): string {
  const unit = (seconds: number) => formatDuration(seconds).split(' ')[0] ?? '?';
  if (ms <= -1000) return `in ${unit(-ms / 1000)}`;
  return ms < 0 ? 'now' : `${unit(ms / 1000)} ago`;
}

/** An interval in seconds as "1s", "0.5s". */
export function formatInterval(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
}

/**
 * Pads or truncates to exactly `width` terminal columns, counting wide characters as two. Input must be
 * sanitised text (no escapes): this is for building pre-padded rows.
 */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const textWidth = isPlainAscii(text) ? text.length : stringWidth(text);
  if (textWidth <= width) {
    const pad = ' '.repeat(width - textWidth);
    return align === 'left' ? text + pad : pad + text;
  }
  let kept = '';
  let used = 0;
  for (const char of text) {
    const charWidth = stringWidth(char);
    if (used + charWidth > width - 1) break;
    kept += char;
    used += charWidth;
  }
  return kept + '…' + ' '.repeat(width - 1 - used);
}

function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}
