// Our own screen writer. Ink renders each frame into a string; this writes only the lines that changed,
// each at its absolute row, in the alternate screen. Why not Ink 6.8's own renderers (build/log-update.js):
//  - the standard one erases every line of the last frame and writes every line again, each frame
//    (~6 KB per frame at 80x24, over SSH);
//  - the incremental one positions the cursor one row off whenever the frame ends with a newline, which
//    Ink adds whenever the frame is shorter than the terminal: it moves up `previousLines - 1` rows from
//    the line below the frame, lands on the frame's second row, and the screen drifts and smears;
//  - with CI set (is-in-ci) Ink writes nothing at all, which would blind our own terminal tests.
// Ink 7 has these fixes, but it needs Node >= 22 and we support Node 20.
// Ink runs in debug mode (every frame written whole, to us) against a stream that stands in for the
// terminal and forwards its size.
import { EventEmitter } from 'node:events';
import stringWidth from 'string-width';

const BEGIN_SYNC = '\x1b[?2026h';
const END_SYNC = '\x1b[?2026l';
const HIDE_CURSOR = '\x1b[?25l';
const CLEAR_SCREEN = '\x1b[H\x1b[2J';
const ERASE_TO_END_OF_LINE = '\x1b[K';
const ERASE_BELOW = '\x1b[J';
// Autowrap off while we write: a line wider than the terminal is cut at the right margin instead of
// spilling onto the next row (or scrolling the whole screen up from the bottom row). Right after a
// resize Ink renders once more for the old size, and those lines are too wide and too many.
const AUTOWRAP_OFF = '\x1b[?7l';
const AUTOWRAP_ON = '\x1b[?7h';

export class FrameWriter {
  private previous: string[] = [];
  private cleared = false;
  private closed = false;

  constructor(private readonly terminal: NodeJS.WriteStream) {}

  /** Writes the lines of `frame` that differ from the last frame. */
  write(frame: string): void {
    // Ink writes an empty string when it "clears" in debug mode (a narrower terminal): not a frame.
    if (this.closed || frame === '') return;
    // Rows below the terminal's last would all land on its bottom row: they are not on screen.
    const all = frame.endsWith('\n') ? frame.slice(0, -1).split('\n') : frame.split('\n');
    const lines = all.slice(0, this.terminal.rows || 24);
    const columns = this.terminal.columns || 80;
    let out = this.cleared ? '' : HIDE_CURSOR + CLEAR_SCREEN;
    this.cleared = true;
    for (let row = 0; row < lines.length; row++) {
      const line = lines[row]!;
      if (line === this.previous[row]) continue;
      // Erasing after a full-width line would erase its last cell (the cursor waits on it): skip it then.
      const erase = stringWidth(line) < columns ? ERASE_TO_END_OF_LINE : '';
      out += `\x1b[${row + 1};1H${line}${erase}`;
    }
    if (lines.length < this.previous.length) out += `\x1b[${lines.length + 1};1H${ERASE_BELOW}`;
    this.previous = lines;
    if (out === '') return;
    this.terminal.write(BEGIN_SYNC + AUTOWRAP_OFF + out + AUTOWRAP_ON + END_SYNC);
  }

  /**
   * Forget what is on screen: the next frame clears the screen and is written whole. After a resize the
   * terminal has reflowed or cut what it showed, so nothing on it can be trusted.
   */
  invalidate(): void {
    this.previous = [];
    this.cleared = false;
  }

  /** Clears the screen and writes the last frame again, whole (Ctrl-L: something else wrote on the screen). */
  repaint(): void {
    const last = this.previous;
    this.invalidate();
    if (last.length > 0) this.write(last.join('\n'));
  }

  close(): void {
    this.closed = true;
  }
}

/**
 * A stand-in for process.stdout that Ink renders into: its size and resize events are the terminal's,
 * its writes go to the FrameWriter.
 */
export function frameStream(terminal: NodeJS.WriteStream, writer: FrameWriter): NodeJS.WriteStream {
  const stream = new EventEmitter() as EventEmitter & Record<string, unknown>;
  Object.defineProperties(stream, {
    columns: { get: () => terminal.columns || 80 },
    rows: { get: () => terminal.rows || 24 },
    isTTY: { value: true },
  });
  stream.write = (chunk: string | Uint8Array) => {
    writer.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  terminal.on('resize', () => {
    writer.invalidate();
    stream.emit('resize');
  });
  return stream as unknown as NodeJS.WriteStream;
}
