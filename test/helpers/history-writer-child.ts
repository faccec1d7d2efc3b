// A separate process that appends samples to a recording until it is killed: the crash (kill -9) and
// concurrent-reader tests run the real writer in a real process. argv: DIR COUNT|forever SYNC(0|1).
import { SegmentWriter } from '../../src/history/segment-writer.js';

const [dir, countText, syncText] = process.argv.slice(2);
const writer = new SegmentWriter({ dir: dir!, maxSegmentBytes: 64 * 1024, maxSegmentMs: 3600_000, sync: syncText === '1' });
const count = countText === 'forever' ? Infinity : Number(countText);
const filler = 'x'.repeat(300);
for (let i = 0; i < count; i += 1) {
  const outcome = writer.append(Date.now(), { i, filler, rows: [[i, i * 2, `proc-${i % 17}`]] });
  if (!outcome.ok) throw new Error(outcome.message);
  if (i === 9) process.stdout.write('ten\n');
}
writer.close();
