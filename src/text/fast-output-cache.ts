// The part of src/text/fast-output.ts's Output that outlives a frame: style lists interned as StyleStates
// with the ANSI text between any two computed once (by the ansi-tokenize functions Ink's output.js calls),
// and written lines parsed once into characters, widths and states. fast-output.ts has the why and the
// figures.
import { isStandaloneUnit } from './fast-graphemes.js';

export interface AnsiCode {
  type: 'ansi';
  code: string;
  endCode: string;
}

interface Char {
  type: 'char';
  value: string;
  fullWidth: boolean;
}

export type Token = AnsiCode | Char;

/** What Ink's output.js imports: ansi-tokenize's functions, slice-ansi and string-width. */
export interface OutputParts {
  tokenize: (text: string) => Token[];
  reduceAnsiCodesIncremental: (codes: AnsiCode[], newCodes: AnsiCode[]) => AnsiCode[];
  diffAnsiCodes: (from: AnsiCode[], to: AnsiCode[]) => AnsiCode[];
  ansiCodesToString: (codes: AnsiCode[]) => string;
  sliceAnsi: (text: string, start: number, end?: number) => string;
  stringWidth: (text: string) => number;
}

/** One reduced style list (what Ink keeps per cell as `styles`), with the text into and out of it. */
export class StyleState {
  /** ansiCodesToString(codes): what the first cell of a row opens with. */
  readonly open: string;
  /** ansiCodesToString(diffAnsiCodes(codes, [])): what a row closes with after its last cell. */
  readonly close: string;
  /** The state after one more ANSI code, by that code (its end code follows from it). */
  readonly after = new Map<string, StyleState>();
  /** ansiCodesToString(diffAnsiCodes(codes, to.codes)), by `to`. */
  readonly into = new Map<StyleState, string>();

  constructor(readonly codes: AnsiCode[], parts: OutputParts) {
    this.open = parts.ansiCodesToString(codes);
    this.close = parts.ansiCodesToString(parts.diffAnsiCodes(codes, []));
  }
}

const ESC = 0x1b;
const CSI_8BIT = 0x9b;

/**
 * The index of the `m` ending the SGR sequence at `start` (ESC [ digits and semicolons m), or -1: where
 * ansi-tokenize's findSGRSequenceEndIndex finds none, its tokenize() takes the ESC as a character.
 */
function sgrEnd(text: string, start: number): number {
  if (text.charCodeAt(start + 1) !== 0x5b) return -1;
  for (let index = start + 2; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x6d) return index;
    if (code !== 0x3b && (code < 0x30 || code > 0x39)) return -1;
  }
  return -1;
}

/** A written line, tokenized: per character its text, its width in cells (at least 1) and its style. */
export interface ParsedLine {
  values: string[];
  widths: number[];
  states: StyleState[];
}

/**
 * Past this many distinct style lists (oomlens draws a few dozen) or transitions between them, everything
 * interned is dropped and built again, so text full of ever-new colours cannot grow the tables without bound.
 */
const MAX_STATES = 4096;
const MAX_TRANSITIONS = 65_536;

/** The interned styles and parsed lines that outlive one frame. */
export class OutputCache {
  private readonly states = new Map<string, StyleState>();
  readonly empty: StyleState;
  /** Lines parsed for this frame and the one before; a line neither used is dropped. */
  private lines = new Map<string, ParsedLine>();
  private previousLines = new Map<string, ParsedLine>();

  constructor(private readonly parts: OutputParts) {
    this.empty = this.intern([]);
  }

  private transitions = 0;
  /** The ANSI tokens of one SGR sequence, by its text. */
  private readonly sgr = new Map<string, AnsiCode[]>();

  get full(): boolean {
    return this.states.size > MAX_STATES || this.sgr.size > MAX_STATES || this.transitions > MAX_TRANSITIONS;
  }

  private intern(codes: AnsiCode[]): StyleState {
    const key = JSON.stringify(codes.map((code) => [code.code, code.endCode]));
    let state = this.states.get(key);
    if (state === undefined) {
      state = new StyleState(codes, this.parts);
      this.states.set(key, state);
    }
    return state;
  }

  /** styledCharsFromTokens's reduction, one code at a time, from interned state to interned state. */
  private after(state: StyleState, token: AnsiCode): StyleState {
    let next = state.after.get(token.code);
    if (next === undefined) {
      next = this.intern(this.parts.reduceAnsiCodesIncremental(state.codes, [token]));
      state.after.set(token.code, next);
    }
    return next;
  }

  transition(from: StyleState, to: StyleState): string {
    let text = from.into.get(to);
    if (text === undefined) {
      text = this.parts.ansiCodesToString(this.parts.diffAnsiCodes(from.codes, to.codes));
      from.into.set(to, text);
      this.transitions++;
    }
    return text;
  }

  line(text: string): ParsedLine {
    let parsed = this.lines.get(text);
    if (parsed !== undefined) return parsed;
    parsed = this.previousLines.get(text) ?? this.parse(text);
    this.lines.set(text, parsed);
    return parsed;
  }

  /** Ends a frame: the lines it used are kept for the next one. */
  endFrame(): void {
    this.previousLines = this.lines;
    this.lines = new Map();
  }

  private parse(text: string): ParsedLine {
    return this.parsePlain(text) ?? this.parseAny(text);
  }

  /**
   * Most lines oomlens draws: SGR sequences and characters that are each a grapheme alone in any context
   * (text/fast-graphemes.ts). There tokenize() yields each character as itself and, at each ESC (a
   * grapheme boundary on both sides), the tokens of that SGR sequence alone, which are looked up here.
   * Anything else (another escape, a link, a mark that could join the final `m`) is null: parseAny.
   */
  private parsePlain(text: string): ParsedLine | null {
    const parsed: ParsedLine = { values: [], widths: [], states: [] };
    let state = this.empty;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === ESC) {
        const end = sgrEnd(text, index);
        if (end === -1) return null;
        for (const token of this.sgrTokens(text.slice(index, end + 1))) state = this.after(state, token);
        index = end;
      } else if (code !== CSI_8BIT && isStandaloneUnit(code)) {
        this.addChar(parsed, text[index]!, state);
      } else {
        return null;
      }
    }
    return parsed;
  }

  private sgrTokens(sequence: string): AnsiCode[] {
    let tokens = this.sgr.get(sequence);
    if (tokens === undefined) {
      tokens = this.parts.tokenize(sequence).filter((token): token is AnsiCode => token.type === 'ansi');
      this.sgr.set(sequence, tokens);
    }
    return tokens;
  }

  private parseAny(text: string): ParsedLine {
    const parsed: ParsedLine = { values: [], widths: [], states: [] };
    let state = this.empty;
    for (const token of this.parts.tokenize(text)) {
      if (token.type === 'ansi') {
        state = this.after(state, token);
      } else if (token.type === 'char') {
        this.addChar(parsed, token.value, state);
      }
    }
    return parsed;
  }

  private addChar(parsed: ParsedLine, value: string, state: StyleState): void {
    parsed.values.push(value);
    // Ink: Math.max(1, getStringWidth(character.value)), the printed width of the grapheme.
    parsed.widths.push(Math.max(1, this.parts.stringWidth(value)));
    parsed.states.push(state);
  }
}
