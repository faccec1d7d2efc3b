// Runs the bundle's classic-script form (dist/oomlens.script.js, scripts/bundle-classic.js) with a V8 code
// cache, so that V8 deserializes the functions the first frame needs instead of parsing and compiling them
// again at every start. Measured in docs/performance.md, "A V8 code cache for the bundle".
//
// The cache is one file: a header line and V8's data. It is used only if the header names this very
// script (the build's hash of it, its size and mtime), this node (version, architecture) and these node
// flags; V8 itself also refuses data made by another V8 or under other V8 flags (code-serializer.cc,
// SerializedCodeData::SanityCheck), and with --verify-snapshot-checksum set it also checks a checksum of
// the data: without it, damaged data that passes the header crashes node inside the deserializer
// (measured: SIGSEGV or a V8 fatal error, for 64 flipped bytes anywhere past the header).
//
// With no cache, or one V8 rejects, the script is compiled from its text, as `import()` would, and a new
// cache is written PRODUCE_AFTER_MS later, when the first frame has compiled the functions it needs
// (V8 compiles most functions lazily, on their first call; the cache holds those compiled by then). It is
// written beside the bundle, else in the user's cache directory, else nowhere; atomically (a temporary file
// renamed over the old one), so a reader sees a whole file or none. Nothing here prints or throws: any
// failure is a run without a cache.
//
// CommonJS, as bin/oomlens.js is (bin/package.json).
'use strict';
const { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { homedir } = require('node:os');
const { pathToFileURL } = require('node:url');
const v8 = require('node:v8');
const { Script } = require('node:vm');

/** Bumped whenever the file's layout or what goes into the key changes. */
const FORMAT = 'oomlens-code-cache-1';
/** Long enough for the first frame on a loaded box (about 0.3-0.5 s), short of most `--json` runs' end. */
const PRODUCE_AFTER_MS = 1500;
const HEADER_MAX = 4096;

/** Where a cache may be: beside the bundle, then under XDG_CACHE_HOME (one file per installation). */
function cachePaths(root) {
  const home = process.env.XDG_CACHE_HOME || (process.env.HOME ? `${process.env.HOME}/.cache` : `${homedir()}/.cache`);
  let hash = 0x811c9dc5;
  for (let i = 0; i < root.length; i++) hash = Math.imul(hash ^ root.charCodeAt(i), 0x01000193);
  return [`${root}dist/oomlens.code-cache`, `${home}/oomlens/code-cache-${(hash >>> 0).toString(16)}`];
}

/** The header line: everything that must be the same for the data to belong to this run. */
function keyOf(script, stat) {
  return JSON.stringify([FORMAT, process.version, process.arch, process.execArgv, process.env.NODE_OPTIONS ?? '', script.v8Flags, script.sha256, stat.size, stat.mtimeMs]);
}

/** V8's data from the first cache file whose header is `key`, or null. */
function readCache(paths, key) {
  for (const path of paths) {
    let fd;
    try {
      fd = openSync(path, 'r');
      const head = Buffer.alloc(HEADER_MAX);
      const headBytes = readSync(fd, head, 0, HEADER_MAX, 0);
      const newline = head.indexOf(10);
      if (newline < 0 || newline >= headBytes || head.toString('utf8', 0, newline) !== key) continue;
      closeSync(fd);
      fd = undefined;
      return readFileSync(path).subarray(newline + 1);
    } catch {
      // absent or unreadable: the next place
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  return null;
}

/**
 * Writes the header and produce()'s data to the first place that takes them. The temporary file is made
 * first: where nothing can be written, V8 is not asked for the data (serializing it left RSS 4-5 MB
 * higher for the rest of the run, measured).
 */
function writeCache(paths, key, produce) {
  let data;
  for (const path of paths) {
    const temporary = `${path}.${process.pid}.tmp`;
    let fd;
    try {
      mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true });
      fd = openSync(temporary, 'w', 0o644);
    } catch {
      continue;
    }
    try {
      writeFileSync(fd, key + '\n');
      writeFileSync(fd, (data ??= produce()));
      closeSync(fd);
      fd = undefined;
      renameSync(temporary, path);
      return;
    } catch {
      if (fd !== undefined) closeSync(fd);
      try {
        unlinkSync(temporary);
      } catch {
        // already gone
      }
    }
  }
}

/**
 * Compiles and runs the script at `scriptPath` (its stat `stat`, the build's record of it `script`) as the
 * module `bundlePath` would run: the same `require` and `import.meta.url`.
 */
async function runWithCodeCache(root, bundlePath, scriptPath, script, stat) {
  const url = pathToFileURL(bundlePath).href;
  await compile(root, bundlePath, scriptPath, script, stat).runInThisContext()(createRequire(url), url);
}

/**
 * The flags V8 hashes into a cache (see the top of this file): the checksum, and the heap flags of
 * src/runtime/heap-flags.ts, which the TUI and the recorder set first thing anyway (replay, the one long
 * run without them, gets them when it writes a cache). Set only where a cache is made or used: before a
 * compile without a cache they cost the first frame ~13 ms (docs/performance.md).
 */
function setCacheFlags(script) {
  v8.setFlagsFromString('--verify-snapshot-checksum');
  for (const flag of script.v8Flags) v8.setFlagsFromString(flag);
}

/** The compiled script; a new cache is scheduled when there was none to use. */
function compile(root, bundlePath, scriptPath, script, stat) {
  const paths = cachePaths(root);
  const key = keyOf(script, stat);
  const cachedData = readCache(paths, key) ?? undefined;
  if (cachedData !== undefined) setCacheFlags(script);
  const compiled = new Script(readFileSync(scriptPath, 'latin1'), { filename: bundlePath, cachedData });
  if (cachedData === undefined || compiled.cachedDataRejected === true) {
    setTimeout(() => {
      try {
        setCacheFlags(script);
        writeCache(paths, key, () => compiled.createCachedData());
      } catch {
        // no cache this time
      }
    }, PRODUCE_AFTER_MS).unref();
  }
  // Returned, not run here: this frame (and the 1 MB of cachedData) is gone before the program starts.
  return compiled;
}

module.exports = { runWithCodeCache };
