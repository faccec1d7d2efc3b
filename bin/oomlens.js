#!/usr/bin/env node
// Entry point. It runs the one-file bundle (dist/oomlens.mjs, `npm run bundle`, which `npm ci` builds)
// when the bundle was built from the sources as they are now: it starts in about half the time and uses
// less memory (docs/performance.md). Otherwise it runs the compiled tree (dist/cli/main.js, `npm run
// build`), so an edit is never hidden behind an older bundle.
//
// "As they are now": the build writes dist/oomlens.inputs.json, the project files that went into the
// bundle (src/, package-lock.json, the bundle scripts) and the time the build started. The bundle is
// used only if every one of them still exists and none was modified since. That is one small read and
// ~130 stat() calls, about 1 ms. Without src/ (an installed package) there is nothing to be stale
// against, and the bundle is used as it is.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

// React's development build doubles the cost of a render; tests opt back in with NODE_ENV=test. An empty
// NODE_ENV is unset too (the bench's ptys had it so): React would take it for development.
process.env.NODE_ENV ||= 'production';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist/oomlens.mjs`;
const tree = `${root}dist/cli/main.js`;

function bundleIsCurrent() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(`${root}dist/oomlens.inputs.json`, 'utf8'));
    if (statSync(bundle).size !== stamp.bundleBytes) return false;
  } catch {
    return false;
  }
  if (!existsSync(`${root}src`)) return true;
  for (const input of stamp.inputs) {
    try {
      if (statSync(root + input).mtimeMs > stamp.builtAtMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}

const entry = bundleIsCurrent() ? bundle : tree;
if (!existsSync(entry)) {
  process.stderr.write('oomlens: not built yet: run `npm run build` first\n');
  process.exit(2);
}
await import(pathToFileURL(entry).href);
