// Loads the kernel OOM report fixtures. Each file starts with `#` lines saying where it came from; they are
// not kernel text, so they are stripped here (only the leading block — a `#` inside a report is data).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'oom');

export function fixturePath(name: string): string {
  return join(FIXTURE_DIR, name);
}

export function stripHeader(text: string): string {
  const lines = text.split('\n');
  let first = 0;
  while (first < lines.length && (lines[first] ?? '').startsWith('#')) first += 1;
  return lines.slice(first).join('\n');
}

export function loadFixture(name: string): string {
  return stripHeader(readFileSync(fixturePath(name), 'utf8'));
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => name.endsWith('.txt'))
    .sort();
}
