// /proc/PID/oom_score ("%lu\n", 0..2000) and /proc/PID/oom_score_adj ("%d\n", -1000..1000).

/** The integer in a one-number file, or null for empty or malformed text (a truncated read). */
export function parseIntFile(text: string): number | null {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/** The whitespace String.prototype.trim() drops that is ASCII: tab, LF, VT, FF, CR and space. */
function isAsciiSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

/** Digits a double holds exactly whatever they are (10^15 < 2^53): past that, Number() rounds. */
const EXACT_DIGITS = 15;

/**
 * parseIntFile over the bytes [0, length) of a reused read buffer, without making a string: equal to
 * parseIntFile(text) for the UTF-8 text of those bytes, whatever they are (a property test holds it to
 * that). The kernel's "666\n" takes the loops alone; a byte past ASCII (perhaps Unicode whitespace,
 * which trim() drops too) or more digits than a double holds exactly is handed to parseIntFile itself.
 */
export function parseIntBytes(bytes: Uint8Array, length: number): number | null {
  let start = 0;
  let end = length;
  while (start < end && isAsciiSpace(bytes[start]!)) start++;
  while (end > start && isAsciiSpace(bytes[end - 1]!)) end--;
  const negative = start < end && bytes[start] === 0x2d;
  const firstDigit = negative ? start + 1 : start;
  let value = 0;
  for (let at = firstDigit; at < end; at++) {
    const byte = bytes[at]!;
    if (byte >= 0x30 && byte <= 0x39) value = value * 10 + (byte - 0x30);
    // Junk, unless a byte past ASCII up to the end is Unicode whitespace that trim() would drop.
    else return hasByteAbove127(bytes, at, end) ? parseIntText(bytes, length) : null;
  }
  const digits = end - firstDigit;
  if (digits <= 0) return null;
  if (digits > EXACT_DIGITS) return parseIntText(bytes, length);
  return negative ? -value : value;
}

function hasByteAbove127(bytes: Uint8Array, from: number, end: number): boolean {
  for (let at = from; at < end; at++) if (bytes[at]! >= 0x80) return true;
  return false;
}

function parseIntText(bytes: Uint8Array, length: number): number | null {
  return parseIntFile(Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('utf8'));
}

export const OOM_SCORE_ADJ_MIN = -1000;
export const OOM_SCORE_ADJ_MAX = 1000;
