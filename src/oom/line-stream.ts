// Splits a byte stream into text lines without ever holding more than one line (and one chunk) in memory,
// which is what lets `explain` read a 100 MB log in bounded memory. An absurdly long line (a binary file, a
// log without newlines) is cut at maxLineChars; the rest of it, up to the next newline, is dropped.
import { StringDecoder } from 'node:string_decoder';

export const DEFAULT_MAX_LINE_CHARS = 64 * 1024;

export async function* splitLines(
  chunks: AsyncIterable<Buffer | string>,
  maxLineChars: number = DEFAULT_MAX_LINE_CHARS,
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  let dropping = false;
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      const piece = text.slice(start, newline);
      start = newline + 1;
      if (!dropping) yield (partial + piece).slice(0, maxLineChars);
      partial = '';
      dropping = false;
    }
    if (dropping) continue;
    partial += text.slice(start);
    if (partial.length > maxLineChars) {
      yield partial.slice(0, maxLineChars);
      partial = '';
      dropping = true;
    }
  }
  const tail = partial + decoder.end();
  if (!dropping && tail.length > 0) yield tail.slice(0, maxLineChars);
}
