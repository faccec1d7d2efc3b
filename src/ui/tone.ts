// A line of text with a tone: the unit every block of the screen is made of, and what --once prints.

export type Tone = 'normal' | 'warn' | 'bad' | 'dim';

/** How a tone is drawn; meaning is always in the words too, colour only reinforces it. */
export const TONE_COLOR: Readonly<Record<Tone, string | undefined>> = { normal: undefined, dim: undefined, warn: 'yellow', bad: 'red' };

export interface ToneLine {
  text: string;
  tone: Tone;
  /** Shorter forms of `text`, widest first, for a terminal too narrow for it: taken before a line is cut. */
  shorter?: readonly string[];
}

/** The widest of a line's forms that fits `columns` (the shortest when none does: the caller cuts it). */
export function formFor(line: ToneLine, columns: number): string {
  const forms = [line.text, ...(line.shorter ?? [])];
  return forms.find((text) => text.length <= columns) ?? forms.at(-1)!;
}
