// The recording side of `oomlens explain`: the incident bundles of a recording directory (--dir, else the
// default one), loaded once, looked up per report. A recording without bundles is no error: every report
// then has an empty history; a --dir that is no recording at all is (explain.ts says so).
import { existsSync } from 'node:fs';
import { bundlesDir } from '../history/bundle-files.js';
import { samplesDir } from '../recorder/recording-store.js';
import { beforeLine, historyForReport } from '../model/recording/history-match.js';
import { recordedBundles } from '../recorder/recorded-bundles.js';
import type { IncidentBundle, VictimPoint } from '../model/recording/bundle.js';
import type { OomReport } from '../oom/types.js';

export interface RecordedHistory {
  history(report: OomReport): VictimPoint[];
  /** The text output's "Before" line, or null when there is nothing to say. */
  beforeLine(report: OomReport): string | null;
}

/** Whether `dir` holds a recording: `oomlens record` makes samples/ at start and bundles/ at the first kill. */
export function isRecordingDir(dir: string): boolean {
  return existsSync(samplesDir(dir)) || existsSync(bundlesDir(dir));
}

/** `explicit`: --dir was given, so "nothing recorded" is worth a line; the default directory stays quiet. */
export function loadRecordedHistory(dir: string, explicit: boolean): RecordedHistory {
  const bundles: IncidentBundle[] = [...recordedBundles(dir)].map(({ bundle }) => bundle);
  return {
    history: (report) => historyForReport(report, bundles),
    beforeLine: (report) => {
      if (report.victims.length === 0) return null;
      const history = historyForReport(report, bundles);
      return history.length > 0 || explicit ? beforeLine(history) : null;
    },
  };
}
