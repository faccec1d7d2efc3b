import type { CliOptions } from '../cli/options.js';

export async function runReplay(_options: CliOptions): Promise<number> {
  process.stderr.write('oomlens: replay is not built yet\n');
  return 1;
}
