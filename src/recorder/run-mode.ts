// `oomlens record`, `oomlens serve`, `oomlens replay`: from options to a running daemon (or the replay
// screen), and back to an exit code. Bind errors and an unusable --dir are one line and exit 2; SIGTERM,
// SIGINT and SIGHUP end a daemon cleanly (the segment synced, the socket closed) with exit 0.
import type { CliOptions } from '../cli/options.js';
import { defaultRecordingDir } from '../cli/daemon-options.js';
import { ensureDir } from '../history/dirs.js';
import { OomMetrics } from '../exporter/metrics.js';
import { ListenError, startMetricsServer, type MetricsServer } from '../exporter/server.js';
import { limitedViewNotice, readProcVisibility } from '../procfs/proc-mount.js';
import type { Roots } from '../procfs/roots.js';
import { Observer } from './observer.js';
import { DEFAULT_BUNDLE_WINDOW_MS, Recorder } from './record.js';
import { DEFAULT_STORE_RULES } from './recording-store.js';
import { trimHeapAfterTick } from '../runtime/heap-trim.js';
import { startTicker } from '../runtime/ticker.js';

const EXIT_USAGE = 2;
/** Denser sampling while a kill is predicted within this many seconds... */
const DENSE_WITHIN_SECONDS = 180;
/** ... at this interval (or --interval, when that is shorter). */
const DENSE_INTERVAL_MS = 1000;

function logger(mode: string): (line: string) => void {
  // The journal stamps each line itself; by hand, a time of day helps.
  const stamp = process.env.JOURNAL_STREAM === undefined;
  return (line) => process.stderr.write(`${stamp ? `${new Date().toISOString()} ` : ''}oomlens ${mode}: ${line}\n`);
}

/** What an unprivileged or restricted run does without, said once at start. */
function sayWhatIsMissing(observer: Observer, roots: Roots, log: (line: string) => void): void {
  if (observer.logUnavailable !== null) {
    log(`no kernel log: ${observer.logUnavailable}; kills are still counted (/proc/vmstat, each cgroup's oom_kill), but bundles lack the kernel's report`);
  }
  const limited = limitedViewNotice(readProcVisibility(roots), process.getuid?.() ?? 0, process.getgroups?.() ?? []);
  if (limited !== null) log(limited);
}

async function listen(options: CliOptions, metrics: OomMetrics, log: (line: string) => void): Promise<MetricsServer | number | null> {
  if (options.daemon.listen === null) return null;
  try {
    const server = await startMetricsServer(options.daemon.listen, metrics.registry);
    log(`serving ${server.url}`);
    return server;
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    process.stderr.write(`oomlens: ${error.message}\n`);
    return EXIT_USAGE;
  }
}

/** Resolves on the first of SIGTERM, SIGINT, SIGHUP. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => resolve(signal));
  });
}

async function record(options: CliOptions, roots: Roots): Promise<number> {
  const log = logger('record');
  const dir = options.daemon.dir ?? defaultRecordingDir();
  try {
    ensureDir(dir);
  } catch (error) {
    process.stderr.write(`oomlens: --dir: cannot create ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return EXIT_USAGE;
  }
  const metrics = new OomMetrics();
  const server = await listen(options, metrics, log);
  if (typeof server === 'number') return server;
  const denseIntervalMs = Math.min(options.intervalMs, DENSE_INTERVAL_MS);
  const observer = await Observer.open({ roots, rootDir: options.rootDir, kernelLog: options.kernelLog, killerLog: options.killerLog, intervalMs: denseIntervalMs });
  const rules = { ...DEFAULT_STORE_RULES, maxAgeMs: options.daemon.keepMs, maxBytes: options.daemon.maxBytes };
  const recorder = new Recorder(observer, {
    dir,
    intervalMs: options.intervalMs,
    denseIntervalMs,
    denseWithinSeconds: DENSE_WITHIN_SECONDS,
    rules,
    bundleWindowMs: DEFAULT_BUNDLE_WINDOW_MS,
    log,
    onTick: (snapshot, kills) => {
      metrics.update(snapshot, kills.flatMap((k) => (k.report === null ? [] : [k.report])), kills.flatMap((k) => k.killer ?? []));
      const notice = observer.killerLogNotice();
      if (notice !== null) log(notice);
    },
  });
  log(
    `recording to ${dir} every ${options.intervalMs / 1000} s` +
      (denseIntervalMs < options.intervalMs ? ` (every ${denseIntervalMs / 1000} s while a kill is predicted within ${DENSE_WITHIN_SECONDS / 60} min); ` : '; ') +
      `keeping ${Math.round(rules.maxAgeMs / 3600_000)} h, at most ${Math.round(rules.maxBytes / (1 << 20))} MiB; kernel log: ${observer.logSource ?? 'none'}`,
  );
  sayWhatIsMissing(observer, roots, log);
  const running = recorder.run();
  const signal = await Promise.race([untilSignal(), running.then(() => null)]);
  if (signal !== null) log(`${signal}: stopping`);
  recorder.stop();
  await running;
  observer.close();
  await server?.close();
  return 0;
}

async function serve(options: CliOptions, roots: Roots): Promise<number> {
  const log = logger('serve');
  const metrics = new OomMetrics();
  const server = await listen(options, metrics, log);
  if (typeof server === 'number' || server === null) return typeof server === 'number' ? server : EXIT_USAGE;
  const observer = await Observer.open({ roots, rootDir: options.rootDir, kernelLog: options.kernelLog, killerLog: options.killerLog, intervalMs: options.intervalMs });
  sayWhatIsMissing(observer, roots, log);
  const ticker = startTicker(options.intervalMs, async () => {
    try {
      const { snapshot, reports, userspace } = await observer.next();
      metrics.update(snapshot, reports, userspace);
      const notice = observer.killerLogNotice();
      if (notice !== null) log(notice);
    } catch (error) {
      log(`tick failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    trimHeapAfterTick();
  });
  const signal = await untilSignal();
  log(`${signal}: stopping`);
  ticker.stop();
  observer.close();
  await server.close();
  return 0;
}

export async function runDaemonMode(options: CliOptions, roots: Roots): Promise<number> {
  switch (options.mode) {
    case 'record':
      return record(options, roots);
    case 'serve':
      return serve(options, roots);
    default: {
      const { runReplay } = await import('./replay.js');
      return runReplay(options);
    }
  }
}
