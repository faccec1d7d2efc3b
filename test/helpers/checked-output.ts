// Ink's Output in Ink's renderer, with the bundle's (src/text/fast-output.ts) drawing the same operations
// beside it (checked-output-hook.js puts it there). Ink's frame is the one rendered; a frame where the two
// differ is kept in `outputChecks.mismatches` for the test to report.
import type { Clip, OutputTransformer } from '../../src/text/fast-output.js';
import { fastOutput, inkOutput } from './ink-output.js';

export const outputChecks = { frames: 0, mismatches: [] as { ink: string; fast: string }[] };

const Ink = await inkOutput();
const Fast = fastOutput();

export default class CheckedOutput extends Ink {
  private readonly fast: InstanceType<typeof Fast>;
  constructor(options: { width: number; height: number }) {
    super(options);
    this.fast = new Fast(options);
  }
  override write(x: number, y: number, text: string, options: { transformers: OutputTransformer[] }): void {
    super.write(x, y, text, options);
    this.fast.write(x, y, text, options);
  }
  override clip(clip: Clip): void {
    super.clip(clip);
    this.fast.clip(clip);
  }
  override unclip(): void {
    super.unclip();
    this.fast.unclip();
  }
  override get(): { output: string; height: number } {
    const ink = super.get();
    const fast = this.fast.get();
    outputChecks.frames++;
    if (fast.output !== ink.output || fast.height !== ink.height) outputChecks.mismatches.push({ ink: ink.output, fast: fast.output });
    return ink;
  }
}
