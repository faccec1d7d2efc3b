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
//
// The build also writes the bundle as a classic script, which V8 can be given a code cache for: when the
// record has it and it is the size recorded, that runs instead of the module (code-cache.js).
//
// CommonJS (bin/package.json says so), not an ES module: node then runs it without its ES module loader,
// which an ESM entry loads at start and keeps (10 of its modules, measured with process.moduleLoadList). The
// bundle's classic script needs none of it; the fallbacks below load it with import() when they run.
'use strict';
const { existsSync, readFileSync, statSync } = require('node:fs');
const { resolve } = require('node:path');
const { pathToFileURL } = require('node:url');

// React's development build doubles the cost of a render; tests opt back in with NODE_ENV=test. An empty
// NODE_ENV is unset too (the bench's ptys had it so): React would take it for development.
process.env.NODE_ENV ||= 'production';

const root = `${resolve(__dirname, '..')}/`;
const bundle = `${root}dist/oomlens.mjs`;
const tree = `${root}dist/cli/main.js`;
const script = `${root}dist/oomlens.script.js`;

/** The build's record if the bundle is current, else null. */
function currentStamp() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(`${root}dist/oomlens.inputs.json`, 'utf8'));
    if (statSync(bundle).size !== stamp.bundleBytes) return null;
  } catch {
    return null;
  }
  if (!existsSync(`${root}src`)) return stamp;
  for (const input of stamp.inputs) {
    try {
      if (statSync(root + input).mtimeMs > stamp.builtAtMs) return null;
    } catch {
      return null;
    }
  }
  return stamp;
}

/** The classic script's stat if the record has one and it is the script recorded, else null. */
function scriptStat(stamp) {
  if (typeof stamp.script?.sha256 !== 'string' || !Array.isArray(stamp.script.v8Flags)) return null;
  try {
    const stat = statSync(script);
    return stat.size === stamp.script.bytes ? stat : null;
  } catch {
    return null;
  }
}

const stamp = currentStamp();
const stat = stamp === null ? null : scriptStat(stamp);
// Not awaited (a CommonJS file has no top-level await): a rejection is node's unhandled rejection, which
// prints it and exits 1, as a rejected top-level await did.
if (stat !== null) {
  require('./code-cache.js').runWithCodeCache(root, bundle, script, stamp.script, stat);
} else {
  const entry = stamp !== null ? bundle : tree;
  if (!existsSync(entry)) {
    process.stderr.write('oomlens: not built yet: run `npm run build` first\n');
    process.exit(2);
  }
  import(pathToFileURL(entry).href);
}
