// When the kubelet evicts for memory, and which pod (pkg/kubelet/eviction: eviction_manager.go
// synchronize(), helpers.go rankMemoryPressure()):
//
// When: memory.available < the evictionHard threshold (thresholdsMet(): the threshold quantity is more
// than the observed value). memory.available is node capacity minus the root cgroup's working set (usage
// minus inactive file pages); this module approximates it with MemAvailable, which also counts reclaimable
// slab and the rest of the page cache, so the kubelet may act somewhat sooner than forecast here. A hard
// eviction kills with a zero grace period: SIGKILL, one pod per 10 s housekeeping round.
//
// Whom: pods ranked by whether their usage exceeds their memory request, then priority, then usage above
// the request. Requests and priorities are in the API server, not in /proc: this module ranks by QoS class,
// read from the pod's cgroup path (BestEffort pods request nothing, so any usage exceeds it; then
// Burstable; Guaranteed last), then by the pod's total RSS.
import { mibText, secondsUntilAtOrBelow } from './eta.js';
import type { EvictionThreshold } from './kubelet-config.js';
import type { BoxMemory, CandidateProcess, KillerForecast, MemorySlopes } from './types.js';

// cgroupfs driver: /kubepods/besteffort/pod<uid>; systemd driver:
// /kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod<uid_with_underscores>.slice
const POD_SEGMENT = /^(?:kubepods-(?:besteffort-|burstable-)?)?pod[0-9a-f_-]{8,}(?:\.slice)?$/;

export interface PodGroup {
  /** The pod's cgroup path. */
  cgroup: string;
  qos: 'besteffort' | 'burstable' | 'guaranteed';
  rssKb: number;
  processes: CandidateProcess[];
}

/** The pod cgroup a process runs in, or null when it is not in a pod. */
export function podCgroupOf(cgroup: string): string | null {
  const parts = cgroup.split('/');
  const at = parts.findIndex((part) => POD_SEGMENT.test(part));
  if (at < 0 || !parts.slice(0, at).some((part) => part.startsWith('kubepods'))) return null;
  return parts.slice(0, at + 1).join('/');
}

function qosOf(podCgroup: string): PodGroup['qos'] {
  if (podCgroup.includes('besteffort')) return 'besteffort';
  return podCgroup.includes('burstable') ? 'burstable' : 'guaranteed';
}

const QOS_ORDER: Record<PodGroup['qos'], number> = { besteffort: 0, burstable: 1, guaranteed: 2 };

/** Pods in the order this module expects the kubelet to evict them. */
export function rankPods(processes: readonly CandidateProcess[]): PodGroup[] {
  const pods = new Map<string, PodGroup>();
  for (const process of processes) {
    const cgroup = process.cgroup === undefined || process.cgroup === null ? null : podCgroupOf(process.cgroup);
    if (cgroup === null) continue;
    const pod = pods.get(cgroup) ?? { cgroup, qos: qosOf(cgroup), rssKb: 0, processes: [] };
    pod.rssKb += process.rssKb ?? 0;
    pod.processes.push(process);
    pods.set(cgroup, pod);
  }
  return [...pods.values()].sort((a, b) => QOS_ORDER[a.qos] - QOS_ORDER[b.qos] || b.rssKb - a.rssKb);
}

/** The threshold in KiB: a quantity, or a percent of capacity (MemTotal here). */
export function thresholdKb(threshold: EvictionThreshold, memTotalKb: number): number | null {
  const quantity = threshold.quantity;
  if (quantity === null) return null;
  return 'kb' in quantity ? quantity.kb : (quantity.percent / 100) * memTotalKb;
}

/** When the kubelet would evict for memory, and which pod; null when it has no memory threshold. */
export function forecastKubelet(threshold: EvictionThreshold, memory: BoxMemory, slopes: MemorySlopes, processes: readonly CandidateProcess[]): KillerForecast | null {
  const floorKb = thresholdKb(threshold, memory.totalKb);
  if (floorKb === null || floorKb <= 0) return null;
  const pods = rankPods(processes);
  const first = pods[0] ?? null;
  const caveats = [
    'memory.available approximated by MemAvailable (the kubelet uses capacity − working set)',
    'pods ranked by QoS class and RSS: requests and priorities are not visible here',
  ];
  if (first === null) caveats.push('no process in a kubepods cgroup');
  return {
    killer: 'kubelet',
    thresholdText: `memory.available < ${threshold.text ?? '?'} (${mibText(floorKb)}, evictionHard from ${threshold.source})`,
    etaSeconds: secondsUntilAtOrBelow(memory.availableKb, floorKb, slopes.availableKbPerSec),
    signal: 'SIGKILL',
    victims: first === null ? [] : first.processes.map((process) => ({ pid: process.pid, name: process.name })),
    cgroup: first?.cgroup ?? null,
    outcome: 'kill',
    caveats,
  };
}
