// Ticks from a setTimeout chain, not setInterval: the next tick is scheduled only when the previous one
// has finished, so a slow scan on a dying box never piles up behind itself.

export interface Ticker {
  stop(): void;
}

/**
 * Calls `tick` now and then every `intervalMs`, measured from the start of each tick; a tick that
 * overruns is followed by a short breather rather than an immediate next tick.
 */
export function startTicker(intervalMs: number, tick: () => Promise<void> | void, now = () => performance.now()): Ticker {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const minimumGap = Math.min(50, intervalMs / 4);
  const run = async () => {
    const started = now();
    try {
      await tick();
    } finally {
      if (!stopped) {
        const delay = Math.max(minimumGap, intervalMs - (now() - started));
        timer = setTimeout(() => void run(), delay);
      }
    }
  };
  void run();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
