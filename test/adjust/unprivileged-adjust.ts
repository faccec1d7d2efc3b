// Run as an unprivileged user by real-adjust.test.ts: applies one change through the same code path the
// keys use and prints the result as JSON. Usage: unprivileged-adjust.ts PID STARTTIME VALUE
import { applyAdjustment } from '../../src/model/steering/adjuster.js';
import { liveAdjusterDeps } from '../../src/runtime/live-adjuster.js';

const [pid, starttime, value] = process.argv.slice(2).map(Number);
if (pid === undefined || starttime === undefined || value === undefined) throw new Error('usage: PID STARTTIME VALUE');
const result = applyAdjustment({ pid, starttime, name: 'sleep' }, value, liveAdjusterDeps({ readOnly: false, logPath: null }));
process.stdout.write(`${JSON.stringify({ uid: process.getuid?.(), outcome: result.outcome, message: result.message })}\n`);
