import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { VERSION } from '../src/version.js';
import { PROJECT_DIR } from './helpers/fixtures.js';

test('VERSION matches package.json', () => {
  const pkg = JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
});
