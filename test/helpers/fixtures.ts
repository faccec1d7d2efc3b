// Paths to test fixtures, independent of the working directory the runner was started in.
import { readFileSync } from 'node:fs';
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
