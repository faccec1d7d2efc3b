// The bottom line: key hints, the filter being typed, or a message.
import { Text } from 'ink';
import type { SortKey } from '../model/ranking/kill-order.js';
import { fit } from './lines/format.js';
import type { UiState } from './state/state.js';

export interface FooterProps {
  ui: UiState;
  shown: number;
  total: number;
  columns: number;
  message: string | null;
  readOnly?: boolean;
}

const SORT_LABEL: Record<SortKey, string> = { score: 'SCORE', rss: 'RSS', swap: 'SWAP', adj: 'ADJ', pid: 'PID', grow: 'GROW' };

/** Key hints, most useful first; "? help" and "q quit" are always kept, the rest as width allows. */
function hints(ui: UiState, columns: number, readOnly: boolean): string {
  const optional = [
    '↑↓ select',
    ...(readOnly ? [] : ['+ - = p e 0 u adj']),
    `s sort:${SORT_LABEL[ui.sort]}`,
    '/ filter',
    ui.showKernelThreads ? 'k hide kthreads' : 'k kthreads',
    `space ${ui.paused ? 'resume' : 'pause'}`,
  ];
  // Read-only is said even on the narrowest terminal: a key that does nothing must not look broken.
  const required = readOnly ? ['READ-ONLY', '? help', 'q quit'] : ['? help', 'q quit'];
  const kept: string[] = [];
  let width = required.join('  ').length;
  for (const hint of optional) {
    if (width + hint.length + 2 > columns) break;
    kept.push(hint);
    width += hint.length + 2;
  }
  return [...kept, ...required].join('  ');
}

export function footerText(props: Omit<FooterProps, 'columns'> & { columns: number }): string {
  const { ui } = props;
  if (ui.mode === 'filter') return `/${ui.filterDraft}▏  Enter keep · Esc clear   ${props.shown}/${props.total}`;
  if (ui.mode === 'adjust') return 'Enter write · + - p e 0 step · = exact value · Esc cancel';
  if (ui.mode === 'prompt') return 'type a value from -1000 to 1000 · Enter write · Esc cancel';
  if (ui.mode === 'confirm') return 'y confirm · any other key cancels';
  if (props.message) return props.message;
  const filter = ui.filter === '' ? '' : `filter "${ui.filter}" ${props.shown}/${props.total} · `;
  return filter + hints(ui, props.columns - filter.length, props.readOnly ?? false);
}

export function Footer(props: FooterProps) {
  return (
    <Text wrap="truncate" color={props.ui.mode === 'filter' ? 'cyan' : undefined} dimColor={props.ui.mode !== 'filter' && !props.message}>
      {fit(footerText(props), props.columns)}
    </Text>
  );
}
