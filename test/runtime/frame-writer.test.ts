// The FrameWriter over a fake terminal: what it writes (bytes) and what the screen then shows, read back
// through a small model of the few escape sequences it uses.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import stringWidth from 'string-width';
import { FrameWriter, frameStream } from '../../src/runtime/frame-writer.js';

/**
 * A terminal that keeps its screen: cursor position (CSI row;col H, clamped to the screen), erase to end
 * of line (CSI K), erase below (CSI J), clear (CSI 2J), printable characters with a deferred wrap on the
 * last column, as xterm does: with autowrap on (CSI ?7h, the default) the next character goes to the next
 * row, scrolling the screen up from the bottom row; with it off (CSI ?7l) it overwrites the last cell.
 * Other private modes (synchronized output, cursor visibility) are accepted and ignored.
 */
class FakeTerminal extends EventEmitter {
  readonly isTTY = true;
  writes: string[] = [];
  private screen: string[][];
  private row = 0;
  private col = 0;
  private autowrap = true;

  constructor(public columns: number, public rows: number) {
    super();
    this.screen = this.blank();
  }

  write(chunk: string): boolean {
    this.writes.push(chunk);
    const tokens = chunk.match(/\x1b\[\??[0-9;]*[A-Za-z]|[^\x1b]/gu) ?? [];
    for (const token of tokens) this.apply(token);
    return true;
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.screen = this.screen.slice(0, rows).map((line) => line.slice(0, columns));
    while (this.screen.length < rows) this.screen.push([]);
    this.emit('resize');
  }

  /** The screen, one string per row, trailing blanks trimmed. */
  lines(): string[] {
    return this.screen.map((line) => Array.from({ length: this.columns }, (_, i) => line[i] ?? ' ').join('').trimEnd());
  }

  /** Everything written since the last call. */
  takeWrites(): string {
    const all = this.writes.join('');
    this.writes = [];
    return all;
  }

  private blank(): string[][] {
    return Array.from({ length: this.rows }, () => []);
  }

  private apply(token: string): void {
    const csi = /^\x1b\[(\??)([0-9;]*)([A-Za-z])$/.exec(token);
    if (csi === null) {
      const width = stringWidth(token);
      if (this.col + width > this.columns) this.wrap();
      this.screen[this.row]![this.col] = token;
      if (width === 2) this.screen[this.row]![this.col + 1] = ''; // the right half of a wide character
      this.col += width; // col === columns: the wrap is pending; the cursor shows on the last cell
      return;
    }
    const [, privateMode, params, final] = csi;
    if (privateMode === '?') {
      if (params === '7') this.autowrap = final === 'h';
      return;
    }
    const numbers = params!.split(';').map((n) => (n === '' ? 1 : Number(n)));
    const cursorCol = Math.min(this.col, this.columns - 1);
    switch (final) {
      case 'H':
        this.row = Math.min((numbers[0] ?? 1) - 1, this.rows - 1);
        this.col = Math.min((numbers[1] ?? 1) - 1, this.columns - 1);
        break;
      case 'K':
        this.screen[this.row]!.length = Math.min(this.screen[this.row]!.length, cursorCol);
        break;
      case 'J':
        if (params === '2') this.screen = this.blank();
        else {
          this.screen[this.row]!.length = Math.min(this.screen[this.row]!.length, cursorCol);
          for (let r = this.row + 1; r < this.rows; r++) this.screen[r] = [];
        }
        break;
      default:
        throw new Error(`unexpected escape sequence ${JSON.stringify(token)}`);
    }
  }

  /** A character past the last column: the next row (scrolling at the bottom), or the last cell again. */
  private wrap(): void {
    if (!this.autowrap) {
      this.col = this.columns - 1;
      return;
    }
    this.col = 0;
    if (this.row < this.rows - 1) this.row += 1;
    else this.screen = [...this.screen.slice(1), []];
  }
}

function setup(columns = 20, rows = 6) {
  const terminal = new FakeTerminal(columns, rows);
  const writer = new FrameWriter(terminal as unknown as NodeJS.WriteStream);
  return { terminal, writer };
}

/** The rows (1-based) that a chunk of output positions the cursor on. */
function rowsWritten(output: string): number[] {
  return [...output.matchAll(/\x1b\[(\d+);1H/g)].map((m) => Number(m[1]));
}

test('the first frame clears the screen and lands each line on its row', () => {
  const { terminal, writer } = setup();
  writer.write('alpha\nbeta\ngamma\n');
  assert.deepEqual(terminal.lines(), ['alpha', 'beta', 'gamma', '', '', '']);
  const output = terminal.takeWrites();
  assert.ok(output.includes('\x1b[2J'), 'cleared');
  assert.ok(output.startsWith('\x1b[?2026h') && output.endsWith('\x1b[?2026l'), 'one synchronized update');
});

test('only the lines that changed are written', () => {
  const { terminal, writer } = setup();
  writer.write('alpha\nbeta\ngamma\n');
  terminal.takeWrites();
  writer.write('alpha\nBETA\ngamma\n');
  const output = terminal.takeWrites();
  assert.deepEqual(rowsWritten(output), [2]);
  assert.ok(!output.includes('alpha') && !output.includes('gamma'), output);
  assert.ok(!output.includes('\x1b[2J'), 'no clear after the first frame');
  assert.deepEqual(terminal.lines().slice(0, 3), ['alpha', 'BETA', 'gamma']);
});

test('an unchanged frame writes nothing at all', () => {
  const { terminal, writer } = setup();
  writer.write('alpha\nbeta\n');
  terminal.takeWrites();
  writer.write('alpha\nbeta\n');
  assert.equal(terminal.takeWrites(), '');
});

test('a shorter line erases the rest of the longer one it replaces', () => {
  const { terminal, writer } = setup();
  writer.write('a long first line\nsecond\n');
  writer.write('short\nsecond\n');
  assert.deepEqual(terminal.lines().slice(0, 2), ['short', 'second']);
});

test('a frame with fewer rows erases the rows the old frame left below it', () => {
  // The frame may come with or without a trailing newline: the same rows either way.
  for (const shorter of ['one\ntwo\n', 'one\ntwo']) {
    const { terminal, writer } = setup();
    writer.write('one\ntwo\nthree\nfour\nfive\n');
    terminal.takeWrites();
    writer.write(shorter);
    assert.deepEqual(rowsWritten(terminal.takeWrites()), [3], 'the two kept rows are not written again');
    assert.deepEqual(terminal.lines(), ['one', 'two', '', '', '', '']);
  }
});

test('a full-width line keeps its last cell (no erase after it)', () => {
  const { terminal, writer } = setup(10, 3);
  writer.write('0123456789\nshort\n');
  assert.deepEqual(terminal.lines(), ['0123456789', 'short', '']);
  writer.write('abcdefghij\nshort\n');
  assert.deepEqual(terminal.lines(), ['abcdefghij', 'short', '']);
  // Wide characters count by their cells, not their code points.
  writer.write('界界界界界\nshort\n');
  assert.deepEqual(terminal.lines()[0], '界界界界界');
});

test('after invalidate() the next frame is written whole, over a cleared screen', () => {
  const { terminal, writer } = setup();
  writer.write('alpha\nbeta\ngamma\n');
  terminal.write('\x1b[5;1Hstray output'); // something else wrote on the screen
  terminal.takeWrites();
  writer.invalidate();
  writer.write('alpha\nbeta\ngamma\n');
  const output = terminal.takeWrites();
  assert.ok(output.includes('\x1b[2J'), 'cleared');
  assert.deepEqual(rowsWritten(output), [1, 2, 3]);
  assert.deepEqual(terminal.lines(), ['alpha', 'beta', 'gamma', '', '', '']);
});

test('repaint() writes the last frame again at once, whole (Ctrl-L)', () => {
  const { terminal, writer } = setup();
  writer.write('alpha\nbeta\n');
  terminal.write('\x1b[1;1Hgarbage\x1b[4;1Hmore garbage');
  terminal.takeWrites();
  writer.repaint();
  assert.deepEqual(rowsWritten(terminal.takeWrites()), [1, 2]);
  assert.deepEqual(terminal.lines(), ['alpha', 'beta', '', '', '', '']);
  // And the writer goes on diffing against that frame.
  writer.write('alpha\nBETA\n');
  assert.deepEqual(rowsWritten(terminal.takeWrites()), [2]);
});

test('repaint() before any frame writes nothing', () => {
  const { terminal, writer } = setup();
  writer.repaint();
  assert.equal(terminal.takeWrites(), '');
});

test('a narrower terminal: the resize repaints the frame whole over a cleared screen', () => {
  const terminal = new FakeTerminal(30, 6);
  const writer = new FrameWriter(terminal as unknown as NodeJS.WriteStream);
  const stream = frameStream(terminal as unknown as NodeJS.WriteStream, writer);
  let resized = 0;
  stream.on('resize', () => (resized += 1));
  stream.write('a line as wide as thirty cols\nsecond\nthird\n');
  terminal.takeWrites();
  terminal.resize(12, 4);
  assert.equal(resized, 1, 'Ink hears of the resize');
  assert.equal(stream.columns, 12);
  assert.equal(stream.rows, 4);
  // Ink renders again for the new width; the lines that did not change are written all the same.
  stream.write('a line as wi\nsecond\n');
  const output = terminal.takeWrites();
  assert.ok(output.includes('\x1b[2J'), 'cleared');
  assert.deepEqual(rowsWritten(output), [1, 2]);
  assert.deepEqual(terminal.lines(), ['a line as wi', 'second', '', '']);
});

test('a narrower, shorter terminal: the frame Ink still renders for the old size neither wraps nor scrolls', () => {
  // Ink answers the resize event with one more frame laid out for the old size (too wide, too many rows),
  // then the App renders for the new size; the lines the two share are not written again. The screen
  // must end up as a fresh start would draw it: no line lost, none twice.
  const terminal = new FakeTerminal(30, 8);
  const writer = new FrameWriter(terminal as unknown as NodeJS.WriteStream);
  const stream = frameStream(terminal as unknown as NodeJS.WriteStream, writer);
  const old = ['oomlens: a header 30 cols wide', 'MEM 96%', 'SWAP 100%', 'PSI n/a', 'zones n/a', '  PID USER', ' 1234 mysql', 'the footer of the old frame'];
  stream.write(old.join('\n') + '\n');
  terminal.resize(20, 5);
  stream.write(old.join('\n') + '\n');
  const fresh = ['oomlens: 20 cols', 'MEM 96%', 'SWAP 100%', 'PSI n/a', 'the footer'];
  stream.write(fresh.join('\n') + '\n');
  assert.deepEqual(terminal.lines(), fresh);
});

test('the stand-in stream takes Buffers too, and nothing is written after close()', () => {
  const { terminal, writer } = setup();
  const stream = frameStream(terminal as unknown as NodeJS.WriteStream, writer);
  assert.equal(stream.isTTY, true);
  stream.write(Buffer.from('from a buffer: é\n'));
  assert.equal(terminal.lines()[0], 'from a buffer: é');
  terminal.takeWrites();
  writer.close();
  stream.write('after close\n');
  writer.repaint();
  assert.equal(terminal.takeWrites(), '');
});
