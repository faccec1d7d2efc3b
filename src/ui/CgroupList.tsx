// The cgroup view: memory cgroups nearest their limit first, one pre-padded line each. A cgroup OOM means
// one service's budget is too tight; a global OOM means the box is. This view shows the cgroups' walls.
import { Text } from 'ink';
import { cgroupKey } from '../cgroupfs/memory-cgroup.js';
import { oomKillCounter } from '../model/incidents/cgroup-oom-ticks.js';
import { usageOfLimit } from '../model/ranking/cgroup-ranking.js';
import type { MemoryCgroup } from '../cgroupfs/memory-cgroup.js';
import { fit } from './lines/format.js';
import { formatKbCompact } from '../text/units.js';
import { gaugeBar } from './lines/gauges.js';

export interface CgroupListProps {
  cgroups: readonly MemoryCgroup[];
  selectedKey: string | null;
  selectedHint: number;
  top: number;
  height: number;
  columns: number;
  color: boolean;
  /** Why the list is empty (no hierarchy, nothing limited). */
  emptyText: string;
}

const BAR_WIDTH = 12;

/** Keeps the end of a long path, where the unit or container name is: "…/kubepods/pod1234/abcd". */
export function fitPathEnd(path: string, width: number): string {
  if (path.length <= width) return fit(path, width);
  return fit(`…${path.slice(path.length - width + 1)}`, width);
}

export function cgroupHeaderLine(columns: number): string {
  const fixed = `${fit('USAGE', 5, 'right')} ${fit('LIMIT', 5, 'right')} ${fit('USE', BAR_WIDTH + 5)} ${fit('SWAP', 5, 'right')} ${fit('OOM', 4, 'right')} ${fit('PSI', 5, 'right')} V `;
  return fixed + fit('CGROUP', Math.max(1, columns - fixed.length));
}

export function cgroupLine(cgroup: MemoryCgroup, columns: number): string {
  const fraction = usageOfLimit(cgroup);
  const use = fraction === null ? fit('', BAR_WIDTH + 5) : `${gaugeBar(fraction, BAR_WIDTH)} ${fit(`${Math.round(fraction * 100)}%`, 4, 'right')}`;
  // The counter the header's cgroup kill line reads: the cgroup's own kills where the kernel has it.
  const kills = oomKillCounter(cgroup);
  const oom = kills === null ? '-' : String(kills);
  const psi = cgroup.pressure === null ? '-' : cgroup.pressure.some.avg10.toFixed(1);
  const fixed = [
    fit(formatKbCompact(cgroup.usageKb), 5, 'right'),
    fit(cgroup.limitKb === null ? 'max' : formatKbCompact(cgroup.limitKb), 5, 'right'),
    use,
    fit(formatKbCompact(cgroup.swapKb), 5, 'right'),
    fit(cgroup.underOom ? `${oom}!` : oom, 4, 'right'),
    fit(psi, 5, 'right'),
    String(cgroup.version),
    '',
  ].join(' ');
  return fixed + fitPathEnd(cgroup.path, Math.max(1, columns - fixed.length));
}

function tone(cgroup: MemoryCgroup): string | undefined {
  const fraction = usageOfLimit(cgroup);
  if (cgroup.underOom || (fraction !== null && fraction >= 0.95)) return 'red';
  return fraction !== null && fraction >= 0.8 ? 'yellow' : undefined;
}

export function CgroupList(props: CgroupListProps) {
  const gutter = props.color ? 0 : 1;
  const width = props.columns - gutter;
  const found = props.cgroups.findIndex((c) => cgroupKey(c) === props.selectedKey);
  const selected = found >= 0 ? found : Math.min(props.selectedHint, props.cgroups.length - 1);
  const window = props.cgroups.slice(props.top, props.top + props.height);
  const blank = ' '.repeat(props.columns);
  return (
    <>
      <Text inverse bold wrap="truncate">{' '.repeat(gutter) + cgroupHeaderLine(width)}</Text>
      {window.length === 0 ? <Text dimColor>{fit(props.emptyText, props.columns)}</Text> : null}
      {window.map((cgroup, offset) => {
        const isSelected = props.top + offset === selected;
        const mark = gutter === 0 ? '' : isSelected ? '>' : ' ';
        return (
          <Text key={cgroupKey(cgroup)} wrap="truncate" inverse={isSelected} color={isSelected ? undefined : tone(cgroup)}>
            {mark + cgroupLine(cgroup, width)}
          </Text>
        );
      })}
      {Array.from({ length: Math.max(0, props.height - Math.max(1, window.length)) }, (_, i) => (
        <Text key={`pad-${i}`}>{blank}</Text>
      ))}
    </>
  );
}
