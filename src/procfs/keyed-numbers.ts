// Shared by /proc/meminfo ("Key:   123 kB"), /proc/vmstat ("key 123") and cgroup flat-keyed files
// ("oom_kill 3"). Unknown keys are kept, unparsable lines skipped: kernels add and drop keys freely.

/** Parses "key value" or "Key: value [kB]" lines into a map. Values are numbers as printed. */
export function parseKeyedNumbers(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^\s*([^:\s]+):?\s+(-?\d+)(?:\s+kB)?\s*$/.exec(line);
    if (match) values.set(match[1]!, Number(match[2]));
  }
  return values;
}
