// The live TUI. Signals and errors all lead to the same exit: unmount Ink, leave the alternate screen,
// then exit with a code that says why.
import { render } from 'ink';
import type { HostFacts } from '../model/snapshot.js';
import type { Adjuster } from '../ui/state/adjust-effects.js';
import type { ModeKeys } from '../ui/state/key-chunk.js';
import type { UiState } from '../ui/state/state.js';
import { App } from '../ui/App.js';
import type { SnapshotSource } from '../model/snapshot.js';
import { FrameWriter, frameStream } from './frame-writer.js';
import { openKeyboard } from './keyboard.js';
import { startSnapshotStore } from './snapshot-store.js';
import { enterAlternateScreen, errorLine } from './terminal.js';

export interface InteractiveOptions {
  source: SnapshotSource;
  host: Promise<HostFacts> | HostFacts;
  intervalMs: number;
  color: boolean;
  adjuster: Adjuster;
  /** Keys the mode adds (replay's cursor). */
  modeKeys?: ModeKeys;
  /** The UI state to start from (replay: the kills already seen at its first sample). */
  initialState?: Partial<UiState>;
}

const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGTERM: 143, SIGHUP: 129, SIGINT: 130 };

/**
 * How long the first frame waits for the first sample. On a box of a few hundred processes the first
 * sample takes 30-80 ms, and the first frame drawn with it saves drawing the screen twice while React,
 * Ink and yoga are still cold: the first kill list came 65-75 ms sooner (bench startup). On a
 * box with thousands of processes the first sample takes longer, and the screen, "reading /proc…", comes
 * after this wait. The terminal is left as it is until then, so a signal meanwhile has nothing to restore.
 */
const FIRST_FRAME_WAIT_MS = 250;

export async function runInteractive(options: InteractiveOptions): Promise<number> {
  const store = startSnapshotStore(options.source, options.intervalMs);
  await store.firstPublication(FIRST_FRAME_WAIT_MS);
  const keyboard = openKeyboard();
  const terminal = enterAlternateScreen(process.stdout, keyboard);
  const writer = new FrameWriter(process.stdout);
  // debug: Ink hands every frame, whole, to the FrameWriter, which writes only the changed lines.
  const instance = render(
    <App
      feed={store}
      host={options.host}
      intervalMs={options.intervalMs}
      color={options.color}
      adjuster={options.adjuster}
      onRedraw={() => writer.repaint()}
      modeKeys={options.modeKeys}
      initialState={options.initialState}
    />,
    { stdout: frameStream(process.stdout, writer), stdin: keyboard, debug: true, exitOnCtrlC: false, patchConsole: false },
  );
  const leave = (code: number, message?: string) => {
    store.stop();
    writer.close();
    try {
      instance.unmount();
    } catch {
      // Unmounting a broken tree can throw; the terminal still gets restored below.
    }
    terminal.restore();
    if (message) process.stderr.write(message);
    process.exit(code);
  };
  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES)) {
    process.once(signal as NodeJS.Signals, () => leave(code));
  }
  process.once('uncaughtException', (error) => leave(1, errorLine(error)));
  process.once('unhandledRejection', (error) => leave(1, errorLine(error)));
  process.once('exit', () => terminal.restore());
  try {
    await instance.waitUntilExit();
  } catch (error) {
    leave(1, errorLine(error));
  }
  store.stop();
  writer.close();
  terminal.restore();
  return 0;
}
