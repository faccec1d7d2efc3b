// The on-disk unit of the flight recorder: one record, length-prefixed and checksummed, appended to a
// segment file (a write-ahead log's framing). A record that was cut short (kill -9 mid-write, power loss,
// a full disk) or whose bytes changed fails its length or CRC check and is reported as torn: the reader
// stops at it and keeps everything before it, never fails.
//
//   segment  = MAGIC record*
//   record   = u32 LE payload length | u32 LE CRC-32 of payload | payload
//   payload  = u8 codec | f64 LE wall-clock ms | body (codec-specific)
import { crc32 } from 'node:zlib';

export const SEGMENT_MAGIC = Buffer.from('OOMLSEG1', 'latin1');
const FRAME_HEADER = 8;
const PAYLOAD_HEADER = 9;
/** No sample comes near this; a length above it is garbage, not a record to wait for. */
export const MAX_RECORD_BYTES = 16 << 20;

export interface Frame {
  codec: number;
  wallMs: number;
  body: Buffer;
}

export function encodeFrame(frame: Frame): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER + PAYLOAD_HEADER + frame.body.length);
  const payload = out.subarray(FRAME_HEADER);
  payload.writeUInt8(frame.codec, 0);
  payload.writeDoubleLE(frame.wallMs, 1);
  frame.body.copy(payload, PAYLOAD_HEADER);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  return out;
}

export interface DecodedFrames {
  frames: Frame[];
  /** Bytes of the file that hold whole, valid records (after the magic): where an append may go on. */
  validBytes: number;
  /** Why reading stopped before the end of the file, or null when every byte was a good record. */
  torn: string | null;
}

/** Every whole record of a segment, in order, up to the first torn one. */
export function decodeFrames(file: Buffer): DecodedFrames {
  if (file.length < SEGMENT_MAGIC.length || !file.subarray(0, SEGMENT_MAGIC.length).equals(SEGMENT_MAGIC)) {
    return { frames: [], validBytes: 0, torn: file.length === 0 ? null : 'not a segment (bad magic)' };
  }
  const frames: Frame[] = [];
  let offset = SEGMENT_MAGIC.length;
  while (offset < file.length) {
    if (file.length - offset < FRAME_HEADER) return { frames, validBytes: offset, torn: 'cut short in a record header' };
    const length = file.readUInt32LE(offset);
    const crc = file.readUInt32LE(offset + 4);
    if (length < PAYLOAD_HEADER || length > MAX_RECORD_BYTES) return { frames, validBytes: offset, torn: `bad record length ${length}` };
    if (file.length - offset - FRAME_HEADER < length) return { frames, validBytes: offset, torn: 'cut short in a record' };
    const payload = file.subarray(offset + FRAME_HEADER, offset + FRAME_HEADER + length);
    if (crc32(payload) !== crc) return { frames, validBytes: offset, torn: 'CRC mismatch' };
    frames.push({ codec: payload.readUInt8(0), wallMs: payload.readDoubleLE(1), body: payload.subarray(PAYLOAD_HEADER) });
    offset += FRAME_HEADER + length;
  }
  return { frames, validBytes: offset, torn: null };
}
