// Text helpers for the OOM panel (oom-panel-lines.ts): a labelled line wrapped under its label instead of
// cut, and the panel's last line, which says what the screen's footer does not (kills against reports,
// where the report was saved) in a shorter form before it wraps. Pure.
import type { Incident, OomSession } from '../../model/incidents/types.js';
import { wrapText } from '../../text/wrap.js';

/** The width of the panel's labels: `  Trigger  `, `  Before   `. */
const LABEL_WIDTH = 11;

/** A line `  Label    text…` in `width`: whole when it fits, else wrapped with the text under the text. */
export function labelledLines(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const label = text.slice(0, LABEL_WIDTH);
  const indent = ' '.repeat(LABEL_WIDTH);
  return wrapText(text.slice(LABEL_WIDTH), indent, width).map((line, index) => (index === 0 ? label + line.slice(LABEL_WIDTH) : line));
}

/**
 * The panel's last lines: kills against reports, where the report was saved (the whole path, else its file
 * name), why it was not. The keys (←→, o, Esc) are the screen's footer's. Empty when there is nothing to say.
 */
export function panelFooterLines(session: OomSession, incident: Incident | null, width: number): string[] {
  const saved = incident?.savedPath ?? null;
  const savedForms = saved === null ? [''] : [`saved ${saved}`, `saved …/${saved.slice(saved.lastIndexOf('/') + 1)}`];
  const notSaved = incident?.saveError ? `not saved: ${incident.saveError}` : '';
  const texts = savedForms.map((savedText) => [session.killsVsReports ?? '', savedText, notSaved].filter((part) => part !== '').join(' · '));
  const one = texts.find((text) => text.length <= width);
  if (one !== undefined) return one === '' ? [] : [one];
  return wrapText(texts.at(-1)!, '  ', width);
}
