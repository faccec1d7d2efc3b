// The bottom line: key hints, the filter being typed, or a message.
import { Text } from 'ink';
import type { SortKey } from '../model/ranking.js';
import { fit } from './format.js';
import type { UiState } from './state.js';

export interface FooterProps {
  ui: UiState;
  shown: number;
  total: number;
  columns: number;
  message: string | null;
}

const SORT_LABEL: Record<SortKey, string> = { score: 'SCORE', rss: 'RSS', swap: 'SWAP', adj: 'ADJ', pid: 'PID', grow: 'GROW' };

/** Key hints, most useful first; "? help" and "q quit" are always kept, the rest as width allows. */
function hints(ui: UiState, columns: number): string {
  const optional = [
    '↑↓ select',
    `s sort:${SORT_LABEL[ui.sort]}`,
    '/ filter',
    ui.showKernelThreads ? 'k hide kthreads' : 'k kthreads',
    `space ${ui.paused ? 'resume' : 'pause'}`,
  ];
  const required = ['? help', 'q quit'];
  const kept: string[] = [];
  let width = required.join('  ').length;
  for (const hint of optional) {
    if (width + hint.length + 2 > columns) break;
    kept.push(hint);
    width += hint.length + 2;
  }
  return [...kept, ...required].join('  ');
}

export function footerText(props: FooterProps): string {
  const { ui } = props;
  if (ui.mode === 'filter') return `/${ui.filterDraft}▏  Enter keep · Esc clear   ${props.shown}/${props.total}`;
  if (props.message) return props.message;
  const filter = ui.filter === '' ? '' : `filter "${ui.filter}" ${props.shown}/${props.total} · `;
  return filter + hints(ui, props.columns - filter.length);
}

export function Footer(props: FooterProps) {
  return (
    <Text wrap="truncate" color={props.ui.mode === 'filter' ? 'cyan' : undefined} dimColor={props.ui.mode !== 'filter' && !props.message}>
      {fit(footerText(props), props.columns)}
    </Text>
  );
}
