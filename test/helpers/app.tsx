// The live App wired as the runtime wires it: a snapshot store started over the test's source, stopped
// when the App exits or is unmounted (its tick loop would otherwise keep the test process alive).
import type { SnapshotSource } from '../../src/model/snapshot.js';
import { startSnapshotStore } from '../../src/runtime/snapshot-store.js';
import { App, type AppProps } from '../../src/ui/App.js';
import { renderAt, type Harness } from './ink-harness.js';

export type LiveAppProps = Omit<AppProps, 'feed'> & { source: SnapshotSource };

export function renderApp({ source, ...props }: LiveAppProps, columns: number, rows: number): Harness {
  const store = startSnapshotStore(source, props.intervalMs);
  const harness = renderAt(<App feed={store} {...props} />, columns, rows);
  void harness.exited().then(store.stop, store.stop);
  return {
    ...harness,
    unmount: () => {
      harness.unmount();
      store.stop();
    },
  };
}
