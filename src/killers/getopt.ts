// A small GNU getopt_long, enough to read a killer's argv the way the killer itself does: clustered
// short flags (-pn), attached or separate arguments (-m5,2 / -m 5,2), --long=value or --long value,
// unambiguous abbreviations of long options (--pref), "--" ends the options, and non-options are
// collected (GNU getopt permutes them to the end). Pure.

export interface OptionSpec {
  /** Short options as getopt's optstring: a letter followed by ':' takes an argument ("m:s:dv"). */
  short: string;
  /** Long option name → whether it takes an argument, and the key it is reported under. */
  long: ReadonlyArray<{ name: string; hasArg: boolean; key?: string }>;
}

export interface ParsedOption {
  /** The short letter, or the long option's key (its name unless given). */
  key: string;
  value: string | null;
}

export interface ParsedArgv {
  options: ParsedOption[];
  operands: string[];
  /** What getopt would complain about: unknown options, missing arguments, ambiguous abbreviations. */
  errors: string[];
}

function shortTakesArg(spec: OptionSpec, letter: string): boolean | null {
  const at = spec.short.indexOf(letter);
  if (letter === ':' || at < 0) return null;
  return spec.short[at + 1] === ':';
}

function findLong(spec: OptionSpec, name: string): OptionSpec['long'][number] | string {
  const exact = spec.long.find((option) => option.name === name);
  if (exact !== undefined) return exact;
  const prefixed = spec.long.filter((option) => option.name.startsWith(name));
  if (prefixed.length === 1) return prefixed[0]!;
  return prefixed.length === 0 ? `unrecognized option '--${name}'` : `option '--${name}' is ambiguous`;
}

/** Parses argv[1..] (argv[0] is the program). Returns the index of the next word to read. */
function readLong(spec: OptionSpec, argv: readonly string[], at: number, out: ParsedArgv): number {
  const word = argv[at]!.slice(2);
  const equals = word.indexOf('=');
  const name = equals < 0 ? word : word.slice(0, equals);
  const found = findLong(spec, name);
  if (typeof found === 'string') {
    out.errors.push(found);
    return at + 1;
  }
  const key = found.key ?? found.name;
  if (!found.hasArg) {
    if (equals >= 0) out.errors.push(`option '--${found.name}' doesn't allow an argument`);
    else out.options.push({ key, value: null });
    return at + 1;
  }
  if (equals >= 0) {
    out.options.push({ key, value: word.slice(equals + 1) });
    return at + 1;
  }
  const next = argv[at + 1];
  if (next === undefined) {
    out.errors.push(`option '--${found.name}' requires an argument`);
    return at + 1;
  }
  out.options.push({ key, value: next });
  return at + 2;
}

function readShortCluster(spec: OptionSpec, argv: readonly string[], at: number, out: ParsedArgv): number {
  const word = argv[at]!;
  for (let i = 1; i < word.length; i++) {
    const letter = word[i]!;
    const takesArg = shortTakesArg(spec, letter);
    if (takesArg === null) {
      out.errors.push(`invalid option -- '${letter}'`);
      continue;
    }
    if (!takesArg) {
      out.options.push({ key: letter, value: null });
      continue;
    }
    if (i + 1 < word.length) {
      out.options.push({ key: letter, value: word.slice(i + 1) });
      return at + 1;
    }
    const next = argv[at + 1];
    if (next === undefined) {
      out.errors.push(`option requires an argument -- '${letter}'`);
      return at + 1;
    }
    out.options.push({ key: letter, value: next });
    return at + 2;
  }
  return at + 1;
}

/** getopt_long over argv (argv[0] is the program name and is skipped). */
export function getoptLong(argv: readonly string[], spec: OptionSpec): ParsedArgv {
  const out: ParsedArgv = { options: [], operands: [], errors: [] };
  let at = 1;
  while (at < argv.length) {
    const word = argv[at]!;
    if (word === '--') {
      out.operands.push(...argv.slice(at + 1));
      break;
    }
    if (word.startsWith('--')) at = readLong(spec, argv, at, out);
    else if (word.startsWith('-') && word.length > 1) at = readShortCluster(spec, argv, at, out);
    else {
      out.operands.push(word);
      at++;
    }
  }
  return out;
}
