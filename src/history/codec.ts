// How a sample becomes a record body: JSON, deflated. The first record of a segment is deflated alone (a
// key record); every later one with the key record's JSON as deflate's preset dictionary, so the names,
// cgroup paths and figures that repeat from sample to sample cost a few bytes, while each record still
// decodes on its own given only its segment's first record (no chain to break). Measured in the README.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export const CODEC_JSON = 0;
export const CODEC_KEY = 1;
export const CODEC_DELTA = 2;

/** deflate's window: a dictionary longer than this is used by its last 32 KiB only. */
const MAX_DICTIONARY = 32 * 1024;
const LEVEL = 6;

export class SegmentEncoder {
  private dictionary: Buffer | null = null;

  /** The body and codec of the next record of this segment. */
  encode(value: unknown): { codec: number; body: Buffer } {
    const json = Buffer.from(JSON.stringify(value), 'utf8');
    if (this.dictionary === null) {
      this.dictionary = json.subarray(Math.max(0, json.length - MAX_DICTIONARY));
      return { codec: CODEC_KEY, body: deflateRawSync(json, { level: LEVEL }) };
    }
    return { codec: CODEC_DELTA, body: deflateRawSync(json, { level: LEVEL, dictionary: this.dictionary }) };
  }
}

export class SegmentDecoder {
  private dictionary: Buffer | null = null;

  /** The value of a record; throws on a body that does not inflate or parse (the caller counts it). */
  decode(codec: number, body: Buffer): unknown {
    switch (codec) {
      case CODEC_JSON:
        return JSON.parse(body.toString('utf8'));
      case CODEC_KEY: {
        const json = inflateRawSync(body);
        this.dictionary ??= json.subarray(Math.max(0, json.length - MAX_DICTIONARY));
        return JSON.parse(json.toString('utf8'));
      }
      case CODEC_DELTA:
        if (this.dictionary === null) throw new Error('a delta record before its key record');
        return JSON.parse(inflateRawSync(body, { dictionary: this.dictionary }).toString('utf8'));
      default:
        throw new Error(`unknown codec ${codec}`);
    }
  }
}
