// A recording's incident bundles, read back. Replay, `explain --dir` and the live TUI (its kills from
// before the start) all list a recording's bundle files, read each and keep those that are bundles: here.
import { bundlesDir, listBundleFiles, readBundleFile } from '../history/bundle-files.js';
import type { IncidentBundle } from '../model/recording/bundle.js';
import { asIncidentBundle } from '../model/recording/history-match.js';

export interface RecordedBundle {
  bundle: IncidentBundle;
  path: string;
}

/**
 * The bundles of the recording in `recordingDir`, oldest first, from its newest `newest` files; a file
 * that is not a bundle is left out. One at a time: a caller can let the event loop in between.
 */
export function* recordedBundles(recordingDir: string, newest = Infinity): Generator<RecordedBundle> {
  for (const path of listBundleFiles(bundlesDir(recordingDir)).slice(-newest)) {
    const bundle = asIncidentBundle(readBundleFile(path));
    if (bundle !== null) yield { bundle, path };
  }
}
