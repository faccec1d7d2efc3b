// Owning the terminal: the alternate screen, and restoring everything on every way out (q, Ctrl-C,
// SIGTERM, SIGHUP from a dropped SSH link, an uncaught error). Ink 6 restores the cursor and raw mode
// when it unmounts; leaving the alternate screen is ours.

const ENTER_ALTERNATE_SCREEN = '\x1b[?1049h\x1b[H\x1b[2J';
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

export interface TerminalSession {
  /** Idempotent: safe to call from several exit paths. */
  restore(): void;
}

export function enterAlternateScreen(stream: NodeJS.WriteStream, keyboard: NodeJS.ReadStream): TerminalSession {
  stream.write(ENTER_ALTERNATE_SCREEN);
  let restored = false;
  return {
    restore() {
      if (restored) return;
      restored = true;
      try {
        if (keyboard.isTTY && keyboard.isRaw) keyboard.setRawMode(false);
      } catch {
        // stdin may already be closed (hung-up terminal): nothing to restore there.
      }
      try {
        stream.write(SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN);
      } catch {
        // The terminal is gone (EIO after SIGHUP): there is nothing left to restore.
      }
    },
  };
}

/** The one line printed for an unexpected error: no stack trace on an operator's terminal. */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `oomlens: ${message.split('\n')[0]}\n`;
}
