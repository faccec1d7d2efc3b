// Injected by scripts/bundle.js: every `Intl.Segmenter` in the bundle (string-width, slice-ansi,
// @alcalzone/ansi-tokenize) becomes the lazy one (src/text/fast-graphemes.ts says why).
export { LazySegmenter as 'Intl.Segmenter' } from '../src/text/fast-graphemes.ts';

// And every `performance` (React's scheduler, Ink's render timing, our sampler, ticker and kernel-log
// poller: each calls only performance.now()) becomes this object. Node 20's global `performance` is a
// getter that loads perf_hooks on first touch, 9 modules (internal/perf/*, histogram), and the scheduler
// touches it when it loads. now() is the same clock: monotonic, in ms with sub-ms fraction, from an
// origin taken at start; process.hrtime() measured no slower than performance.now() (50-80 vs 65-100
// ns a call). Anything else asked of it (timeOrigin, mark, ...) comes from the real one, loaded then.
const [originSeconds, originNanos] = process.hrtime();
const realPerformance = new Proxy({}, {
  get: (_target, key) => {
    const value = globalThis.performance[key];
    return typeof value === 'function' ? value.bind(globalThis.performance) : value;
  },
});
const bundlePerformance = Object.create(realPerformance, {
  now: {
    value: function now() {
      const [seconds, nanos] = process.hrtime();
      return (seconds - originSeconds) * 1e3 + (nanos - originNanos) / 1e6;
    },
  },
});
export { bundlePerformance as performance };
