// The Prometheus view of a snapshot (prom-client). Cardinality is bounded: per-cgroup series only for the
// TOP_CGROUPS limited cgroups nearest their wall, and the info metrics hold one series each (the last kill,
// the predicted next victim), replaced, not accumulated. Absent sources give no sample, never a 0.
import { Counter, Gauge, Registry } from 'prom-client';
import { cgroupKey } from '../cgroupfs/memory-cgroup.js';
import { userspaceKillScope, type LoggedKill } from '../killers/index.js';
import { CgroupKillFollower } from '../model/incidents/cgroup-kills.js';
import type { Snapshot } from '../model/snapshot.js';
import type { OomReport } from '../oom/types.js';

interface LastKillLabels {
  scope: 'global' | 'memcg';
  killer: string;
  cgroup: string;
  name: string;
  pid: number | null;
}

/** Per-cgroup series are kept for at most this many cgroups (nearest their limit, or soonest to OOM). */
export const TOP_CGROUPS = 20;

export class OomMetrics {
  readonly registry = new Registry();
  private readonly kills = new Counter({
    name: 'oomlens_oom_kills_total',
    help: 'OOM kills seen since oomlens started, by scope (global: the box; memcg: a cgroup limit or a cgroup\'s own pressure rule) and killer (kernel, or the userspace killer whose log said so).',
    labelNames: ['scope', 'killer'] as const,
    registers: [this.registry],
  });
  private readonly nextKill = new Gauge({
    name: 'oomlens_next_kill_seconds',
    help: 'Predicted seconds until an OOM kill at the current growth, per scope with a forecast.',
    labelNames: ['scope', 'cgroup'] as const,
    registers: [this.registry],
  });
  private readonly headroom = new Gauge({
    name: 'oomlens_headroom_bytes',
    help: 'Memory left before the OOM killer: MemAvailable + SwapFree for the box, limit - usage for a limited cgroup.',
    labelNames: ['scope', 'cgroup'] as const,
    registers: [this.registry],
  });
  private readonly pressure = new Gauge({
    name: 'oomlens_memory_pressure_ratio',
    help: 'Share of time tasks stalled on memory (PSI /proc/pressure/memory), 0 to 1.',
    labelNames: ['kind', 'window'] as const,
    registers: [this.registry],
  });
  private readonly lastKill = new Gauge({
    name: 'oomlens_last_kill_info',
    help: 'The last OOM kill seen (value 1): its scope, killer (kernel, or the userspace killer whose log said so), cgroup, victim name and pid.',
    labelNames: ['scope', 'killer', 'cgroup', 'name', 'pid'] as const,
    registers: [this.registry],
  });
  /**
   * Registered at the first kill: a gauge without labels is exported as 0 from the start, which would read
   * as a kill in 1970; before any kill the series is absent.
   */
  private lastKillTime: Gauge | null = null;
  private readonly nextVictim = new Gauge({
    name: 'oomlens_next_victim_info',
    help: 'The predicted next OOM victim (value 1): scope, cgroup, name and pid.',
    labelNames: ['scope', 'cgroup', 'name', 'pid'] as const,
    registers: [this.registry],
  });
  private readonly sampledAt = new Gauge({
    name: 'oomlens_last_sample_timestamp_seconds',
    help: 'When oomlens last sampled the box, seconds since the epoch.',
    registers: [this.registry],
  });
  private previousKills: number | null = null;
  private readonly cgroupKills = new CgroupKillFollower();
  /** Userspace killers whose series exist: from the first tick they are seen running (absent before, not 0). */
  private readonly killersCounted = new Set<string>();

  constructor() {
    // Both series exist from the start, so increase() sees the first kill.
    for (const scope of ['global', 'memcg']) this.kills.inc({ scope, killer: 'kernel' }, 0);
  }

  /** `userspace`: kills the userspace killers' logs reported this tick (oom/killer-log.ts). */
  update(snapshot: Snapshot, reports: readonly OomReport[], userspace: readonly LoggedKill[] = []): void {
    this.countKills(snapshot, reports);
    this.countUserspaceKills(snapshot, userspace);
    this.forecasts(snapshot);
    this.pressureFrom(snapshot);
    this.sampledAt.set(snapshot.takenAtMs / 1000);
  }

  /** The oom_kill counters' rise this tick: the cgroups' own counters say how much of it was memcg. */
  private countKills(snapshot: Snapshot, reports: readonly OomReport[]): void {
    const total = snapshot.oomKills;
    const rise = total !== null && this.previousKills !== null ? Math.max(0, total - this.previousKills) : null;
    if (total !== null) this.previousKills = total;
    const ticks = this.cgroupKills.update(snapshot.cgroups?.list ?? null, snapshot.takenAtMs, (rise ?? 0) > 0);
    const memcgRise = ticks.reduce((sum, tick) => sum + tick.kills, 0);
    const memcg = rise === null ? memcgRise : Math.min(rise, memcgRise);
    const global = rise === null ? 0 : rise - memcg;
    if (memcg > 0) this.kills.inc({ scope: 'memcg', killer: 'kernel' }, memcg);
    if (global > 0) this.kills.inc({ scope: 'global', killer: 'kernel' }, global);
    const report = reports.at(-1);
    if (report !== undefined) {
      const victim = report.victims[0];
      this.setLastKill({ scope: report.scope, killer: 'kernel', cgroup: report.scope === 'memcg' ? (report.memcg ?? '') : '', name: victim?.name ?? '', pid: victim?.pid ?? null }, snapshot.takenAtMs);
    } else if (memcg + global > 0) {
      this.setLastKill({ scope: memcg > 0 ? 'memcg' : 'global', killer: 'kernel', cgroup: ticks[0]?.path ?? '', name: '', pid: null }, snapshot.takenAtMs);
    }
  }

  private countUserspaceKills(snapshot: Snapshot, kills: readonly LoggedKill[]): void {
    for (const killer of [...snapshot.killers.map((k) => k.name), ...kills.map((k) => k.killer)]) {
      if (this.killersCounted.has(killer)) continue;
      this.killersCounted.add(killer);
      for (const scope of ['global', 'memcg']) this.kills.inc({ scope, killer }, 0);
    }
    for (const kill of kills) this.kills.inc({ scope: userspaceKillScope(kill), killer: kill.killer });
    // The newest by its log's clock. A kernel kill seen in the same tick (countKills ran first) gives way:
    // the log line was read after it, and a userspace killer striking the same box usually came second.
    const newest = [...kills].sort((a, b) => a.wallMs - b.wallMs).at(-1);
    if (newest !== undefined) {
      const fields = { scope: userspaceKillScope(newest), killer: newest.killer, cgroup: newest.cgroup ?? '', name: newest.name ?? '', pid: newest.pid };
      this.setLastKill(fields, newest.wallMs);
    }
  }

  private setLastKill({ pid, ...labels }: LastKillLabels, atMs: number): void {
    this.lastKill.reset();
    this.lastKill.set({ ...labels, pid: pid === null ? '' : String(pid) }, 1);
    this.lastKillTime ??= new Gauge({
      name: 'oomlens_last_kill_timestamp_seconds',
      help: 'When oomlens saw the last OOM kill, seconds since the epoch.',
      registers: [this.registry],
    });
    this.lastKillTime.set(atMs / 1000);
  }

  private forecasts(snapshot: Snapshot): void {
    const { forecast, memory } = snapshot;
    this.nextKill.reset();
    this.headroom.reset();
    this.nextVictim.reset();
    if (forecast.global.etaSeconds !== null) this.nextKill.set({ scope: 'global', cgroup: '' }, forecast.global.etaSeconds);
    if (memory !== null) this.headroom.set({ scope: 'global', cgroup: '' }, (memory.availableKb + memory.swapFreeKb) * 1024);
    const usage = new Map((snapshot.cgroups?.list ?? []).map((c) => [cgroupKey(c), c.usageKb]));
    const limited = forecast.cgroups
      .filter((f) => f.effectiveLimitKb !== null && usage.has(f.key) && f.path !== '/')
      .map((f) => ({ forecast: f, left: f.effectiveLimitKb! - usage.get(f.key)!, fill: usage.get(f.key)! / Math.max(1, f.effectiveLimitKb!) }));
    const byEta = limited.filter((c) => c.forecast.etaSeconds !== null).sort((a, b) => a.forecast.etaSeconds! - b.forecast.etaSeconds!);
    for (const { forecast: f } of byEta.slice(0, TOP_CGROUPS)) this.nextKill.set({ scope: 'memcg', cgroup: f.path }, f.etaSeconds!);
    for (const { forecast: f, left } of limited.sort((a, b) => b.fill - a.fill).slice(0, TOP_CGROUPS)) {
      this.headroom.set({ scope: 'memcg', cgroup: f.path }, Math.max(0, left) * 1024);
    }
    const next = forecast.nextKill ?? forecast.global;
    const victim = next.victims[0];
    if (victim !== undefined) this.nextVictim.set({ scope: next.scope, cgroup: next.cgroup ?? '', name: victim.name, pid: String(victim.pid) }, 1);
  }

  private pressureFrom(snapshot: Snapshot): void {
    const psi = snapshot.pressure.psi;
    this.pressure.reset();
    if (psi === null) return;
    const lines = [['some', psi.some], ['full', psi.full]] as const;
    for (const [kind, line] of lines) {
      if (line === null) continue;
      this.pressure.set({ kind, window: '10s' }, line.avg10 / 100);
      this.pressure.set({ kind, window: '60s' }, line.avg60 / 100);
      this.pressure.set({ kind, window: '300s' }, line.avg300 / 100);
    }
  }
}
