// Run by self-protection.test.ts in a process of its own (it changes its own oom_score_adj): protects
// itself as oomlens does, then starts programs through src/oom/command-lines.ts as the kernel-log readers
// do, and prints, as JSON, the oom_score_adj each of them and their children read, and its own after.
import { readFileSync } from 'node:fs';
import { runCommand } from '../../src/oom/command-lines.js';
import { protectSelf, readOwnOomScoreAdj } from '../../src/procfs/self-protection.js';

async function firstLine(command: string, args: string[]): Promise<string> {
  const run = runCommand(command, args);
  for await (const line of run.lines) {
    run.stop();
    return line;
  }
  return '';
}

/** A long-running child's own oom_score_adj, read from outside while it runs; then it is stopped. */
async function childAdj(command: string, args: string[]): Promise<number | null> {
  const before = new Set(children());
  const run = runCommand(command, args);
  const deadline = Date.now() + 5000;
  let pid: number | undefined;
  while (pid === undefined && Date.now() < deadline) {
    pid = children().find((child) => !before.has(child));
    if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  try {
    return pid === undefined ? null : Number(readFileSync(`/proc/${pid}/oom_score_adj`, 'utf8'));
  } finally {
    run.stop();
    await run.outcome;
  }
}

function children(): number[] {
  const text = readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').trim();
  return text === '' ? [] : text.split(/\s+/).map(Number);
}

const protection = protectSelf();
const grandchild = await firstLine('sh', ['-c', 'sh -c "cat /proc/self/oom_score_adj"']);
const journalctl = await childAdj('journalctl', ['-k', '-f', '-n', '0', '--no-pager']);
process.stdout.write(
  `${JSON.stringify({ protection, grandchild: Number(grandchild), journalctl, ownAfter: readOwnOomScoreAdj() })}\n`,
);
