// Hostile names. Real processes rename themselves through prctl(PR_SET_NAME) or exec with a hostile argv,
// carrying ESC, CSI and OSC sequences, BEL, CR, LF, a C1 control (U+009B, the 8-bit CSI), a bidi override
// and invalid UTF-8, while oomlens runs in tmux as root would run it: the pane's title must not change,
// the screen must not be cleared or written over, and each name must appear as visible escapes on its own
// row. --json and --once carry no raw control character. A kernel log whose OOM report names such a
// process goes through `oomlens explain` as escaped text only.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fixturePath } from '../helpers/fixtures.js';
import { hasTmux } from '../helpers/tmux.js';
import { BIN, MAX_OUTPUT, hasTool, oomlensCommand, screenWithEscapes, sleep, waitForExit, waitForKillList, Terminal } from './harness.js';

const skipPython = hasTool('python3') ? false : 'python3 is not installed';
const skipTmux = skipPython || (hasTmux() ? false : 'tmux is not installed');
if (skipTmux) console.log(`# skipping the hostile-process tests: ${skipTmux}`);

/** Raw control characters that must never reach a terminal: C0 (but \n), DEL, C1. */
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

interface Hostile {
  what: string;
  mode: 'comm' | 'argv';
  /** comm: the name; argv: argv[0] and the last argument. */
  bytes: Buffer[];
  /** What oomlens must show instead, on the process's row. */
  shown: string[];
}

const HOSTILE: Hostile[] = [
  { what: 'OSC 0 (set title) in comm', mode: 'comm', bytes: [Buffer.from('\x1b]0;pwned\x07', 'latin1')], shown: ['\\e]0;pwned\\a'] },
  {
    what: 'CSI clear + home, CR and LF in comm',
    mode: 'comm',
    bytes: [Buffer.from('\x1b[2J\x1b[H\rX\nY', 'latin1')],
    shown: ['\\e[2J\\e[H\\rX\\nY'],
  },
  {
    what: 'a bidi override, a UTF-8 C1 CSI and invalid UTF-8 in comm',
    mode: 'comm',
    bytes: [Buffer.from([0xe2, 0x80, 0xae, 0x65, 0x76, 0x69, 0x6c, 0xc2, 0x9b, 0xff])],
    shown: ['\\u202eevil\\x9b\ufffd'],
  },
  {
    what: 'OSC 2 and CSI in argv[0], SGR, C1 and invalid UTF-8 in an argument',
    mode: 'argv',
    bytes: [Buffer.from('x \x1b]2;owned\x07\x1b[2J', 'latin1'), Buffer.from([...Buffer.from('\x1b[31mRED', 'latin1'), 0xc2, 0x9b, 0xff])],
    // COMMAND is the comm, then the arguments after argv[0]'s first space: "x " is not shown.
    shown: ['\\e]2;owned\\a\\e[2J', '\\e[31mRED\\x9b\ufffd'],
  },
];

const children: ChildProcess[] = [];
const pids = new Map<Hostile, number>();

async function startHostile(hostile: Hostile): Promise<number> {
  const script = join(fixturePath('hygiene'), 'hostile-process.py');
  const args = [script, hostile.mode, ...hostile.bytes.map((b) => b.toString('hex')), '300'];
  const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (data: Buffer) => data.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`hostile-process.py ${hostile.mode} exited with ${code}`)));
  });
  return child.pid!;
}

before(async () => {
  if (skipPython) return;
  for (const hostile of HOSTILE) pids.set(hostile, await startHostile(hostile));
});

after(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** The line of `text` that starts with `pid` (a kill-list row). */
function rowOf(text: string, pid: number): string | undefined {
  return text.split('\n').find((line) => new RegExp(`^[> ]*${pid} `).test(line));
}

test('control: printing the OSC raw does retitle a tmux pane (so the check below can see an attack)', { skip: skipTmux, timeout: 30_000 }, async () => {
  const terminal = new Terminal(`printf '\\033]0;pwned\\007'; sleep 30`, 80, 24);
  try {
    const deadline = Date.now() + 5000;
    while (terminal.pane('pane_title') !== 'pwned' && Date.now() < deadline) await sleep(50);
    assert.equal(terminal.pane('pane_title'), 'pwned');
  } finally {
    terminal.kill();
  }
});

test('in tmux: the pane title is unchanged, the screen intact, each hostile name escaped on its own row', { skip: skipTmux, timeout: 60_000 }, async () => {
  const terminal = new Terminal(oomlensCommand(), 220, 50);
  try {
    const titleBefore = terminal.pane('pane_title');
    const allShown = (s: string) => HOSTILE.every((h) => h.shown.every((text) => rowOf(s, pids.get(h)!)?.includes(text)));
    await waitForKillList(terminal);
    const screen = await terminal.waitFor(allShown, 20_000);
    // A few more refreshes with the names on screen.
    await sleep(1500);
    const later = terminal.screen();
    assert.ok(allShown(later), later);
    assert.equal(terminal.pane('pane_title'), titleBefore, 'no OSC reached the terminal');
    assert.doesNotMatch(terminal.pane('pane_title'), /pwned|owned/);
    for (const view of [screen, later]) {
      const lines = view.split('\n');
      assert.match(lines[0]!, /^oomlens \S+ · /, 'the title line is still on top: nothing cleared or homed the screen');
      assert.match(lines[1]!, /^next kill/);
      // MEM follows, after any notice ("reading 2,000 more processes" on a busy box).
      assert.ok(lines.slice(2, 6).some((line) => /^MEM +\[/.test(line)), 'the MEM gauge is near the top');
      assert.ok(!lines.some((line) => /^[XY]\b/.test(line)), 'no CR or LF moved text to the start of a line');
    }
    const styled = screenWithEscapes(terminal);
    const argvRow = rowOf(styled, pids.get(HOSTILE[3]!)!) ?? '';
    assert.ok(argvRow.includes('\\e[31mRED'), 'the SGR in the argument is shown as text');
    assert.doesNotMatch(argvRow, /\x1b\[31mRED/, 'and did not turn anything red');
    assert.equal(terminal.pane('alternate_on'), '1');
    terminal.keys('q');
    assert.equal((await waitForExit(terminal)).code, 0);
  } finally {
    terminal.kill();
  }
});

test('--json: valid JSON, names escaped, no control character in any string', { skip: skipPython }, () => {
  const run = spawnSync(process.execPath, [BIN, '--json', '--interval', '0.2'], { encoding: 'utf8', timeout: 60_000, maxBuffer: MAX_OUTPUT });
  assert.equal(run.status, 0, run.stderr);
  assert.doesNotMatch(run.stdout, RAW_CONTROL, 'no raw control byte in the output');
  const snapshot = JSON.parse(run.stdout) as { processes: { pid: number; name: string; cgroup: string | null }[] };
  for (const process of snapshot.processes) {
    assert.doesNotMatch(process.name, RAW_CONTROL, `pid ${process.pid}: the name was sanitised before JSON`);
    assert.doesNotMatch(process.cgroup ?? '', RAW_CONTROL);
  }
  for (const hostile of HOSTILE.filter((h) => h.mode === 'comm')) {
    const found = snapshot.processes.find((p) => p.pid === pids.get(hostile));
    assert.equal(found?.name, hostile.shown[0], hostile.what);
  }
});

test('--once: every hostile row is escaped text; no control character anywhere', { skip: skipPython }, () => {
  const run = spawnSync(process.execPath, [BIN, '--once', '--interval', '0.2'], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: MAX_OUTPUT,
    env: { ...process.env, COLUMNS: '250' },
  });
  assert.equal(run.status, 0, run.stderr);
  assert.doesNotMatch(run.stdout, RAW_CONTROL);
  for (const hostile of HOSTILE) {
    const row = rowOf(run.stdout, pids.get(hostile)!);
    for (const text of hostile.shown) assert.ok(row?.includes(text), `${hostile.what}: ${JSON.stringify(text)} in ${JSON.stringify(row)}`);
  }
});

/** A real report (6.18, dmesg) whose process is renamed to `name` everywhere it appears. */
function hostileLog(name: Buffer): Buffer {
  const report = readFileSync(fixturePath('oom', 'real-memcg-v1-6.18-dmesg.txt'));
  const parts: Buffer[] = [];
  let start = 0;
  const needle = Buffer.from('python3');
  for (let at = report.indexOf(needle); at !== -1; at = report.indexOf(needle, start)) {
    parts.push(report.subarray(start, at), name);
    start = at + needle.length;
  }
  parts.push(report.subarray(start));
  return Buffer.concat(parts);
}

function explainBoth(name: Buffer): { human: SpawnSyncReturns<string>; json: SpawnSyncReturns<string> } {
  const dir = mkdtempSync(join(tmpdir(), 'oomlens-hostile-log-'));
  try {
    const log = join(dir, 'kern.log');
    writeFileSync(log, hostileLog(name));
    return {
      human: spawnSync(process.execPath, [BIN, 'explain', log], { encoding: 'utf8', timeout: 30_000 }),
      json: spawnSync(process.execPath, [BIN, 'explain', '--json', log], { encoding: 'utf8', timeout: 30_000 }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ReportsJson {
  reports: { victims: { name: string }[]; trigger: { name: string }; tasks: { name: string }[] }[];
}

function assertReportNames(run: ReturnType<typeof explainBoth>, shown: string): void {
  assert.equal(run.human.status, 0, run.human.stderr);
  assert.match(run.human.stdout, /^OOM report 1 · /m);
  assert.ok(run.human.stdout.includes(`Killed   ${shown} (pid 3892`), run.human.stdout);
  assert.ok(run.human.stdout.includes(`Trigger  ${shown} (pid 3892)`), run.human.stdout);
  assert.equal(run.json.status, 0, run.json.stderr);
  const parsed = JSON.parse(run.json.stdout) as ReportsJson;
  assert.equal(parsed.reports.length, 1);
  const report = parsed.reports[0]!;
  assert.equal(report.victims[0]!.name, shown);
  assert.equal(report.trigger.name, shown);
  assert.equal(report.tasks[0]?.name, shown, 'the task table row is read too');
}

function assertNoRawControl(run: ReturnType<typeof explainBoth>): void {
  for (const stream of [run.human.stdout, run.human.stderr, run.json.stdout, run.json.stderr]) assert.doesNotMatch(stream, RAW_CONTROL);
  // JSON.stringify would escape a raw control as \u001b: every string must have been sanitised before that.
  if (run.json.status === 0) for (const text of allStrings(JSON.parse(run.json.stdout))) assert.doesNotMatch(text, RAW_CONTROL);
}

function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

test('explain: a kernel log naming a hostile process prints only escaped text, human and --json', () => {
  // ESC, OSC, CSI, BEL, a UTF-8 C1, invalid UTF-8 and a bidi override in the comm of a real 6.18 report.
  const name = Buffer.from([...Buffer.from('\x1b]0;pwned\x07\x1b[2J', 'latin1'), 0xc2, 0x9b, 0xff, 0xe2, 0x80, 0xae]);
  const run = explainBoth(name);
  assertNoRawControl(run);
  assertReportNames(run, '\\e]0;pwned\\a\\e[2J\\x9b\ufffd\\u202e');
});

// A comm may hold \r (prctl takes any byte but NUL). A kernel log line cannot hold \n, but \r survives into
// dmesg, syslog and --kernel-log files.
const WITH_CR = Buffer.from([...Buffer.from('\x1b]0;pwned\x07\r', 'latin1'), 0xff]);

test('explain: a \\r inside a comm is never printed raw', () => {
  assertNoRawControl(explainBoth(WITH_CR));
});

test('explain: a \\r inside a comm does not hide the OOM report', () => {
  assertReportNames(explainBoth(WITH_CR), '\\e]0;pwned\\a\\r\ufffd');
});
