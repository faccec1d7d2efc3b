// earlyoom's argv, limits, victim choice and timing. The argv cases and the limits they print are from
// earlyoom's own CLI test table (rfjakob/earlyoom testsuite_cli_test.go TestCli, master 750a7c0,
// https://github.com/rfjakob/earlyoom/blob/master/testsuite_cli_test.go): an argv earlyoom refuses
// ("fatal", exit 13/15/16) must give errors here, and an argv it accepts none.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { earlyoomLimits, parseEarlyoomArgv } from '../../src/killers/earlyoom-options.js';
import { earlyoomRanking, forecastEarlyoom } from '../../src/killers/earlyoom-forecast.js';
import type { BoxMemory, CandidateProcess } from '../../src/killers/types.js';

const argv = (...args: string[]): string[] => ['earlyoom', ...args];
const TOTALS = { memTotalKb: 8024108, swapTotalKb: 102396 }; // the meminfo quoted in TestCli's comment

test('TestCli: the argvs earlyoom refuses are errors here, the ones it runs with are not', () => {
  const refused = [['-m', '0'], ['-m', '-10'], ['-m', '100'], ['-s', '101'], ['-s', '0'], ['-s', '-10'], ['xyz'], ['-i', '1'],
    ['-m', '1,-1'], ['-m', '1000,-1000'], ['-M', '-1'], ['-m', '-1'], ['-m', '2147483648'], ['-S', '-1'], ['-s', '4294967296']];
  for (const args of refused) assert.notDeepEqual(parseEarlyoomArgv(argv(...args)).errors, [], args.join(' '));
  const accepted = [[], ['-p'], ['-d'], ['-m', '1'], ['-s', '2'], ['-s', '100'], ['-r=0'], ['-r', '0.1'], ['--avoid', 'MyProcess1'],
    ['--prefer', 'MyProcess2'], ['--ignore-root-user'], ['--sort-by-rss'], ['-i'], ['-m', '2,1'], ['-m', '1,2'], ['-s', '2,1'],
    ['-m', '5,0'], ['-m', '5,9'], ['-m', '3.14'], ['-m', '7,3.14'], ['-s', '12.34'], ['--kernel-oom', '--dryrun']];
  for (const args of accepted) assert.deepEqual(parseEarlyoomArgv(argv(...args)).errors, [], args.join(' '));
});

test('TestCli: the limits earlyoom prints for an argv ("sending SIGTERM when mem avail <= …")', () => {
  const limits = (...args: string[]) => earlyoomLimits(parseEarlyoomArgv(argv(...args)), TOTALS);
  assert.deepEqual(limits(), { memTermPercent: 10, memKillPercent: 5, swapTermPercent: 10, swapKillPercent: 5 });
  assert.deepEqual(limits('-m', '2,1'), { memTermPercent: 2, memKillPercent: 1, swapTermPercent: 10, swapKillPercent: 5 });
  assert.deepEqual(limits('-s', '2,1'), { memTermPercent: 10, memKillPercent: 5, swapTermPercent: 2, swapKillPercent: 1 });
  assert.equal(limits('-m', '3.14').memTermPercent, 3.14);
  assert.equal(limits('-m', '7,3.14').memKillPercent, 3.14);
  assert.equal(limits('-m', '30').memKillPercent, 15); // MANPAGE.md: "earlyoom -m 30 # sets PERCENT=30, KILL_PERCENT=15"
  assert.deepEqual(limits('-m', '5,9'), { memTermPercent: 9, memKillPercent: 9, swapTermPercent: 10, swapKillPercent: 5 });
  // "-m 10 -M <1% of MemTotal>" → "SIGTERM when mem avail <=  1.00%": the lower of both.
  assert.equal(limits('-m', '10', '-M', String(Math.floor(TOTALS.memTotalKb / 100))).memTermPercent.toFixed(2), '1.00');
  // "-s 10 -S <2% of SwapTotal>" → "swap free <=  1.00%": the SIGKILL line, KILL_SIZE defaulting to SIZE/2.
  const swapSized = limits('-s', '10', '-S', String(Math.floor((TOTALS.swapTotalKb * 2) / 100)));
  assert.deepEqual([swapSized.swapTermPercent.toFixed(2), swapSized.swapKillPercent.toFixed(2)], ['2.00', '1.00']);
  // "-S: total swap is zero, using default percentages"
  assert.equal(earlyoomLimits(parseEarlyoomArgv(argv('-S', '1000')), { memTotalKb: 1000, swapTotalKb: 0 }).swapTermPercent, 10);
});

test('argv forms getopt_long accepts: clusters, attached values, --opt=value, abbreviations', () => {
  const options = parseEarlyoomArgv(argv('-pm5,2', '-s100,100', '--pref=^python', '--avoid', '(^|/)(init|X|sshd|firefox)$', '--dry'));
  assert.deepEqual(options.memPercent, { term: 5, kill: 2 });
  assert.deepEqual(options.swapPercent, { term: 100, kill: 100 });
  assert.equal(options.prefer, '^python');
  assert.equal(options.avoid, '(^|/)(init|X|sshd|firefox)$');
  assert.equal(options.dryRun, true);
  assert.deepEqual(options.errors, []);
  assert.match(parseEarlyoomArgv(argv('--ignore-r', '--i')).errors.join(), /ambiguous/);
  assert.deepEqual(parseEarlyoomArgv(argv('--', '-m', '5')).errors, ["extra argument not understood: '-m'"]);
});

const proc = (pid: number, name: string, oomScore: number | null, rssKb: number, extra: Partial<CandidateProcess> = {}): CandidateProcess =>
  ({ pid, name, cmdline: name, oomScore, oomScoreAdj: 0, rssKb, kernelThread: false, uid: 1000, ...extra });

const PROCESSES: CandidateProcess[] = [
  proc(1, 'systemd', 0, 12000),
  proc(2, 'kthreadd', 0, 0, { kernelThread: true }),
  proc(400, 'mysqld', 700, 4_000_000),
  proc(410, 'python3', 500, 900_000),
  proc(420, 'sshd', 720, 9000, { oomScoreAdj: -1000 }),
  proc(430, 'Xorg', 690, 300_000, { uid: 0 }),
  proc(440, 'gone', null, 0),
];

test('victim: highest oom_score; -1000, pid ≤ 2, kernel threads and unreadable scores are skipped', () => {
  assert.deepEqual(earlyoomRanking(parseEarlyoomArgv(argv()), PROCESSES, 999).map((v) => v.pid), [400, 430, 410]);
});

test('victim: --prefer adds 300 and --avoid subtracts 300, matched on comm; --ignore and --ignore-root-user drop', () => {
  assert.equal(earlyoomRanking(parseEarlyoomArgv(argv('--prefer', '^python')), PROCESSES, 999)[0]?.name, 'python3');
  assert.equal(earlyoomRanking(parseEarlyoomArgv(argv('--avoid', 'mysql')), PROCESSES, 999)[0]?.name, 'Xorg');
  const ignoring = earlyoomRanking(parseEarlyoomArgv(argv('--ignore', '^mysqld$', '--ignore-root-user')), PROCESSES, 999);
  assert.deepEqual(ignoring.map((v) => v.name), ['python3']);
  // regcomp(REG_EXTENDED) bracket classes work as in POSIX.
  assert.equal(earlyoomRanking(parseEarlyoomArgv(argv('--prefer', '^p[[:alpha:]]+[[:digit:]]$')), PROCESSES, 999)[0]?.name, 'python3');
});

test('victim: ties go to the larger VmRSS; --sort-by-rss ranks by RSS; earlyoom picking itself kills nobody', () => {
  const tied = [proc(10, 'a', 600, 100), proc(11, 'b', 600, 200)];
  assert.equal(earlyoomRanking(parseEarlyoomArgv(argv()), tied, null)[0]?.name, 'b');
  assert.equal(earlyoomRanking(parseEarlyoomArgv(argv('--sort-by-rss')), [proc(10, 'a', 900, 100), proc(11, 'b', 100, 200)], null)[0]?.name, 'b');
  assert.deepEqual(earlyoomRanking(parseEarlyoomArgv(argv()), [proc(77, 'earlyoom', 900, 100)], 77), []);
});

const BOX: BoxMemory = { totalKb: 8_000_000, availableKb: 2_000_000, swapTotalKb: 2_000_000, swapFreeKb: 1_000_000, anonPagesKb: 6_000_000 };

test('when: both conditions must hold; the later of the two ETAs at the current slopes', () => {
  // user mem total 8 000 000: the 10% floor is 800 000 KiB, 1 200 000 away at -1000/s = 1200 s;
  // swap floor 200 000 KiB, 800 000 away at -1000/s = 800 s. Both: 1200 s.
  const forecast = forecastEarlyoom(parseEarlyoomArgv(argv()), BOX, { availableKbPerSec: -1000, swapFreeKbPerSec: -1000 }, PROCESSES, 999);
  assert.equal(forecast.etaSeconds, 1200);
  assert.equal(forecast.signal, 'SIGTERM');
  assert.deepEqual(forecast.victims, [{ pid: 400, name: 'mysqld' }]);
  assert.equal(forecast.outcome, 'kill');
  // Swap not falling: memory alone never triggers it.
  assert.equal(forecastEarlyoom(parseEarlyoomArgv(argv()), BOX, { availableKbPerSec: -1000, swapFreeKbPerSec: 0 }, PROCESSES, 999).etaSeconds, null);
  // "-s 100" is how earlyoom is told to act on memory alone.
  assert.equal(forecastEarlyoom(parseEarlyoomArgv(argv('-s', '100')), BOX, { availableKbPerSec: -1000, swapFreeKbPerSec: null }, PROCESSES, 999).etaSeconds, 1200);
});

test('when: below the KILL floors now is SIGKILL at 0; no swap means memory alone; --dryrun is a dry run', () => {
  const low: BoxMemory = { ...BOX, availableKb: 300_000, swapFreeKb: 50_000 };
  const now = forecastEarlyoom(parseEarlyoomArgv(argv('--dryrun')), low, { availableKbPerSec: null, swapFreeKbPerSec: null }, PROCESSES, 999);
  assert.deepEqual([now.etaSeconds, now.signal, now.outcome], [0, 'SIGKILL', 'dry-run']);
  const noSwap: BoxMemory = { totalKb: 1_000_000, availableKb: 150_000, swapTotalKb: 0, swapFreeKb: 0, anonPagesKb: 850_000 };
  assert.equal(forecastEarlyoom(parseEarlyoomArgv(argv()), noSwap, { availableKbPerSec: -500, swapFreeKbPerSec: null }, PROCESSES, 999).etaSeconds, 100);
  const unknownAnon = forecastEarlyoom(parseEarlyoomArgv(argv()), { ...BOX, anonPagesKb: null }, { availableKbPerSec: null, swapFreeKbPerSec: null }, PROCESSES, 999);
  assert.match(unknownAnon.caveats.join(), /AnonPages unknown/);
});
