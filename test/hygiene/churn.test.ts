// Churn: 300 processes start, exec and exit every second for 60 s (OOMLENS_CHURN_SECONDS overrides the
// duration for a quick run) while oomlens refreshes every 0.5 s in tmux. It must keep refreshing — a
// beacon process at the top of the list changes its RSS four times a second and the RSS on screen keeps
// following it; the title line (uptime) changes — never show an "error:" line, and the number of its open
// file descriptors (/proc/PID/fd) must not grow. (A beacon that renamed itself would not do: oomlens reads
// a process's comm once, at first sight.)
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixturePath } from '../helpers/fixtures.js';
import { hasTmux } from '../helpers/tmux.js';
import { hasTool, isAlive, killIfAlive, oomlensCommand, oomlensPid, sleep, waitForExit, waitForKillList, Terminal } from './harness.js';

const SECONDS = Number(process.env.OOMLENS_CHURN_SECONDS ?? 60);
const PER_SECOND = 300;
/** A few descriptors may come and go (a journalctl pipe, a timer); a leak grows with every scan. */
const FD_SLACK = 3;
/** oomlens keeps oom_score and oom_score_adj open for each live process. */
const FDS_PER_PROCESS = 2;

const skip = hasTmux() ? (hasTool('python3') ? false : 'python3 is not installed') : 'tmux is not installed';
if (skip) console.log(`# skipping the churn test: ${skip}`);

interface Fds {
  total: number;
  /** Descriptors on /proc/N/... (oomlens keeps oom_score and oom_score_adj open per process), by N. */
  perProcess: Map<number, number>;
  /** Everything else: the terminal, pipes, the kernel log, epoll... */
  other: number;
}

/** oomlens's open descriptors, sorted into per-process ones and the rest. */
function openFds(pid: number): Fds {
  const perProcess = new Map<number, number>();
  let other = 0;
  let total = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target = '';
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    total += 1;
    const owner = /^\/proc\/(\d+)\//.exec(target);
    if (owner) perProcess.set(Number(owner[1]), (perProcess.get(Number(owner[1])) ?? 0) + 1);
    else other += 1;
  }
  return { total, perProcess, other };
}

/** True when no process has this pid (a kept descriptor for it would be a leak). */
function existsNoLonger(pid: number): boolean {
  try {
    readFileSync(`/proc/${pid}/stat`);
    return false;
  } catch {
    return true;
  }
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100)
}

/** The RSS cell of the beacon's row (PID USER SCORE ADJ RSS ...), or null when it is not on screen. */
function beaconRss(screen: string, beacon: number): string | null {
  const row = screen.split('\n').find((line) => new RegExp(`^[> ]*${beacon} `).test(line));
  return row?.trim().split(/\s+/)[4] ?? null;
}

test(`churn: ${PER_SECOND} processes a second for ${SECONDS} s; oomlens keeps refreshing, no error, no fd leak`, { skip, timeout: (SECONDS + 120) * 1000 }, async () => {
  let beacon: ChildProcess | undefined;
  let churn: ChildProcess | undefined;
  let pid: number | undefined;
  const terminal = new Terminal(oomlensCommand(), 120, 40);
  try {
    beacon = spawn('python3', [join(fixturePath('hygiene'), 'beacon.py'), String(SECONDS + 60)], { stdio: 'ignore' });
    const beaconPid = beacon.pid!;
    await waitForKillList(terminal);
    pid = await oomlensPid(terminal);
    await terminal.waitFor((s) => beaconRss(s, beaconPid) !== null, 15_000);
    await sleep(3000); // Let it settle: the kernel log reader, the first trends.
    const fdsBefore = openFds(pid);
    const cpuBefore = cpuSeconds(pid);

    churn = spawn('sh', [join(fixturePath('hygiene'), 'churn.sh'), String(SECONDS), String(PER_SECOND)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true, // its own process group: the whole of it can be ended at once
    });
    let churnOutput = '';
    churn.stdout!.on('data', (data: Buffer) => (churnOutput += data.toString()));
    const churnDone = new Promise<void>((resolve) => churn!.on('exit', () => resolve()));
    let finished = false;
    void churnDone.then(() => (finished = true));

    const started = Date.now();
    let changes = 0;
    const titles = new Set<string>();
    let lastChange = Date.now();
    let longestStallMs = 0;
    let lastRss: string | null = null;
    while (!finished) {
      const screen = terminal.screen();
      assert.doesNotMatch(screen, /^error: /m, `an error line appeared:\n${screen}`);
      assert.ok(isAlive(pid), `oomlens died; the screen was:\n${screen}`);
      titles.add(screen.split('\n')[0]!.trim());
      const rss = beaconRss(screen, beaconPid);
      if (rss !== null && rss !== lastRss) {
        longestStallMs = Math.max(longestStallMs, Date.now() - lastChange);
        lastChange = Date.now();
        lastRss = rss;
        changes += 1;
      }
      await sleep(1000);
      assert.ok(Date.now() - started < (SECONDS + 60) * 1000, 'the churn did not end');
    }
    longestStallMs = Math.max(longestStallMs, Date.now() - lastChange);
    const ran = (Date.now() - started) / 1000;

    await sleep(2000); // The last churned processes are gone; let two scans pass.
    const fdsAfter = openFds(pid);
    const cpu = cpuSeconds(pid) - cpuBefore;
    const startedProcesses = Number(/started (\d+)/.exec(churnOutput)?.[1] ?? 0);
    console.log(
      `# churn: ${startedProcesses} processes in ${ran.toFixed(0)} s (${(startedProcesses / ran).toFixed(0)}/s); ` +
        `the beacon's RSS on screen changed ${changes} times, longest stall ${(longestStallMs / 1000).toFixed(1)} s, ` +
        `used ${((cpu / ran) * 100).toFixed(0)}% of a CPU; open fds ${fdsBefore.total} before, ${fdsAfter.total} after ` +
        `(not per-process: ${fdsBefore.other} before, ${fdsAfter.other} after)`,
    );
    assert.ok(startedProcesses >= PER_SECOND * SECONDS * 0.5, `the churn really ran: ${startedProcesses} processes`);
    // Sampled once a second; the beacon's RSS moves by 1 MiB every 0.25 s.
    assert.ok(changes >= ran / 2, `the screen kept refreshing: the beacon's RSS changed ${changes} times in ${ran.toFixed(0)} s`);
    assert.ok(longestStallMs < 5000, `the screen stood still for ${longestStallMs} ms`);
    // The uptime in the title shows seconds below an hour and minutes above: a minute always changes it.
    if (ran > 61) assert.ok(titles.size >= 2, 'the title line (uptime) changed');
    // The per-process descriptors follow the box's own population, which other work on this machine changes
    // meanwhile: each must belong to a live process, at most two each; everything else must not grow.
    assert.ok(fdsAfter.other <= fdsBefore.other + FD_SLACK, `descriptors grew from ${fdsBefore.other} to ${fdsAfter.other}`);
    const kept = [...fdsAfter.perProcess].filter(([owner]) => owner !== pid);
    const forExited = kept.filter(([owner]) => !isAlive(owner) && existsNoLonger(owner));
    assert.deepEqual(forExited, [], 'descriptors are kept for processes that have exited');
    for (const [owner, count] of kept) assert.ok(count <= FDS_PER_PROCESS, `${count} descriptors kept for pid ${owner}`);
    if (fdsAfter.total > fdsBefore.total + FD_SLACK) {
      const population = kept.length - [...fdsBefore.perProcess].filter(([owner]) => owner !== pid).length;
      assert.ok(fdsAfter.total - fdsBefore.total <= FD_SLACK + FDS_PER_PROCESS * Math.max(0, population), `open fds grew from ${fdsBefore.total} to ${fdsAfter.total}`);
    }

    terminal.keys('q');
    assert.equal((await waitForExit(terminal)).code, 0);
  } finally {
    if (churn?.pid !== undefined) killIfAlive(-churn.pid); // the group: the shell and any sleep it started
    killIfAlive(beacon?.pid);
    terminal.kill();
    killIfAlive(pid);
  }
});
