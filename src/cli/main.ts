// Entry: argv → options → one of the modes. The UI modules are imported only when needed, after the
// colour decision, so that `explain` and `--json` never load React and chalk sees FORCE_COLOR first.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { kernelLogProblem } from './input-files.js';
import { frameColumns, HELP_TEXT, parseCli, UsageError, type CliOptions } from './options.js';
import { LIVE_ROOTS, rootsUnder, type Roots } from '../procfs/roots.js';
import { protectSelf, selfAsIs } from '../procfs/self-protection.js';
import { VERSION } from '../version.js';

function resolveRoots(rootDir: string | null): Roots {
  if (rootDir === null) return LIVE_ROOTS;
  if (!existsSync(rootDir) || !statSync(rootDir).isDirectory()) throw new UsageError(`--root: no such directory: ${rootDir}`);
  if (!existsSync(join(rootDir, 'proc'))) throw new UsageError(`--root: ${rootDir} has no proc/ directory`);
  return rootsUnder(rootDir);
}

/** The steering keys' writer. A captured tree (--root) is never written to: it is read-only like --read-only. */
async function createAdjuster(options: CliOptions, roots: Roots) {
  const { createLiveAdjuster } = await import('../runtime/live-adjuster.js');
  return createLiveAdjuster({ readOnly: options.readOnly, roots, captured: options.rootDir !== null });
}

async function runSnapshotModes(options: CliOptions): Promise<number> {
  // First, before the sampler and the UI allocate: see heap-flags.ts.
  const { keepHeapSmall } = await import('../runtime/heap-flags.js');
  keepHeapSmall();
  const roots = resolveRoots(options.rootDir);
  const self = options.selfProtect ? protectSelf() : selfAsIs(options.readOnly ? '--read-only' : '--no-self-protect');
  const { createSampler, passwdPathFor, samplerSource, twoSamples } = await import('../runtime/sampling.js');
  const { basicHostFacts, liveHostFacts, treeHostFacts } = await import('../runtime/host-facts.js');
  const { limitedViewNotice, readProcVisibility } = await import('../procfs/proc-mount.js');
  const limitedView = limitedViewNotice(readProcVisibility(roots), process.getuid?.() ?? 0, process.getgroups?.() ?? []);
  const sampler = createSampler({ roots, passwdPath: passwdPathFor(options.rootDir), intervalMs: options.intervalMs, oneShot: options.mode !== 'tui' });
  const source = samplerSource(sampler);
  if (options.mode === 'tui') {
    const host = options.rootDir === null ? { ...basicHostFacts(), limitedView } : treeHostFacts(roots);
    const { runInteractive } = await import('../runtime/interactive.js');
    const { createLiveSource } = await import('../runtime/live-source.js');
    const { defaultIncidentDir } = await import('../model/incidents/store.js');
    const { defaultRecordingDir } = await import('./daemon-options.js');
    const live = createLiveSource(sampler, {
      kernelLog: options.kernelLog, killerLog: options.killerLog, incidentDir: defaultIncidentDir(), recordingDir: defaultRecordingDir(),
    });
    const adjuster = await createAdjuster(options, roots);
    try {
      return await runInteractive({ source: live, host, intervalMs: options.intervalMs, color: options.color, adjuster });
    } finally {
      live.close();
    }
  }
  const host = options.rootDir === null ? liveHostFacts().then((facts) => ({ ...facts, limitedView })) : Promise.resolve(treeHostFacts(roots));
  const snapshot = await twoSamples(source, options.intervalMs);
  const facts = await host;
  if (options.mode === 'json') {
    const { renderJson } = await import('../runtime/json-snapshot.js');
    process.stdout.write(renderJson(snapshot, facts, self) + '\n');
  } else {
    const { renderPlainFrame } = await import('../runtime/plain-frame.js');
    const columns = frameColumns(options.width, process.stdout.isTTY ? process.stdout.columns : undefined, process.env);
    process.stdout.write(renderPlainFrame(snapshot, facts, columns, options.intervalMs) + '\n');
  }
  return 0;
}

/** A --kernel-log or --killer-log that cannot be read is refused at start, not blamed by the OOM panel later. */
function checkKernelLog(options: CliOptions): void {
  if (options.killerLog !== null) {
    const problem = kernelLogProblem(options.killerLog);
    if (problem !== null) throw new UsageError(`--killer-log: ${problem}`);
  }
  if (options.kernelLog === null || (options.mode === 'explain' && options.kernelLog === '-')) return;
  const problem = kernelLogProblem(options.kernelLog);
  if (problem !== null) throw new UsageError(`--kernel-log: ${problem}`);
}

async function run(options: CliOptions): Promise<number> {
  if (options.mode !== 'help' && options.mode !== 'version') checkKernelLog(options);
  switch (options.mode) {
    case 'help':
      process.stdout.write(HELP_TEXT);
      return 0;
    case 'version':
      process.stdout.write(`oomlens ${VERSION}\n`);
      return 0;
    case 'explain': {
      const { runExplain } = await import('./explain.js');
      // `explain FILE` wins; otherwise --kernel-log FILE; otherwise this machine's kernel log.
      const source = options.explainSource ?? options.kernelLog;
      const { defaultRecordingDir } = await import('./daemon-options.js');
      const recording = { dir: options.daemon.dir ?? defaultRecordingDir(), explicit: options.daemon.dir !== null };
      return runExplain({ source, json: options.json, recording }, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
    }
    case 'record':
    case 'serve':
    case 'replay': {
      const { runDaemonMode } = await import('../recorder/run-mode.js');
      // The recorder and the exporter are monitors too: protected gently, as the TUI is (replay reads a
      // recording and steers nothing, but it is as big as the TUI on a box with little to spare).
      if (options.selfProtect) protectSelf();
      return runDaemonMode(options, resolveRoots(options.rootDir));
    }
    default:
      return runSnapshotModes(options);
  }
}

// `oomlens explain | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function main(): Promise<void> {
  let code: number;
  try {
    const options = parseCli(process.argv.slice(2), process.env, process.stdout.isTTY === true);
    if (!options.color) process.env.FORCE_COLOR = '0';
    code = await run(options);
  } catch (error) {
    const usage = error instanceof UsageError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`oomlens: ${message.split('\n')[0]}\n`);
    code = usage ? 2 : 1;
  }
  // Let stdout drain (a pipe may be slow) before exiting with the code.
  process.exitCode = code;
  if (code !== 0 || process.env.OOMLENS_HARD_EXIT) process.exit(code);
}

await main();
