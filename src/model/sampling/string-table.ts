// One copy of each string the sampler keeps per process. Thousands of processes share a few cgroup paths,
// users and command lines; and a string sliced from a file's text (comm from stat, a path from
// /proc/PID/cgroup) keeps that whole text alive in V8. At 10,000 processes the kept texts and duplicates
// were 8 MB of a 19 MB heap. Interned strings are flat copies; the table is rebuilt from the strings
// still in use now and then, so the names of processes long gone do not pile up.

export class StringTable {
  private table = new Map<string, string>();

  /** The table's copy of `text`: equal, flat (not a slice of a bigger string), shared. */
  intern(text: string): string {
    const known = this.table.get(text);
    if (known !== undefined) return known;
    // A round trip through bytes makes a new flat string that holds no parent.
    const copy = text.length === 0 ? '' : Buffer.from(text, 'utf8').toString('utf8');
    this.table.set(copy, copy);
    return copy;
  }

  /** Keeps only `live` (the strings still referenced). */
  retain(live: Iterable<string>): void {
    const next = new Map<string, string>();
    for (const text of live) next.set(text, text);
    this.table = next;
  }

  get size(): number {
    return this.table.size;
  }
}
