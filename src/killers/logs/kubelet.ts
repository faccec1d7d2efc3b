// The kubelet's eviction lines (pkg/kubelet/eviction/eviction_manager.go), kept simple:
//   1.20+ (klog structured):  "Eviction manager: attempting to reclaim" resourceName="memory"
//                             "Eviction manager: pod is evicted successfully" pod="sre/infras-logstash-…"
//                             "Eviction manager: pods evicted, waiting for pod to be cleaned up" pods=["default/mysql"]
//   older (glog/klog.Infof):  "eviction manager: attempting to reclaim memory"
//                             "eviction manager: pod mysql_default(uid) is evicted successfully"
//                             "eviction manager: pods mysql_default(uid) evicted, waiting for pod to be cleaned up"
// The "waiting" line repeats the pod of the "evicted successfully" one before it.
import { sanitize } from '../../text/sanitize.js';
import type { KillerKill } from '../types.js';

export type KubeletLine =
  | { kind: 'reclaim'; resource: string }
  | { kind: 'evicted'; pods: string[] }
  | { kind: 'waiting'; pods: string[] };

const RECLAIM = /[Ee]viction manager: attempting to reclaim(?:" resourceName="([^"]+)"| (\S+))/;
const EVICTED_STRUCTURED = /"Eviction manager: pod is evicted successfully" pod="([^"]+)"/;
const EVICTED_PLAIN = /eviction manager: pod (\S+) is evicted successfully/;
const WAITING_STRUCTURED = /"Eviction manager: pods evicted, waiting for pod to be cleaned up" pods=\[([^\]]*)\]/;
const WAITING_PLAIN = /eviction manager: pods (.+) evicted, waiting for pod to be cleaned up/;

/** "name_namespace(uid)" (format.Pod) → "namespace/name"; "namespace/name" stays. */
function podName(text: string): string {
  const plain = /^(.+)_([^_()]+)\([^)]*\)$/.exec(text.trim());
  return sanitize(plain === null ? text.trim().replace(/^"|"$/g, '') : `${plain[2]}/${plain[1]}`);
}

/** One kubelet log line → what it says about evictions; null for the rest. */
export function classifyKubeletLine(line: string): KubeletLine | null {
  const reclaim = RECLAIM.exec(line);
  if (reclaim !== null) return { kind: 'reclaim', resource: sanitize(reclaim[1] ?? reclaim[2]!) };
  const evicted = EVICTED_STRUCTURED.exec(line) ?? EVICTED_PLAIN.exec(line);
  if (evicted !== null) return { kind: 'evicted', pods: [podName(evicted[1]!)] };
  const waiting = WAITING_STRUCTURED.exec(line);
  if (waiting !== null) return { kind: 'waiting', pods: waiting[1]!.split(/[ ,]+/).filter((pod) => pod !== '').map(podName) };
  const plain = WAITING_PLAIN.exec(line);
  return plain === null ? null : { kind: 'waiting', pods: plain[1]!.split(/[ ,]+/).filter((pod) => pod !== '').map(podName) };
}

/** The reason for an eviction, from the resource of the "attempting to reclaim" line before it. */
export function kubeletReason(resource: string | null): string {
  return resource === null ? 'node under resource pressure (kubelet eviction)' : `node low on ${resource} (kubelet eviction threshold met)`;
}

/** The kubelet evictions one line reports, without the lines around it. */
export function kubeletKillsFromLine(line: string): KillerKill[] {
  const classified = classifyKubeletLine(line);
  if (classified === null || classified.kind === 'reclaim') return [];
  return classified.pods.map((pod) => ({ killer: 'kubelet', pid: null, name: pod, cgroup: null, signal: null, reason: kubeletReason(null) }));
}
