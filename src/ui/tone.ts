// A line of text with a tone: the unit every block of the screen is made of, and what --once prints.

export type Tone = 'normal' | 'warn' | 'bad' | 'dim';

/** How a tone is drawn; meaning is always in the words too, colour only reinforces it. */
export const TONE_COLOR: Readonly<Record<Tone, string | undefined>> = { normal: undefined, dim: undefined, warn: 'yellow', bad: 'red' };

export interface ToneLine {
  text: string;
  tone: Tone;
}
