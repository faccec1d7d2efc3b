// Injected by scripts/bundle.js: every `Intl.Segmenter` in the bundle (string-width, slice-ansi,
// @alcalzone/ansi-tokenize) becomes the lazy one (src/text/fast-graphemes.ts says why).
export { LazySegmenter as 'Intl.Segmenter' } from '../src/text/fast-graphemes.ts';
