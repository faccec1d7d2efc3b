// Fast paths for the text oomlens draws, put in front of Ink's text measuring by the bundle
// (scripts/bundle.js). Ink measures and splits every line of every frame with string-width and
// Intl.Segmenter; on the first frame that cost ~65 ms of the main thread (profiled), and an ICU grapheme
// segmenter and the `\p{RGI_Emoji}` regular expression hold ~4 MB of memory (measured with smaps_rollup)
// for lines that are ASCII plus a few box-drawing, block, arrow and punctuation characters.
//
// Both fast paths cover code units that are each a grapheme of their own, whatever their neighbours, and
// hand anything else (combining marks, emoji sequences, Hangul jamo, CJK, surrogates, CR, zero-width and
// format characters) to the real implementation, created only then. test/text/fast-graphemes.test.ts
// holds them equal to string-width and Intl.Segmenter over every covered code point and random strings.

/**
 * Code units that form a grapheme cluster alone in any context (Unicode UAX #29: Grapheme_Cluster_Break
 * Other or Control, no Extend, ZWJ, SpacingMark, Prepend, Regional_Indicator or Hangul, and not CR, which
 * joins a following LF): C0 and Latin-1 controls, Latin up to the combining diacritics (U+0300), general
 * punctuation without its zero-width and format characters, super/subscripts and currency signs, and
 * U+2100-U+2BFF (letterlike symbols, arrows, mathematical operators, technical symbols, box drawing,
 * block elements, geometric shapes, dingbats).
 */
export function isStandaloneUnit(code: number): boolean {
  if (code < 0x300) return code !== 0x0d;
  return (code >= 0x2010 && code <= 0x2027) || (code >= 0x2030 && code <= 0x205e) || (code >= 0x2070 && code <= 0x20cf) || (code >= 0x2100 && code <= 0x2bff);
}

/** Standalone code units that are visible (no control, no soft hyphen): their width is their East Asian width. */
function hasPlainWidth(code: number): boolean {
  if (code < 0x300) return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code !== 0xad);
  return isStandaloneUnit(code);
}

export interface StringWidthOptions {
  ambiguousIsNarrow?: boolean;
  countAnsiEscapeCodes?: boolean;
}

export type StringWidth = (input: string, options?: StringWidthOptions) => number;
type EastAsianWidth = (codePoint: number, options?: { ambiguousAsWide?: boolean }) => number;

/**
 * string-width with a fast path: after stripping escape sequences (as string-width does), a string made
 * only of plain-width units is measured unit by unit with get-east-asian-width, which is what string-width
 * does for each of them once its segmenter and regular expressions have looked. Anything else goes to the
 * real one, which `loadReal` loads on first use: string-width 8 builds `/^\p{RGI_Emoji}$/v` when it is
 * loaded, 23 ms of start-up (measured in node 20) for text oomlens rarely shows.
 */
export function createFastStringWidth(loadReal: () => StringWidth, stripAnsi: (text: string) => string, eastAsianWidth: EastAsianWidth): StringWidth {
  const narrow = { ambiguousAsWide: false };
  const wide = { ambiguousAsWide: true };
  let loaded: StringWidth | null = null;
  const real: StringWidth = (input, options) => (loaded ??= loadReal())(input, options);
  return (input, options) => {
    if (typeof input !== 'string' || input.length === 0) return 0;
    if (options?.countAnsiEscapeCodes === true) return real(input, options);
    const text = input.includes('\u001B') || input.includes('\u009B') ? stripAnsi(input) : input;
    const eastAsian = options?.ambiguousIsNarrow === false ? wide : narrow;
    let width = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code >= 0x20 && code <= 0x7e) width += 1;
      else if (hasPlainWidth(code)) width += eastAsianWidth(code, eastAsian);
      else return real(input, options);
    }
    return width;
  };
}

interface Segment {
  segment: string;
  index: number;
  input: string;
}

/** What Intl.Segmenter's segment() returns (Intl.Segments): iterable, and `containing(index)`. */
export interface Segments extends Iterable<Segment> {
  containing(index?: number): Segment | undefined;
}

function* standaloneSegments(input: string): Generator<Segment> {
  for (let index = 0; index < input.length; index++) yield { segment: input[index]!, index, input };
}

/** Segments of a string of standalone units: one per code unit. */
function standalone(input: string): Segments {
  return {
    [Symbol.iterator]: () => standaloneSegments(input),
    containing(at = 0) {
      // As Intl.Segments.containing: the index truncated toward zero; out of range (or NaN) is undefined.
      const index = Math.trunc(Number(at)) || 0;
      return index >= 0 && index < input.length ? { segment: input[index]!, index, input } : undefined;
    },
  };
}

function allStandalone(input: string): boolean {
  for (let index = 0; index < input.length; index++) if (!isStandaloneUnit(input.charCodeAt(index))) return false;
  return true;
}

/**
 * Intl.Segmenter for grapheme granularity (the only one Ink's libraries ask for) that splits a string of
 * standalone units itself and creates the ICU segmenter only for the first string that needs it. Other
 * granularities get the ICU segmenter at once. The bundle injects it in place of Intl.Segmenter.
 */
export class LazySegmenter {
  private real: Intl.Segmenter | null = null;
  private readonly graphemes: boolean;

  constructor(
    private readonly locales?: string | string[],
    private readonly options?: Intl.SegmenterOptions,
  ) {
    this.graphemes = (options?.granularity ?? 'grapheme') === 'grapheme';
    if (!this.graphemes) this.real = this.icu();
  }

  segment(input: string): Segments {
    const text = String(input);
    if (this.graphemes && allStandalone(text)) return standalone(text);
    return (this.real ??= this.icu()).segment(text);
  }

  resolvedOptions(): Intl.ResolvedSegmenterOptions {
    return (this.real ??= this.icu()).resolvedOptions();
  }

  private icu(): Intl.Segmenter {
    // Not written `Intl.Segmenter`: the bundle replaces that expression with this class.
    const Segmenter = Reflect.get(Intl, 'Segmenter') as typeof Intl.Segmenter;
    return new Segmenter(this.locales, this.options);
  }
}
