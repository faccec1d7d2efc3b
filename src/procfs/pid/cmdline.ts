// /proc/PID/cmdline: arguments separated (and usually terminated) by NUL. Empty for kernel threads and
// zombies. A process may rewrite it to anything, so it is sanitised like every other process string.
import { sanitizeBytes } from '../../text/sanitize.js';

export function parseCmdline(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const joined = Buffer.from(bytes.subarray(0, end)).map((byte) => (byte === 0 ? 0x20 : byte));
  return sanitizeBytes(joined);
}
