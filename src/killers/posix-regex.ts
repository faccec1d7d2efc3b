// earlyoom compiles --prefer/--avoid/--ignore with regcomp(REG_EXTENDED | REG_NOSUB) and tests them with
// regexec() anywhere in the comm (kill.c is_larger()); nohang uses Python's re.search(). Both are close to
// a JavaScript RegExp without flags. The POSIX bracket classes ([[:alpha:]]) are not JavaScript: they are
// translated. A pattern JavaScript cannot compile gives null, and the caller says the rule is unknown.

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
};

/** A RegExp for a POSIX extended regular expression, or null when it cannot be translated. */
export function compilePosixExtended(pattern: string): RegExp | null {
  const translated = pattern.replace(/\[:([a-z]+):\]/g, (whole, name: string) =>
    Object.hasOwn(CLASSES, name) ? CLASSES[name]! : whole,
  );
  try {
    return new RegExp(translated);
  } catch {
    return null;
  }
}

/** A RegExp for a Python `re` pattern (nohang's @BADNESS_ADJ_RE_* rules), or null. */
export function compilePythonRegex(pattern: string): RegExp | null {
  // Python's inline flags at the start ((?i)) are the one common construct JavaScript lacks.
  const inline = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  const flags = inline === null ? '' : [...new Set(inline[1]!.replace(/[aLux]/g, ''))].join('');
  try {
    return new RegExp(inline === null ? pattern : pattern.slice(inline[0].length), flags);
  } catch {
    return null;
  }
}
