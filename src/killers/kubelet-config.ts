// The kubelet's hard eviction threshold for memory.available: from --eviction-hard on its command line,
// else `evictionHard` in its config file (--config, kubeadm's /var/lib/kubelet/config.yaml), else the
// default 100Mi. Just that key, so no YAML library: block (`evictionHard:` then indented `key: value`
// lines) and flow (`evictionHard: {memory.available: "100Mi"}`) styles, JSON, quotes and comments.
//
// Precedence and defaults (k8s.io/kubernetes, pkg/kubelet/apis/config/v1beta1 defaults.go and the
// kubelet's flag handling): command-line flags override the file; a map flag or a map in the file replaces
// the default map whole, so a map without memory.available has no memory threshold — unless
// mergeDefaultEvictionSettings: true (1.33+) fills the missing signals from the defaults.
// A --config-dir drop-in directory (1.28+; k3s and rke2 write their defaults there, 00-k3s-defaults.conf,
// 00-rke2-defaults.conf) is applied over the --config file in file-name order, map fields merged key by
// key (kubelet-config-directory-merging.md); flags still win over both.
// k3s and rke2 take kubelet flags as `kubelet-arg` entries ("eviction-hard=memory.available<500Mi") on
// their own command line or in /etc/rancher/{k3s,rke2}/config.yaml and config.yaml.d/*.yaml (k3s
// pkg/configfilearg: a later file's key replaces an earlier one's, a `kubelet-arg+:` key appends); each
// becomes `--eviction-hard=...` on the kubelet's command line (k3s pkg/util GetArgs()).
// Quantities are resource.Quantity: binary Ki Mi Gi Ti Pi Ei, decimal k M G T P E (and m, u, n), an
// exponent (1e9), or a percent of capacity.

export type Quantity = { kb: number } | { percent: number };

export interface EvictionThreshold {
  /** The text as written, e.g. "100Mi", "5%". Null: no memory.available hard threshold. */
  text: string | null;
  quantity: Quantity | null;
  source: 'flag' | 'config' | 'default';
}

export const DEFAULT_MEMORY_AVAILABLE = '100Mi';

const SUFFIX_BYTES = new Map<string, number>([
  ['Ki', 2 ** 10], ['Mi', 2 ** 20], ['Gi', 2 ** 30], ['Ti', 2 ** 40], ['Pi', 2 ** 50], ['Ei', 2 ** 60],
  ['n', 1e-9], ['u', 1e-6], ['m', 1e-3], ['', 1], ['k', 1e3], ['M', 1e6], ['G', 1e9], ['T', 1e12], ['P', 1e15], ['E', 1e18],
]);

/** A resource.Quantity (or a percent) → KiB or percent; null when it is not one. */
export function parseQuantity(text: string): Quantity | null {
  const trimmed = text.trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(trimmed);
  if (percent !== null) return { percent: Number(percent[1]) };
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+)|([A-Za-z]*))$/.exec(trimmed);
  if (match === null) return null;
  const multiplier = match[2] !== undefined ? 10 ** Number(match[2]) : SUFFIX_BYTES.get(match[3] ?? '');
  if (multiplier === undefined) return null;
  const bytes = Number(match[1]) * multiplier;
  return bytes < 0 ? null : { kb: bytes / 1024 };
}

/** `signal<quantity,signal<quantity` (the `--eviction-hard` flag's syntax) → map. */
function parseLangleMap(value: string, into: Map<string, string>): void {
  for (const pair of value.split(',')) {
    const at = pair.indexOf('<');
    if (at > 0) into.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
}

/** The --eviction-hard map of an argv (repeated flags add to one map); null when the flag is absent. */
export function evictionHardFromArgv(argv: readonly string[]): Map<string, string> | null {
  let map: Map<string, string> | null = null;
  for (let at = 1; at < argv.length; at++) {
    const match = /^--?eviction-hard(?:=(.*))?$/.exec(argv[at]!);
    if (match === null) continue;
    const value = match[1] ?? argv[++at] ?? '';
    map ??= new Map();
    parseLangleMap(value, map);
  }
  return map;
}

/** The kubelet's --config path; null when it has none (the lead may then try kubeadm's default). */
export function kubeletConfigPath(argv: readonly string[]): string | null {
  for (let at = 1; at < argv.length; at++) {
    const match = /^--?config(?:=(.*))?$/.exec(argv[at]!);
    if (match !== null) return match[1] ?? argv[at + 1] ?? null;
  }
  return null;
}

/** The kubelet's --config-dir drop-in directory; null when it has none. */
export function kubeletConfigDir(argv: readonly string[]): string | null {
  for (let at = 1; at < argv.length; at++) {
    const match = /^--?config-dir(?:=(.*))?$/.exec(argv[at]!);
    if (match !== null) return match[1] ?? argv[at + 1] ?? null;
  }
  return null;
}

const KEY_LINE = /^(\s*)(?:"([^"]+)"|'([^']+)'|([^\s:#][^:#]*?))\s*:(?:\s+(.*))?$/;

/** A top-level key's line in a YAML text (comments stripped): its index, the lines, what follows the colon. */
function topLevelKey(text: string, key: string): { lines: string[]; at: number; rest: string } | null {
  const lines = text.split('\n').map(stripComment);
  const at = lines.findIndex((line) => {
    const match = KEY_LINE.exec(line);
    return match !== null && match[1] === '' && (match[2] ?? match[3] ?? match[4]) === key;
  });
  if (at < 0) return null;
  return { lines, at, rest: (KEY_LINE.exec(lines[at]!)![5] ?? '').trim() };
}

/** A top-level YAML list's items (block `- item` lines or a flow `[a, b]`); null when the key is absent. */
function topLevelList(text: string, key: string): string[] | null {
  const found = topLevelKey(text, key);
  if (found === null) return null;
  const { lines, at, rest } = found;
  if (rest.startsWith('[')) return rest.replace(/^\[|\]$/g, '').split(',').map(unquote).filter((item) => item !== '');
  if (rest !== '') return [unquote(rest)];
  const items: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (line.trim() === '') continue;
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (item === null) break;
    const text = unquote(item[1]!);
    if (text !== '') items.push(text); // "- " with nothing after it is no item (it would become the flag "--")
  }
  return items;
}

/**
 * The kubelet flags k3s or rke2 pass from their config files (config.yaml, then config.yaml.d/*.yaml in
 * name order): each `kubelet-arg` entry "name=value" as "--name=value", after an argv[0] placeholder.
 */
export function kubeletArgvFromRancherConfigs(texts: ReadonlyArray<string | null>): string[] {
  let args: string[] = [];
  for (const text of texts) {
    if (text === null) continue;
    args = topLevelList(text, 'kubelet-arg') ?? args;
    args = [...args, ...(topLevelList(text, 'kubelet-arg+') ?? [])];
  }
  return ['kubelet', ...args.map((arg) => `--${arg.replace(/^-+/, '')}`)];
}

function unquote(text: string): string {
  const trimmed = text.trim();
  const quoted = /^"(.*)"$|^'(.*)'$/.exec(trimmed);
  return quoted === null ? trimmed : (quoted[1] ?? quoted[2]!).replace(/''/g, "'");
}

function stripComment(line: string): string {
  // A '#' starts a comment at line start or after a space, outside quotes (YAML 1.2).
  let quote: string | null = null;
  for (let at = 0; at < line.length; at++) {
    const ch = line[at]!;
    if (quote !== null) quote = ch === quote ? null : quote;
    else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (at === 0 || /\s/.test(line[at - 1]!))) return line.slice(0, at);
  }
  return line;
}

function parseFlowMap(body: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of body.replace(/^\{|\}$/g, '').split(',')) {
    const colon = entry.search(/:(\s|$)|":|':/);
    if (colon < 0) continue;
    const cut = entry[colon] === ':' ? colon : colon + 1;
    map.set(unquote(entry.slice(0, cut)), unquote(entry.slice(cut + 1)));
  }
  return map;
}

function jsonMap(text: string, key: string): Map<string, string> | null {
  try {
    const value: unknown = (JSON.parse(text) as Record<string, unknown>)[key];
    if (value === null || typeof value !== 'object') return null;
    // Only strings and numbers are thresholds ("100Mi", "10%"); null or a nested value is not one.
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => typeof item === 'string' || typeof item === 'number');
    return new Map(entries.map(([name, item]) => [name, String(item)]));
  } catch {
    return null;
  }
}

/** A top-level map (e.g. evictionHard) of a kubelet config file (YAML or JSON); null when the key is absent. */
export function topLevelMap(text: string, key: string): Map<string, string> | null {
  if (text.trimStart().startsWith('{')) return jsonMap(text, key);
  const found = topLevelKey(text, key);
  if (found === null) return null;
  const { lines, at, rest } = found;
  if (rest.startsWith('{')) return parseFlowMap(rest);
  if (rest === 'null' || rest === '~') return null;
  const map = new Map<string, string>();
  for (const line of lines.slice(at + 1)) {
    if (line.trim() === '') continue;
    const match = KEY_LINE.exec(line);
    if (match === null || match[1] === '') break;
    map.set(match[2] ?? match[3] ?? match[4]!, unquote(match[5] ?? ''));
  }
  return map;
}

/** `mergeDefaultEvictionSettings: true` in the config file. */
function mergesDefaults(configText: string | null): boolean {
  if (configText === null) return false;
  return /^["']?mergeDefaultEvictionSettings["']?\s*:\s*true\b/m.test(configText);
}

function threshold(text: string | undefined, source: EvictionThreshold['source']): EvictionThreshold {
  if (text === undefined) return { text: null, quantity: null, source };
  return { text, quantity: parseQuantity(text), source };
}

/** evictionHard of the config file with the drop-ins' merged over it, key by key, in order; null if none sets it. */
function configEvictionHard(configTexts: ReadonlyArray<string | null>): Map<string, string> | null {
  let merged: Map<string, string> | null = null;
  for (const text of configTexts) {
    const map = text === null ? null : topLevelMap(text, 'evictionHard');
    if (map !== null) merged = new Map([...(merged ?? []), ...map]);
  }
  return merged;
}

/**
 * The memory.available hard eviction threshold in force, from the argv, the config file's text and the
 * --config-dir drop-ins' texts in name order. `defaultText`: what holds when neither sets the map — the
 * kubelet's 100Mi, or null under k3s, whose own defaults set evictionHard without memory.available (k3s
 * pkg/daemons/agent: imagefs.available and nodefs.available at 5% only).
 */
export function memoryEvictionThreshold(
  argv: readonly string[], configText: string | null, dropinTexts: ReadonlyArray<string | null> = [],
  defaultText: string | null = DEFAULT_MEMORY_AVAILABLE,
): EvictionThreshold {
  const configs = [configText, ...dropinTexts];
  const merge = configs.some(mergesDefaults);
  const fromFlag = evictionHardFromArgv(argv);
  if (fromFlag !== null && (fromFlag.has('memory.available') || !merge)) return threshold(fromFlag.get('memory.available'), 'flag');
  const fromConfig = configEvictionHard(configs);
  if (fromConfig !== null && (fromConfig.has('memory.available') || !merge)) return threshold(fromConfig.get('memory.available'), 'config');
  return threshold((merge ? DEFAULT_MEMORY_AVAILABLE : defaultText) ?? undefined, 'default');
}
