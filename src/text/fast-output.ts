// Ink 6.8's Output (node_modules/ink/build/output.js), the grid every frame is drawn into, with the same
// results and a fraction of the garbage; the bundle puts it in Ink's place (scripts/bundle-plugins.js).
// Ink's get() builds a grid of cell objects, turns each written line into token and styled-character
// objects (a copy of the style list per character), then diffs the styles of every pair of neighbouring
// cells with three Sets and a few arrays: about 3.5 MB allocated per frame at 80x24, half of all the TUI
// allocates, and V8's old generation grows with it between full collections (docs/performance.md).
//
// Here a style list is interned once as a StyleState, and the ANSI text between two states is computed
// once, by the same ansi-tokenize functions Ink calls, then looked up. A written line is parsed once
// (Ink's tokenize) into its characters, their widths and states, and kept while the frames use it. A row
// is two arrays (values, states) instead of a row of objects, and the next frame fills the same arrays.
// What is computed is Ink's: the same clipping (slice-ansi, string-width), the same transformers, the
// same cells overwritten in the same order, the same style transitions; test/text/fast-output.test.ts
// holds it equal to Ink's Output on random writes, and test/ui/fast-output-frames.test.tsx on the UI's
// own frames.

import { OutputCache, type OutputParts, type StyleState } from './fast-output-cache.js';

export type { OutputParts } from './fast-output-cache.js';

export type OutputTransformer = (line: string, index: number) => string;

export interface Clip {
  x1: number | undefined;
  x2: number | undefined;
  y1: number | undefined;
  y2: number | undefined;
}

type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: OutputTransformer[] }
  | { type: 'clip'; clip: Clip }
  | { type: 'unclip' };

interface Row {
  values: string[];
  states: StyleState[];
}

export interface OutputClass {
  new (options: { width: number; height: number }): {
    width: number;
    height: number;
    write(x: number, y: number, text: string, options: { transformers: OutputTransformer[] }): void;
    clip(clip: Clip): void;
    unclip(): void;
    get(): { output: string; height: number };
  };
}

/** Ink's Output class, built over `parts`; one cache serves every instance (Ink makes one per frame). */
export function createOutputClass(parts: OutputParts): OutputClass {
  let cache = new OutputCache(parts);
  /** The last frame's rows, filled again by the next: the grid is not garbage every frame. */
  let spareRows: Row[] = [];
  const widestLine = (text: string) => {
    let width = 0;
    for (const line of text.split('\n')) width = Math.max(width, parts.stringWidth(line));
    return width;
  };

  return class Output {
    width: number;
    height: number;
    private readonly operations: Operation[] = [];

    constructor(options: { width: number; height: number }) {
      this.width = options.width;
      this.height = options.height;
    }

    write(x: number, y: number, text: string, options: { transformers: OutputTransformer[] }): void {
      if (!text) return;
      this.operations.push({ type: 'write', x, y, text, transformers: options.transformers });
    }

    clip(clip: Clip): void {
      this.operations.push({ type: 'clip', clip });
    }

    unclip(): void {
      this.operations.push({ type: 'unclip' });
    }

    get(): { output: string; height: number } {
      if (cache.full) cache = new OutputCache(parts);
      const grid: Row[] = [];
      for (let y = 0; y < this.height; y++) {
        const row = spareRows.pop() ?? { values: [], states: [] };
        let cells = 0;
        for (let x = 0; x < this.width; x++, cells++) {
          row.values[cells] = ' ';
          row.states[cells] = cache.empty;
        }
        // What the last frame wrote past its width (Ink grows a row for it) is not this frame's.
        row.values.length = cells;
        row.states.length = cells;
        grid.push(row);
      }
      const clips: Clip[] = [];
      for (const operation of this.operations) {
        if (operation.type === 'clip') clips.push(operation.clip);
        else if (operation.type === 'unclip') clips.pop();
        else writeOperation(grid, operation, clips.at(-1));
      }
      let output = '';
      for (let y = 0; y < grid.length; y++) {
        if (y > 0) output += '\n';
        output += rowText(grid[y]!);
      }
      cache.endFrame();
      spareRows = grid;
      return { output, height: grid.length };
    }
  };

  /** Ink's get() for one write operation, clipping included, line for line. */
  function writeOperation(grid: Row[], operation: Extract<Operation, { type: 'write' }>, clip: Clip | undefined): void {
    const { text, transformers } = operation;
    let { x, y } = operation;
    let lines = text.split('\n');
    if (clip) {
      const clipHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
      const clipVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
      if (clipHorizontally) {
        const width = widestLine(text);
        if (x + width < clip.x1! || x > clip.x2!) return;
      }
      if (clipVertically) {
        if (y + lines.length < clip.y1! || y > clip.y2!) return;
      }
      if (clipHorizontally) {
        const x1 = clip.x1!;
        const x2 = clip.x2!;
        const left = x;
        lines = lines.map((line) => {
          const from = left < x1 ? x1 - left : 0;
          const width = parts.stringWidth(line);
          const to = left + width > x2 ? x2 - left : width;
          return parts.sliceAnsi(line, from, to);
        });
        if (x < x1) x = x1;
      }
      if (clipVertically) {
        const y1 = clip.y1!;
        const from = y < y1 ? y1 - y : 0;
        const height = lines.length;
        const to = y + height > clip.y2! ? clip.y2! - y : height;
        lines = lines.slice(from, to);
        if (y < y1) y = y1;
      }
    }
    let offsetY = 0;
    for (let index = 0; index < lines.length; index++) {
      // Ink: a row outside the grid is skipped without moving on to the next row.
      const row = grid[y + offsetY];
      if (!row) continue;
      let line = lines[index]!;
      for (const transformer of transformers) line = transformer(line, index);
      const parsed = cache.line(line);
      let offsetX = x;
      for (let char = 0; char < parsed.values.length; char++) {
        const state = parsed.states[char]!;
        row.values[offsetX] = parsed.values[char]!;
        row.states[offsetX] = state;
        const width = parsed.widths[char]!;
        // A wide character's other cells are emptied, in its style (Ink: value '').
        for (let cell = 1; cell < width; cell++) {
          row.values[offsetX + cell] = '';
          row.states[offsetX + cell] = state;
        }
        offsetX += width;
      }
      offsetY++;
    }
  }

  /** styledCharsToString(row without its holes).trimEnd(), with the transitions looked up. */
  function rowText(row: Row): string {
    let text = '';
    let previous: StyleState | null = null;
    for (let x = 0; x < row.values.length; x++) {
      const value = row.values[x];
      if (value === undefined) continue;
      const state = row.states[x]!;
      text += previous === null ? state.open : cache.transition(previous, state);
      text += value;
      previous = state;
    }
    if (previous !== null) text += previous.close;
    return text.trimEnd();
  }
}
