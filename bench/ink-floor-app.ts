// The smallest Ink program that does what oomlens's screen does once a second: 22 lines of coloured text
// in a column, redrawn every second. bench/ink-floor.ts builds it the way scripts/bundle.js builds oomlens
// (the same esbuild plugins) and starts it the way bin/oomlens starts oomlens (the same node flags, the
// same heap flags, the same trim after each tick), so its memory is what the stack costs before oomlens
// reads a single file.
import { Box, Text, render } from 'ink';
import { createElement as h, useEffect, useState } from 'react';
import { keepHeapSmall } from '../src/runtime/heap-flags.js';
import { trimHeapAfterTick } from '../src/runtime/heap-trim.js';

keepHeapSmall();

const ROWS = 22;

function Screen() {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      setTick((n) => n + 1);
      trimHeapAfterTick();
    }, 1000);
    return () => clearInterval(timer);
  }, []);
  const lines = Array.from({ length: ROWS }, (_, row) =>
    h(Text, { key: row, color: row % 3 === 0 ? 'red' : undefined, bold: row === 0 }, `${String(row).padStart(5)} ${String((tick * 7 + row * 13) % 1000).padStart(4)} ${'-'.repeat(60)}`),
  );
  return h(Box, { flexDirection: 'column' }, ...lines);
}

render(h(Screen));
