// The `oomlens explain --json` contract (issue 4, item 4; docs/explain.schema.json), which the incident files
// embed too: null for what the report lacks; keys are added, never renamed. Its shapes are derived from OomReport's: each key record below lists every field of
// its type, true where the JSON carries it, so a field added to OomReport, OomTrigger, OomVictim or OomTask
// does not compile until it is put in the JSON or left out on purpose. The records' order is the JSON's.
import type { Finding, OomReport, OomTask, OomTrigger, OomVictim } from './types.js';

/** Every key of T, each marked: carried in the JSON (true) or not (false). */
type JsonKeys<T> = { readonly [K in keyof T]-?: boolean };

/** The part of T the JSON carries, by its key record. */
type Carried<T, Keys extends JsonKeys<T>> = Pick<T, { [K in keyof T]-?: Keys[K] extends true ? K : never }[keyof T]>;

const REPORT_KEYS = {
  scope: true,
  // What the kernel did: killed (victims below), found nothing to kill, or panicked the machine.
  outcome: true,
  manual: true,
  memcg: true,
  taskMemcg: true,
  constraint: true,
  timestamp: true,
  trigger: true,
  victims: true,
  tasks: true,
  findings: true,
  // Added for issue 14: when on the wall clock, the kernel's seconds, and the rest of what the text shows.
  wallTime: true,
  wallTimeApproximate: true,
  wallTimeSource: true,
  uptimeSeconds: true,
  kernelRelease: true,
  memory: true,
  panicCause: true,
  cpuset: true,
  memsAllowed: true,
  nodemask: true,
  groupKill: true,
  headerMissing: true,
  noKillableProcess: true,
  taskTableSeen: true,
  tasksOmitted: true,
  // The incident store saves the raw lines beside the JSON; kmsgSeq only means something on one boot.
  kmsgSeq: false,
  rawLines: false,
} as const satisfies JsonKeys<OomReport>;

const TRIGGER_KEYS = { name: true, pid: true, gfpMask: true, order: true, oomScoreAdj: true } as const satisfies JsonKeys<OomTrigger>;

const VICTIM_KEYS = {
  pid: true,
  name: true,
  totalVmKb: true,
  anonRssKb: true,
  fileRssKb: true,
  shmemRssKb: true,
  uid: true,
  oomScoreAdj: true,
  reaped: true,
} as const satisfies JsonKeys<OomVictim>;

const TASK_KEYS = {
  pid: true,
  uid: true,
  tgid: true,
  totalVmPages: true,
  rssPages: true,
  swapEntries: true,
  oomScoreAdj: true,
  name: true,
  // The RSS split and page tables (newer kernels' columns) are not in the contract yet.
  rssAnonPages: false,
  rssFilePages: false,
  rssShmemPages: false,
  pgtablesBytes: false,
} as const satisfies JsonKeys<OomTask>;

const FINDING_KEYS = { id: true, text: true } as const satisfies JsonKeys<Finding>;

export type OomTriggerJson = Carried<OomTrigger, typeof TRIGGER_KEYS>;
export type OomVictimJson = Carried<OomVictim, typeof VICTIM_KEYS>;
export type OomTaskJson = Carried<OomTask, typeof TASK_KEYS>;

export type OomReportJson = Omit<Carried<OomReport, typeof REPORT_KEYS>, 'trigger' | 'victims' | 'tasks' | 'findings'> & {
  trigger: OomTriggerJson;
  victims: OomVictimJson[];
  tasks: OomTaskJson[];
  /** An incident file's findings may hold ids of other oomlens versions. */
  findings: { id: string; text: string }[];
};

/** The carried fields of `value`, in the key record's order. */
function carried<T extends object, Keys extends JsonKeys<T>>(value: T, keys: Keys): Carried<T, Keys> {
  const json: Partial<Record<keyof T, unknown>> = {};
  for (const key of Object.keys(keys) as (keyof T & keyof Keys)[]) if (keys[key]) json[key] = value[key];
  return json as Carried<T, Keys>;
}

export function toReportJson(report: OomReport): OomReportJson {
  return {
    // The nested fields keep their places in this first spread's order; their values are replaced below.
    ...carried(report, REPORT_KEYS),
    trigger: carried(report.trigger, TRIGGER_KEYS),
    victims: report.victims.map((victim) => carried(victim, VICTIM_KEYS)),
    tasks: report.tasks.map((task) => carried(task, TASK_KEYS)),
    findings: report.findings.map((finding) => carried(finding, FINDING_KEYS)),
  };
}
