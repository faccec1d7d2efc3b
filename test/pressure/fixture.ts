// Reads a fixture under test/fixtures/pressure/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/pressure/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/pressure/${name}`, import.meta.url), 'utf8');
}
