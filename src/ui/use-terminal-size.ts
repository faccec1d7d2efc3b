// Ink 6 has no window-size hook: follow the stream's resize events ourselves.
import { useEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

export function readSize(stream: NodeJS.WriteStream): TerminalSize {
  return { columns: stream.columns || 80, rows: stream.rows || 24 };
}

export function useTerminalSize(stream: NodeJS.WriteStream): TerminalSize {
  const [size, setSize] = useState(() => readSize(stream));
  useEffect(() => {
    const onResize = () => setSize(readSize(stream));
    stream.on('resize', onResize);
    return () => {
      stream.off('resize', onResize);
    };
  }, [stream]);
  return size;
}
