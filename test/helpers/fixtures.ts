// Test fixtures under test/fixtures/, found independently of the directory the runner was started in.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEST_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const PROJECT_DIR = dirname(TEST_DIR);
export const FIXTURES = join(TEST_DIR, 'fixtures');

export function fixturePath(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

export function fixtureText(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

/**
 * The `#` lines at the top of a kernel log fixture say where it came from; they are not kernel text.
 * Only the leading block goes: a `#` inside a report is data.
 */
export function stripFixtureHeader(text: string): string {
  const lines = text.split('\n');
  let first = 0;
  while (first < lines.length && (lines[first] ?? '').startsWith('#')) first += 1;
  return lines.slice(first).join('\n');
}

/** A kernel log under test/fixtures/oom/, without its provenance header. */
export function oomFixture(name: string): string {
  return stripFixtureHeader(fixtureText('oom', name));
}

/** The names of the kernel log fixtures (test/fixtures/oom/*.txt), sorted. */
export function oomFixtureNames(): string[] {
  return readdirSync(fixturePath('oom'))
    .filter((name) => name.endsWith('.txt'))
    .sort();
}
