// The `oomlens explain --json` contract (issue 4, item 4): exactly these keys, null for what the report
// lacks. OomReport carries more (memory state, raw lines) for the TUI and the incident store; it stays out
// of the JSON so the contract does not grow by accident.
import type { OomReport } from './types.js';

export interface OomReportJson {
  scope: 'global' | 'memcg';
  /** What the kernel did: killed (victims below), found nothing to kill, or panicked the machine. */
  outcome: 'kill' | 'no-kill' | 'panic';
  manual: boolean;
  memcg: string | null;
  taskMemcg: string | null;
  constraint: string | null;
  timestamp: string | null;
  trigger: { name: string | null; pid: number | null; gfpMask: string | null; order: number | null; oomScoreAdj: number | null };
  victims: {
    pid: number;
    name: string;
    totalVmKb: number | null;
    anonRssKb: number | null;
    fileRssKb: number | null;
    shmemRssKb: number | null;
    uid: number | null;
    oomScoreAdj: number | null;
    reaped: boolean;
  }[];
  tasks: {
    pid: number;
    uid: number | null;
    tgid: number | null;
    totalVmPages: number | null;
    rssPages: number | null;
    swapEntries: number | null;
    oomScoreAdj: number | null;
    name: string;
  }[];
  findings: { id: string; text: string }[];
}

export function toReportJson(report: OomReport): OomReportJson {
  const { trigger } = report;
  return {
    scope: report.scope,
    outcome: report.outcome,
    manual: report.manual,
    memcg: report.memcg,
    taskMemcg: report.taskMemcg,
    constraint: report.constraint,
    timestamp: report.timestamp,
    trigger: {
      name: trigger.name,
      pid: trigger.pid,
      gfpMask: trigger.gfpMask,
      order: trigger.order,
      oomScoreAdj: trigger.oomScoreAdj,
    },
    victims: report.victims.map((victim) => ({
      pid: victim.pid,
      name: victim.name,
      totalVmKb: victim.totalVmKb,
      anonRssKb: victim.anonRssKb,
      fileRssKb: victim.fileRssKb,
      shmemRssKb: victim.shmemRssKb,
      uid: victim.uid,
      oomScoreAdj: victim.oomScoreAdj,
      reaped: victim.reaped,
    })),
    tasks: report.tasks.map((task) => ({
      pid: task.pid,
      uid: task.uid,
      tgid: task.tgid,
      totalVmPages: task.totalVmPages,
      rssPages: task.rssPages,
      swapEntries: task.swapEntries,
      oomScoreAdj: task.oomScoreAdj,
      name: task.name,
    })),
    findings: report.findings.map((finding) => ({ id: finding.id, text: finding.text })),
  };
}
