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

const SORT_LABEL: Record<SortKey, string> = { score: 'SCORE', rss: 'RSS', swap: 'SWAP', adj: 'ADJ', pid: 'PID' };

export function footerText(props: Omit<FooterProps, 'columns'>): string {
  const { ui } = props;
  if (ui.mode === 'filter') return `/${ui.filterDraft}▏  Enter keep · Esc clear   ${props.shown}/${props.total}`;
  if (props.message) return props.message;
  const filter = ui.filter === '' ? '' : ` filter "${ui.filter}" ${props.shown}/${props.total} ·`;
  const kernel = ui.showKernelThreads ? 'k hide kthreads' : 'k kthreads';
  return `${filter} ↑↓ select  s sort:${SORT_LABEL[ui.sort]}  / filter  ${kernel}  space ${ui.paused ? 'resume' : 'pause'}  ? help  q quit`.trimStart();
}

export function Footer(props: FooterProps) {
  return (
    <Text wrap="truncate" color={props.ui.mode === 'filter' ? 'cyan' : undefined} dimColor={props.ui.mode !== 'filter' && !props.message}>
      {fit(footerText(props), props.columns)}
    </Text>
  );
}
