// What 80x24 and 120x40 give room to, in a real terminal (tmux): the kill list's columns by width (FILE and
// SHMEM from 100 columns, the cgroup by its unit or id, COMMAND the rest), and lines that take a shorter
// form instead of being cut ("no line ends in … where a shorter form exists").
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixturePath, fixtureText } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { hasTmux } from '../helpers/tmux.js';
import { hasKillList, oomlensCommand, Terminal, waitForKillList } from './harness.js';

const skip = hasTmux() ? false : 'tmux is not installed';
if (skip) console.log(`# skipping the width tests: ${skip}`);

const SIZES = [[80, 24], [120, 40]] as const;

/** oomlens over the fixture tree (or the live box), in a terminal of the given size. */
function start(columns: number, rows: number, options: { live?: boolean; args?: string[]; kernelLog?: string } = {}): Terminal {
  const tree = options.live ? [] : ['--root', fixturePath('proc-basic'), '--kernel-log', options.kernelLog ?? '/dev/null'];
  const command = oomlensCommand({
    args: [...tree, '--interval', '0.5', ...(options.args ?? [])],
    env: { XDG_STATE_HOME: tempDir('oomlens-widths-') },
  });
  return new Terminal(command, columns, rows);
}

const lineWith = (screen: string, pattern: RegExp) => screen.split('\n').find((line) => pattern.test(line)) ?? '';

for (const [columns, rows] of SIZES) {
  test(`${columns}x${rows}: FILE and SHMEM from 100 columns; CGROUP by unit or id; COMMAND gets the room`, { skip, timeout: 60_000 }, async () => {
    const terminal = start(columns, rows);
    try {
      const screen = await terminal.waitFor(hasKillList, 30_000);
      const header = lineWith(screen, /\bPID\b/);
      if (columns < 100) assert.doesNotMatch(header, /FILE|SHMEM/, screen);
      else assert.match(header, /ANON +FILE SHMEM +SWAP/, screen);
      const command = header.indexOf('COMMAND');
      assert.ok(columns - command >= 15, `COMMAND has room for a whole comm:\n${screen}`);
      // A container id whole (12 hex digits, as docker ps shows it); a unit by its name.
      assert.match(lineWith(screen, /^ +889 /), / 0123456789ab +two\\nlines/, screen);
      assert.match(lineWith(screen, /^ +1234 /), columns < 100 ? / mysql +!mysqld --data/ : / mysql\.service +!mysqld --datadir=/, screen);
    } finally {
      terminal.kill();
    }
  });
}

for (const [columns, rows] of SIZES) {
  test(`${columns}x${rows}: the SWAP line keeps its labelled sparkline; SWAP and PSI lines take shorter forms, not …`, { skip, timeout: 60_000 }, async () => {
    const terminal = start(columns, rows);
    try {
      // The sparkline needs a few refreshes of rates.
      const screen = await terminal.waitFor((s) => / si\+so +[▁]{3,} max 0p\/s/.test(s), 30_000);
      const swap = lineWith(screen, /^SWAP /);
      if (columns >= 100) assert.match(swap, /si 0p\/s 0B\/s {2}so 0p\/s 0B\/s {2}si\+so/, screen);
      else assert.match(swap, /si 0p\/s so 0p\/s {2}si\+so/, screen);
      assert.doesNotMatch(swap, /zsw/, 'the fixture kernel has no zswap counters');
      // The fixture kernel has no PSI: the line says so, and commit stays whole.
      assert.match(lineWith(screen, /^PSI /), /^PSI n\/a .* commit 11G \/ limit 5\.8G/, screen);
      for (const line of [swap, lineWith(screen, /^PSI /)]) assert.doesNotMatch(line, /…/, screen);
    } finally {
      terminal.kill();
    }
  });
}

for (const [columns, rows] of SIZES) {
  test(`${columns}x${rows}: the title keeps the uptime whole; the last kill keeps its victim`, { skip, timeout: 60_000 }, async () => {
    // A kernel log file is followed as tail -f does: the kills are appended once oomlens runs.
    const log = join(tempDir('oomlens-widths-log-'), 'kern.log');
    writeFileSync(log, '');
    const terminal = start(columns, rows, { kernelLog: log });
    try {
      await terminal.waitFor(hasKillList, 30_000);
      // dmesg -T stamps: the kill has a wall time, so the header's kill text is at its longest.
      appendFileSync(log, fixtureText('oom', 'real-memcg-v1-6.18-repeat-dmesg-T.txt'));
      const screen = await terminal.waitFor((s) => / · last\b/.test(s), 30_000);
      const title = screen.split('\n')[0]!;
      assert.match(title, /^oomlens db-prod · (6\.8\.0-51-generic · )?up 12d 3h · 0\.5s +OOM kills 4 · last\b.*: perl\b.* \(o\)$/, screen);
      assert.doesNotMatch(title, /…(?!\/)/, 'nothing is cut (`…/` is a path shortened to its last component)');
      if (columns >= 120) assert.match(title, /: perl in \/oomlens-repeat-a-27271 \(o\)$/, 'at 120 the cgroup too');
      terminal.keys('Space');
      const paused = await terminal.waitFor((s) => s.includes('PAUSED'), 10_000);
      assert.match(paused.split('\n')[0]!, /· up 12d 3h · PAUSED +OOM kills 4 · last\b/, 'PAUSED is in the title, whole');
    } finally {
      terminal.kill();
    }
  });
}

for (const [columns, rows] of SIZES) {
  test(`${columns}x${rows}: the cgroup view's footer drops hints instead of cutting the way back`, { skip, timeout: 60_000 }, async () => {
    const terminal = start(columns, rows, { live: true });
    try {
      await waitForKillList(terminal);
      terminal.keys('c');
      const screen = await terminal.waitFor((s) => /\bCGROUP\b/.test(s) && /\bUSAGE\b/.test(s), 15_000);
      const footer = screen.split('\n')[rows - 2]!.trimEnd();
      assert.match(footer, /c\/Esc back {2}q quit$/, screen);
      assert.doesNotMatch(footer, /…/, screen);
      assert.doesNotMatch(screen, /…[0-9a-f]{13,}/, `no path cut inside a container id:\n${screen}`);
    } finally {
      terminal.kill();
    }
  });
}

/** The OOM panel's lines: from its title bar to the line above the footer. */
function panelLines(screen: string, rows: number): string[] {
  const lines = screen.split('\n');
  const title = lines.findIndex((line) => /^ OOM /.test(line));
  return title < 0 ? [] : lines.slice(title, rows - 2);
}

for (const [columns, rows] of SIZES) {
  test(`${columns}x${rows}: the OOM panel wraps its lines rather than cutting them`, { skip, timeout: 60_000 }, async () => {
    const log = join(tempDir('oomlens-widths-log-'), 'kern.log');
    writeFileSync(log, '');
    const terminal = start(columns, rows, { kernelLog: log });
    try {
      await terminal.waitFor(hasKillList, 30_000);
      appendFileSync(log, fixtureText('oom', 'real-memcg-v1-6.18-kmsg.txt'));
      const screen = await terminal.waitFor((s) => / OOM 1\/1 /.test(s) && /\.json *$/m.test(s), 15_000);
      const panel = panelLines(screen, rows);
      for (const line of panel) assert.doesNotMatch(line.trimEnd(), /…$/, `a panel line is cut:\n${screen}`);
      const words = panel.join(' ').replace(/\s+/g, ' ');
      assert.match(words, /Trigger python3 \(pid 3892\) asked for an order-0 allocation, gfp_mask 0xcc0, oom_score_adj 0/, screen);
      assert.match(words, /saved (\/|…\/)\S+\.json/, screen);
    } finally {
      terminal.kill();
    }
  });
}

test('80x24: a kill without a report leaves the kill list on screen, and no blank rows in the panel', { skip, timeout: 60_000 }, async () => {
  const root = tempDir('oomlens-widths-root-');
  cpSync(fixturePath('proc-basic'), root, { recursive: true });
  const terminal = new Terminal(oomlensCommand({
    args: ['--root', root, '--kernel-log', '/dev/null', '--interval', '0.5'],
    env: { XDG_STATE_HOME: tempDir('oomlens-widths-') },
  }), 80, 24);
  try {
    await terminal.waitFor(hasKillList, 30_000);
    const vmstat = join(root, 'proc', 'vmstat');
    writeFileSync(vmstat, readFileSync(vmstat, 'utf8').replace(/^oom_kill 4$/m, 'oom_kill 5'));
    const screen = await terminal.waitFor((s) => s.includes('a kill without a report'), 15_000);
    assert.match(screen, /^ +1234 mysql /m, `the list stays:\n${screen}`);
    const panel = panelLines(screen, 24);
    assert.deepEqual(panel.filter((line) => line.trim() === ''), [], `no blank rows:\n${screen}`);
  } finally {
    terminal.kill();
  }
});

for (const [columns, rows] of SIZES) {
  test(`${columns}x${rows}: the help says where changes are logged, the path whole, no line cut`, { skip, timeout: 60_000 }, async () => {
    // A state directory with a long path, as a user's home can give it.
    const state = join(tempDir('oomlens-widths-'), 'a-rather-long-directory-name-for-the-state-of-tools');
    const terminal = new Terminal(oomlensCommand({ args: ['--interval', '0.5'], env: { XDG_STATE_HOME: state } }), columns, rows);
    try {
      await waitForKillList(terminal);
      terminal.keys('?');
      const screen = await terminal.waitFor((s) => s.includes('steering: '), 15_000);
      const lines = screen.split('\n');
      const at = lines.findIndex((line) => line.startsWith('steering: '));
      assert.match(lines[at]!, /^steering: each change and each refused write is logged, with who and when, in *$/, screen);
      const path = `${state}/oomlens/adjustments.log`;
      // Too long for 80 columns: its start and its end, the middle elided.
      assert.equal(lines[at + 1]!.trimEnd(), columns >= path.length + 2 ? `  ${path}` : `  ${state.slice(0, state.lastIndexOf('/') + 1)}…/oomlens/adjustments.log`, screen);
      for (const line of lines) assert.doesNotMatch(line.trimEnd(), /…$/, screen);
    } finally {
      terminal.kill();
    }
  });
}

test('72x22: the help is reflowed to the width, every page whole, paging reaches its last line', { skip, timeout: 60_000 }, async () => {
  const terminal = start(72, 22);
  try {
    await terminal.waitFor(hasKillList, 30_000);
    terminal.keys('?');
    let screen = await terminal.waitFor((s) => /^lines 1-\d+ of \d+ /m.test(s), 15_000);
    const pages: string[] = [screen];
    while (!/^lines \d+-(\d+) of \1 /m.test(screen)) {
      const before = screen;
      terminal.keys('Space');
      screen = await terminal.waitFor((s) => s !== before && /^lines /m.test(s), 10_000);
      pages.push(screen);
    }
    for (const page of pages) {
      for (const line of page.split('\n')) {
        assert.ok(line.trimEnd().length <= 72, line);
        assert.doesNotMatch(line.trimEnd(), /…$/, `a help line is cut:\n${page}`);
      }
    }
    assert.match(pages.at(-1)!, /OOM panel says so\)/, 'the last page ends with the last entry');
    assert.match(pages[0]!, /^s {19}sort: SCORE, RSS, SWAP, ADJ, PID, GROW\/m \(▼ in the *\n {20}header\)/m, "a key's text wraps under its text");
  } finally {
    terminal.kill();
  }
});

test('80x24 on this box: no swap says so, without rates that cannot move nor zswap counters that never moved', { skip, timeout: 60_000 }, async () => {
  const terminal = start(80, 24, { live: true });
  try {
    const screen = await waitForKillList(terminal);
    const swap = lineWith(screen, /^SWAP /);
    if (!/^SWAP none/.test(swap)) return; // a box with swap: the fixture tests above cover it
    assert.equal(swap.trimEnd(), 'SWAP none: with no swap an OOM comes with no grace', screen);
  } finally {
    terminal.kill();
  }
});

test('80x24 on this box: no cgroup shows as a cut hash (`2f24c0…`)', { skip, timeout: 60_000 }, async () => {
  const terminal = start(80, 24, { live: true });
  try {
    const screen = await waitForKillList(terminal);
    assert.doesNotMatch(screen, /\b[0-9a-f]{4,}…/, screen);
  } finally {
    terminal.kill();
  }
});
