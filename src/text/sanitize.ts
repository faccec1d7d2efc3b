// Every string that comes from a process or the kernel (comm, cmdline, cgroup path, log text) passes
// through here before it reaches a terminal or a JSON consumer. oomlens often runs as root, so a process
// must not be able to move the cursor, set the window title or inject text by naming itself "\e]0;…".
//
// Control characters are made visible, not dropped: an operator should see that a name is odd.

const NAMED: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\x1b': '\\e',
  '\x07': '\\a',
  '\b': '\\b',
};

// C0 controls, DEL, C1 controls (U+0080–U+009F: 8-bit CSI is U+009B), bidi overrides and isolates
// (they reorder what follows on the line), and the line/paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A string safe to print: every control or reordering character is replaced by a visible escape. */
export function sanitize(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/**
 * Decodes bytes from the kernel as UTF-8 (invalid sequences become U+FFFD) and sanitises the result.
 * Use this rather than Buffer#toString for anything a process controls.
 */
export function sanitizeBytes(bytes: Uint8Array): string {
  return sanitize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}
