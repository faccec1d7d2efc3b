// /proc/PID/stat: one line, "pid (comm) state ppid ...". comm is raw bytes the process chose (up to 15),
// so it may hold spaces, parentheses and newlines: split at the LAST ')'.

/** PF_KTHREAD in include/linux/sched.h: the task is a kernel thread. */
const PF_KTHREAD = 0x00200000;

export interface PidStat {
  pid: number;
  /** The raw comm, unsanitised; sanitise before display. */
  comm: string;
  state: string;
  ppid: number;
  flags: number;
  /** Field 22: clock ticks since boot. With pid it identifies a process across pid reuse. */
  starttime: number;
  kernelThread: boolean;
}

export function parseStat(text: string): PidStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // Fields 3.. follow ") "; field N sits at index N - 3.
  const rest = text.slice(close + 2).trim().split(' ');
  if (!Number.isInteger(pid) || rest.length < 20) return null;
  const flags = Number(rest[6]);
  const starttime = Number(rest[19]);
  const ppid = Number(rest[1]);
  if (![flags, starttime, ppid].every(Number.isFinite)) return null;
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0]!,
    ppid,
    flags,
    starttime,
    // kthreadd (pid 2) and its children; the flag is the authoritative test.
    kernelThread: (flags & PF_KTHREAD) !== 0,
  };
}
