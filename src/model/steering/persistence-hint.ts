// How to make an oom_score_adj last. A /proc write dies with the process: the next start (a restart by
// systemd, a new container, a reboot) begins at the inherited value again. What survives depends on who
// starts the process, which its cgroup path tells: a systemd unit, a container runtime, kubelet, or a shell.
// Pure: the path in, a few lines of advice out.

export type PersistenceKind =
  | 'system-service' | 'user-service' | 'scope' | 'docker' | 'podman' | 'kubernetes' | 'lxc' | 'init' | 'generic';

export interface PersistenceHint {
  kind: PersistenceKind;
  /** The systemd unit or container id the advice is about, when there is one. */
  subject: string | null;
  /** One sentence for the status line after a write: how to keep the value, or why there is nothing to keep. */
  summary: string;
  /** The full advice, a few short lines (commands indented by two spaces). */
  lines: string[];
}

const HEX64 = '[0-9a-f]{64}';
const DOCKER = new RegExp(`^(?:docker-(${HEX64})\\.scope|(${HEX64}))$`);
const PODMAN = new RegExp(`^libpod-(?:conmon-)?(${HEX64})\\.scope$`);

/** Quotes a unit name for a shell when it holds anything beyond the usual characters (e.g. "\x2d"). */
function shellWord(word: string): string {
  return /^[A-Za-z0-9@._:+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

function kubernetesHint(segments: string[]): PersistenceHint | null {
  if (!segments.some((s) => s === 'kubepods' || s.startsWith('kubepods'))) return null;
  const joined = segments.join('/');
  const qos = /besteffort/i.test(joined) ? 'BestEffort' : /burstable/i.test(joined) ? 'Burstable' : 'Guaranteed';
  return {
    kind: 'kubernetes',
    subject: null,
    summary: `It is lost when the container restarts: kubelet sets oom_score_adj from the pod's QoS ${qos} class at each start.`,
    lines: [
      `This is a Kubernetes pod (QoS class ${qos}). No pod field sets oom_score_adj: kubelet derives it from`,
      'the QoS class when each container starts, and a restart undoes a manual write.',
      '  Guaranteed (requests = limits for CPU and memory, every container): -997',
      '  Burstable: 2..999, lower the larger the memory request;  BestEffort (no requests): 1000',
      'To protect the pod, make it Guaranteed; to make it expendable, drop its requests.',
    ],
  };
}

function containerHint(segments: string[], value: number): PersistenceHint | null {
  for (const segment of segments) {
    const docker = DOCKER.exec(segment);
    if (docker && (segment.startsWith('docker-') || segments.includes('docker'))) {
      const id = (docker[1] ?? docker[2] ?? '').slice(0, 12);
      return {
        kind: 'docker', subject: id,
        summary: `It is lost when docker container ${id} restarts; to keep it, recreate the container with --oom-score-adj=${value}.`,
        lines: [
          `This is docker container ${id}. The value is lost when the container restarts; recreate it with`,
          `  docker run --oom-score-adj=${value} …`,
          'or, in docker compose, under the service:',
          `  oom_score_adj: ${value}`,
        ],
      };
    }
    const podman = PODMAN.exec(segment);
    if (podman) {
      const id = (podman[1] ?? '').slice(0, 12);
      return {
        kind: 'podman', subject: id,
        summary: `It is lost when podman container ${id} restarts; to keep it, recreate the container with --oom-score-adj=${value}.`,
        lines: [`This is podman container ${id}. Recreate it with`, `  podman run --oom-score-adj=${value} …`],
      };
    }
    const lxcName = segment.startsWith('lxc.payload.') ? segment.slice('lxc.payload.'.length) : null;
    if (lxcName !== null || (segment === 'lxc' && segments.length > 1)) {
      const name = lxcName ?? segments[segments.indexOf('lxc') + 1] ?? '';
      return {
        kind: 'lxc', subject: name,
        summary: `It is lost when LXC container ${name} restarts; to keep it, set lxc.proc.oom_score_adj = ${value} in its config.`,
        lines: [`This is LXC container ${name}. In its config add`, `  lxc.proc.oom_score_adj = ${value}`],
      };
    }
  }
  return null;
}

function systemServiceHint(unit: string, value: number): PersistenceHint {
  const template = /^([^@]+@)[^.]*\.service$/.exec(unit);
  const lines = [
    `${unit} is a systemd service. Make the value last with`,
    `  systemctl edit ${shellWord(unit)}`,
    'and add the lines',
    '  [Service]',
    `  OOMScoreAdjust=${value}`,
    'It applies to every process the unit starts, from its next start (systemctl restart).',
  ];
  if (template) lines.push(`For every instance of the template: systemctl edit ${shellWord(`${template[1]}.service`)}`);
  const summary = `It is lost when ${unit} restarts; to keep it, add OOMScoreAdjust=${value} with systemctl edit ${shellWord(unit)}.`;
  return { kind: 'system-service', subject: unit, summary, lines };
}

function userServiceHint(unit: string, uid: string, value: number): PersistenceHint {
  return {
    kind: 'user-service',
    subject: unit,
    summary: `It is lost when ${unit} restarts; to keep it, user ${uid} adds OOMScoreAdjust=${value} with systemctl --user edit ${shellWord(unit)}.`,
    lines: [
      `${unit} is a service of user ${uid}'s own systemd. As that user run`,
      `  systemctl --user edit ${shellWord(unit)}`,
      `and add  [Service]  OOMScoreAdjust=${value}`,
      'The user manager has no privileges: values below its own (lowering) do not take effect there.',
    ],
  };
}

function scopeHint(scope: string, value: number): PersistenceHint {
  const what = scope.startsWith('session-') ? 'a login session' : 'a scope (processes started by a program, not by systemd)';
  return {
    kind: 'scope',
    subject: scope,
    summary: `It is lost when the process restarts, and ${scope} is ${what}, which systemctl edit cannot set; to keep it, start the command with choom -n ${value} -- CMD.`,
    lines: [
      `${scope} is ${what}. Scopes are made at run time by whoever started the processes, and they`,
      'take no OOMScoreAdjust=, so systemctl edit cannot help. Start the command differently:',
      `  systemd-run --unit=NAME -p OOMScoreAdjust=${value} -- CMD    (as a service)`,
      `  choom -n ${value} -- CMD    (util-linux)`,
    ],
  };
}

function systemdHint(segments: string[], value: number): PersistenceHint | null {
  const units = segments.filter((s) => s.endsWith('.service') || s.endsWith('.scope'));
  const innermost = units.at(-1);
  if (innermost === undefined) return null;
  if (innermost === 'init.scope' && units.length === 1) {
    const never = 'PID 1 is never killed by the OOM killer; nothing to make last.';
    return { kind: 'init', subject: 'init.scope', summary: never, lines: [never] };
  }
  const manager = segments.find((s) => /^user@\d+\.service$/.test(s));
  const managerIndex = manager === undefined ? -1 : segments.indexOf(manager);
  const innerIndex = segments.lastIndexOf(innermost);
  // The user manager itself runs in user@UID.service/init.scope: that is a system unit.
  if (manager !== undefined && innerIndex > managerIndex && innermost !== 'init.scope') {
    const uid = /^user@(\d+)/.exec(manager)?.[1] ?? '?';
    return innermost.endsWith('.service') ? userServiceHint(innermost, uid, value) : scopeHint(innermost, value);
  }
  if (manager !== undefined) return systemServiceHint(manager, value);
  return innermost.endsWith('.service') ? systemServiceHint(innermost, value) : scopeHint(innermost, value);
}

function genericHint(value: number): PersistenceHint {
  // A process started by hand inherits its parent's value, which is 0 but for a protected parent.
  if (value === 0) {
    const nothing = 'Nothing to keep: 0 is the value a process starts with unless its parent had another.';
    return { kind: 'generic', subject: null, summary: nothing, lines: [nothing] };
  }
  return {
    kind: 'generic',
    subject: null,
    summary: `It is lost when the process restarts; to keep it, start it with choom -n ${value} -- CMD.`,
    lines: [
      'A /proc write is lost when the process restarts. Start it through a wrapper:',
      `  choom -n ${value} -- CMD    (util-linux)`,
      'or, in its start script, before exec:',
      `  echo ${value} > /proc/self/oom_score_adj`,
    ],
  };
}

/**
 * Advice for making `value` survive a restart of the process in `cgroup` (the path from /proc/PID/cgroup,
 * systemd or unified hierarchy; null when unknown).
 */
export function persistenceHint(cgroup: string | null, value: number): PersistenceHint {
  if (cgroup === null) return genericHint(value);
  const segments = segmentsOf(cgroup);
  return kubernetesHint(segments) ?? containerHint(segments, value) ?? systemdHint(segments, value) ?? genericHint(value);
}
