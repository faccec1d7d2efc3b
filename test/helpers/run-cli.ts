// Runs the built bin/oomlens.js as a user would, capturing its output and exit code.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_DIR } from './fixtures.js';

export const BIN = join(PROJECT_DIR, 'bin', 'oomlens.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: options.input ?? '',
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
    timeout: 30_000,
    // A box with 10,000 processes prints megabytes of JSON: more than spawnSync's 1 MB default.
    maxBuffer: 256 << 20,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
