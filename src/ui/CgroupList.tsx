// The cgroup view: memory cgroups nearest their limit first (or soonest to reach it, or fastest growing:
// `s`), one pre-padded line each. A cgroup OOM means one service's budget is too tight; a global OOM means
// the box is. This view shows the cgroups' walls, how fast each approaches its own, and what already hit.
import { Text } from 'ink';
import { cgroupKey } from '../cgroupfs/memory-cgroup.js';
import type { MemoryCgroup } from '../cgroupfs/memory-cgroup.js';
import type { CgroupForecast } from '../model/forecast/types.js';
import { usageOfLimit } from '../model/ranking/cgroup-ranking.js';
import { cgroupColumnsFor, cgroupHeaderLine, cgroupLine, isThrottled } from './lines/cgroup-columns.js';
import { fit } from './lines/format.js';

export interface CgroupListProps {
  cgroups: readonly MemoryCgroup[];
  /** Each cgroup's forecast (snapshot.forecast.cgroups), matched by key. */
  forecasts: readonly CgroupForecast[];
  selectedKey: string | null;
  selectedHint: number;
  top: number;
  height: number;
  columns: number;
  color: boolean;
  /** Why the list is empty (no hierarchy, nothing limited). */
  emptyText: string;
}

/** Under this many seconds to its limit a cgroup is drawn red; under an hour, yellow. */
const SOON_SECONDS = 300;
const WITHIN_THE_HOUR = 3600;

function tone(cgroup: MemoryCgroup, forecast: CgroupForecast | undefined): string | undefined {
  const fraction = usageOfLimit(cgroup);
  const eta = forecast?.etaSeconds ?? null;
  if (cgroup.underOom || (fraction !== null && fraction >= 0.95) || (eta !== null && eta < SOON_SECONDS)) return 'red';
  const near = (fraction !== null && fraction >= 0.8) || (eta !== null && eta < WITHIN_THE_HOUR);
  return near || isThrottled(cgroup) ? 'yellow' : undefined;
}

export function CgroupList(props: CgroupListProps) {
  const gutter = props.color ? 0 : 1;
  const width = props.columns - gutter;
  const columns = cgroupColumnsFor(width);
  const forecasts = new Map(props.forecasts.map((forecast) => [forecast.key, forecast]));
  const found = props.cgroups.findIndex((c) => cgroupKey(c) === props.selectedKey);
  const selected = found >= 0 ? found : Math.min(props.selectedHint, props.cgroups.length - 1);
  const window = props.cgroups.slice(props.top, props.top + props.height);
  const blank = ' '.repeat(props.columns);
  return (
    <>
      <Text inverse bold wrap="truncate">{' '.repeat(gutter) + cgroupHeaderLine(columns, width)}</Text>
      {window.length === 0 ? <Text dimColor>{fit(props.emptyText, props.columns)}</Text> : null}
      {window.map((cgroup, offset) => {
        const isSelected = props.top + offset === selected;
        const mark = gutter === 0 ? '' : isSelected ? '>' : ' ';
        const forecast = forecasts.get(cgroupKey(cgroup));
        // The selection is inverse video in the row's own colour: a warning stays visible on it.
        return (
          <Text key={cgroupKey(cgroup)} wrap="truncate" inverse={isSelected} color={tone(cgroup, forecast)}>
            {mark + cgroupLine(columns, cgroup, forecast, width)}
          </Text>
        );
      })}
      {Array.from({ length: Math.max(0, props.height - Math.max(1, window.length)) }, (_, i) => (
        <Text key={`pad-${i}`}>{blank}</Text>
      ))}
    </>
  );
}
