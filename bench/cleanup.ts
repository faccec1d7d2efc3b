// Everything the benchmark starts registers how to end it here. The list runs once, on whichever exit
// comes first: the normal end, Ctrl-C, SIGTERM, SIGHUP, or an uncaught error. Each step is synchronous
// (kill by pid, kill a private tmux server) so it also works from the 'exit' event.

const steps: (() => void)[] = [];
let ran = false;

export function onCleanup(step: () => void): void {
  steps.push(step);
}

export function runCleanup(): void {
  if (ran) return;
  ran = true;
  for (const step of steps.reverse()) {
    try {
      step();
    } catch (error) {
      process.stderr.write(`bench cleanup: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

/** Installs the handlers; call once at start. */
export function installCleanupHandlers(): void {
  process.once('exit', runCleanup);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}: ending every process it started\n`);
      runCleanup();
      process.exit(code);
    });
  }
  process.once('uncaughtException', (error) => {
    process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
    runCleanup();
    process.exit(1);
  });
  process.once('unhandledRejection', (error) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    runCleanup();
    process.exit(1);
  });
}
