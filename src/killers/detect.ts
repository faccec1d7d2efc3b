// Which userspace killers are running, from the process list the sampler already has. Pure: no /proc
// reads here. A killer is recognised by its comm (what the kernel names the task), and for nohang, a
// Python script, also by its command line:
//   earlyoom      comm "earlyoom" (a C binary; earlyoom main.c)
//   systemd-oomd  comm "systemd-oomd" (/lib/systemd/systemd-oomd, systemd-oomd.service)
//   kubelet       comm "kubelet" (kubeadm; rke2 runs it as a child process of `rke2 server|agent`, with its
//                 kubelet-arg entries on the kubelet's own command line); or, embedded in k3s, comm
//                 "k3s-server" / "k3s-agent": k3s cmd/k3s/main.go stageAndRun() execs the data dir's
//                 bin/k3s-server or bin/k3s-agent, and setproctitle then hides its arguments (k3s PR #2072:
//                 /proc/PID/cmdline reads "/usr/local/bin/k3s server"), so its kubelet flags are read from
//                 its config files instead (readers.ts).
//   nohang        comm "nohang" when started through its shebang (nohang.service runs
//                 `nohang --monitor --config /etc/nohang/nohang.conf`), or "python3" when started as
//                 `python3 /usr/sbin/nohang --monitor ...`. Only `--monitor` is the daemon: `--tasks` and
//                 `--check` print and exit (nohang src/nohang, the `la == 3` branch of its argv check).
import type { KillerName, ProcessIdentity } from './types.js';

export interface DetectedKiller {
  name: KillerName;
  pid: number;
  /**
   * Its arguments split from the space-joined cmdline: exact unless an argument held a space. The lead
   * can pass the exact ones from readProcArgv (readers.ts) to the option parsers instead.
   */
  argv: string[];
  /** The kubelet runs inside this process (k3s), not as a process of its own. */
  embeddedIn?: 'k3s';
}

// A Map, not an object literal: a process may name itself "constructor" or "__proto__".
const BY_COMM = new Map<string, KillerName>([
  ['earlyoom', 'earlyoom'],
  ['systemd-oomd', 'systemd-oomd'],
  ['kubelet', 'kubelet'],
  ['k3s-server', 'kubelet'],
  ['k3s-agent', 'kubelet'],
]);

const PYTHON_COMM = /^python[0-9.]*$/;

/** The cmdline's words; a space-joined cmdline cannot tell an argument's own spaces from separators. */
export function argvFromCmdline(cmdline: string): string[] {
  return cmdline.split(' ').filter((word) => word !== '');
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function isNohangDaemon(name: string, argv: string[]): boolean {
  if (!argv.includes('--monitor')) return false;
  if (name === 'nohang') return true;
  if (!PYTHON_COMM.test(name)) return false;
  // The script is the first argument after the interpreter's own options (python3 -u /usr/sbin/nohang).
  const script = argv.slice(1).find((word) => !word.startsWith('-'));
  return script !== undefined && basename(script) === 'nohang';
}

function killerOf(process: ProcessIdentity, argv: string[]): KillerName | null {
  const byComm = BY_COMM.get(process.name);
  if (byComm !== undefined) return byComm;
  return isNohangDaemon(process.name, argv) ? 'nohang' : null;
}

/** Could this process be a killer at all? Checked before its cmdline is split: the sampler asks every tick. */
function mayBeKiller(process: ProcessIdentity): boolean {
  const name = process.name;
  // startsWith first: a regular expression's call costs more than the rest of the check, on every row.
  return BY_COMM.has(name) || name === 'nohang' || (name.startsWith('python') && PYTHON_COMM.test(name));
}

/** Every running userspace killer in `processes`, in the order given. */
export function detectKillers(processes: readonly ProcessIdentity[]): DetectedKiller[] {
  const found: DetectedKiller[] = [];
  for (const process of processes) {
    if (!mayBeKiller(process)) continue;
    const argv = argvFromCmdline(process.cmdline);
    const name = killerOf(process, argv);
    if (name === null) continue;
    found.push(process.name.startsWith('k3s-') ? { name, pid: process.pid, argv, embeddedIn: 'k3s' } : { name, pid: process.pid, argv });
  }
  return found;
}
