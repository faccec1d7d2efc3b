#!/usr/bin/env node
// Entry point: the compiled CLI, or the one-file bundle when that is all that was shipped.
import { existsSync } from 'node:fs';

// React's development build doubles the cost of a render; tests opt back in with NODE_ENV=test.
process.env.NODE_ENV ??= 'production';

const built = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('oomlens: not built yet: run `npm run build` first\n');
  process.exit(2);
}
await import(built.href);
