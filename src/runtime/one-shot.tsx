// --once and --json: two samples `interval` apart (so that rates are real), then one frame or one JSON
// object on stdout.
import { renderToString } from 'ink';
import { NO_COUNTER, trackOomCounter } from '../model/oom-counter.js';
import type { HostFacts, Snapshot } from '../model/snapshot.js';
import { Screen } from '../ui/Screen.js';
import { INITIAL_STATE } from '../ui/state.js';
import type { SnapshotSource } from '../ui/use-snapshots.js';
import { snapshotToJson } from './json-snapshot.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function twoSamples(source: SnapshotSource, intervalMs: number): Promise<Snapshot> {
  await source.next();
  await sleep(intervalMs);
  return source.next();
}

export function renderPlainFrame(snapshot: Snapshot, host: HostFacts, columns: number, intervalMs: number): string {
  const oomCounter = trackOomCounter(NO_COUNTER, snapshot.oomKills, snapshot.monotonicMs);
  const listRows = snapshot.processes.length;
  return renderToString(
    <Screen
      snapshot={snapshot}
      host={host}
      ui={INITIAL_STATE}
      layout={{ columns, height: listRows + 4, headerLines: 2, listRows, tooSmall: false }}
      intervalMs={intervalMs}
      oomCounter={oomCounter}
      nowMs={snapshot.monotonicMs}
      color={false}
      top={0}
      message={null}
      interactive={false}
    />,
    { columns },
  );
}

export function renderJson(snapshot: Snapshot, host: HostFacts): string {
  return JSON.stringify(snapshotToJson(snapshot, host), null, 2);
}
