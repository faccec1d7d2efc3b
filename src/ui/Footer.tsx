// The bottom line: key hints, the filter being typed, or a message.
import { Text } from 'ink';
import type { SortKey } from '../model/ranking/kill-order.js';
import type { ReplayView } from '../model/recording/timeline.js';
import { fit } from './lines/format.js';
import type { UiState } from './state/state.js';

export interface FooterProps {
  ui: UiState;
  shown: number;
  total: number;
  columns: number;
  message: string | null;
  readOnly?: boolean;
  /** The OOM panel on screen: which report of how many (null: the panel is closed). */
  panel?: PanelPosition | null;
  /** `oomlens replay`: its keys replace pause (space plays). */
  replay?: ReplayView | null;
}

export interface PanelPosition {
  /** 0-based, oldest first. */
  index: number;
  count: number;
}

/**
 * The OOM panel's keys while it is open. At either end the arrow that has nowhere to go is replaced by
 * where the panel is ("oldest kill", "newest kill"), so a press that changes nothing is explained. In
 * replay ← → step the time cursor and the panel follows it ([ ] go kill to kill): only closing is its own.
 */
export function panelHints(panel: PanelPosition, replay = false): string {
  const close = 'o/Esc close';
  if (replay) return close;
  if (panel.count <= 1) return panel.count === 1 ? `the only kill  ${close}` : close;
  const older = panel.index <= 0 ? 'oldest kill' : '← older';
  const newer = panel.index >= panel.count - 1 ? 'newest kill' : '→ newer';
  return `${older}  ${newer}  ${close}`;
}

const SORT_LABEL: Record<SortKey, string> = { score: 'SCORE', rss: 'RSS', swap: 'SWAP', adj: 'ADJ', pid: 'PID', grow: 'GROW' };

/** Replay's keys (recorder/replay.ts): they are what the mode is for, so they are always shown. */
function replayHints(replay: ReplayView): string[] {
  return ['← → [ ] step', `space ${replay.playing ? 'stop' : 'play'}`, '< > speed'];
}

/** Key hints, most useful first; "? help" and "q quit" (and the OOM panel's keys) are always kept, the rest as width allows. */
function hints(ui: UiState, columns: number, readOnly: boolean, panel: PanelPosition | null, replay: ReplayView | null): string {
  const optional = [
    '↑↓ select',
    ...(readOnly ? [] : ['+ - = p e 0 u adj']),
    `s sort:${SORT_LABEL[ui.sort]}`,
    '/ filter',
    ui.showKernelThreads ? 'k hide kthreads' : 'k kthreads',
    ...(replay === null ? [`space ${ui.paused ? 'resume' : 'pause'}`] : []),
  ];
  // Read-only is said even on the narrowest terminal: a key that does nothing must not look broken.
  const required = [...(replay === null ? [] : replayHints(replay)), ...(readOnly ? ['READ-ONLY'] : []), '? help', 'q quit'];
  if (panel !== null) required.unshift(panelHints(panel, replay !== null));
  const kept: string[] = [];
  let width = required.join('  ').length;
  for (const hint of optional) {
    if (width + hint.length + 2 > columns) break;
    kept.push(hint);
    width += hint.length + 2;
  }
  // The panel's keys lead: they are what the open panel needs.
  return panel === null ? [...kept, ...required].join('  ') : [required[0], ...kept, ...required.slice(1)].join('  ');
}

/**
 * The cgroup view's keys for `columns`. The way back (c, or Esc when no panel is open), q and the open
 * panel's keys always stay; Enter's explanation is shortened first, then ↑↓ and s go, then Enter.
 */
export function cgroupFooterText(panel: PanelPosition | null, sortLabel: string, columns: number, replay = false): string {
  const required = panel === null ? ['c/Esc back', 'q quit'] : [panelHints(panel, replay), 'c back', 'q quit'];
  const select = '↑↓ select';
  const sort = `s sort:${sortLabel}`;
  const forms = [
    [select, sort, 'Enter: its kill list, ranked as its OOM would'],
    [select, sort, 'Enter: its kill list'],
    [sort, 'Enter: its kill list'],
    ['Enter: its kill list'],
    [],
  ];
  const lines = forms.map((optional) => (panel === null ? [...optional, ...required] : [required[0]!, ...optional, ...required.slice(1)]).join('  '));
  return lines.find((line) => line.length <= columns) ?? lines.at(-1)!;
}

export function footerText(props: Omit<FooterProps, 'columns'> & { columns: number }): string {
  const { ui } = props;
  if (ui.mode === 'filter') return `/${ui.filterDraft}▏  Enter keep · Esc clear   ${props.shown}/${props.total}`;
  if (ui.mode === 'adjust') return 'Enter write · + - p e 0 step · = exact value · Esc cancel';
  if (ui.mode === 'prompt') return 'type a value from -1000 to 1000 · Enter write · Esc cancel';
  if (ui.mode === 'confirm') return 'y confirm · any other key cancels';
  if (props.message) return props.message;
  const filter = ui.filter === '' ? '' : `filter "${ui.filter}" ${props.shown}/${props.total} · `;
  return filter + hints(ui, props.columns - filter.length, props.readOnly ?? false, props.panel ?? null, props.replay ?? null);
}

export function Footer(props: FooterProps) {
  return (
    <Text wrap="truncate" color={props.ui.mode === 'filter' ? 'cyan' : undefined} dimColor={props.ui.mode !== 'filter' && !props.message}>
      {fit(footerText(props), props.columns)}
    </Text>
  );
}
