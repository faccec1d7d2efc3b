// Where everything goes for a terminal size. Pure, so every size is testable without Ink.
// A frame is at most rows - 1 lines. The limit dates from Ink 6.8's own renderer, which clears the whole
// terminal before every frame as tall as the terminal (build/ink.js onRender); our frames go through
// runtime/frame-writer.ts instead, which writes at absolute rows and has no such limit.

export const MIN_COLUMNS = 40;
export const MIN_ROWS = 8;

export interface Layout {
  columns: number;
  /** Lines of the whole frame (rows - 1). */
  height: number;
  /** Lines above the column header: the title and the memory block. */
  headerLines: number;
  /** Process rows that fit under the column header and above the footer. */
  listRows: number;
  tooSmall: boolean;
}

/** `headerLines`: the title plus the memory block (see memory-lines.ts), which varies with the data. */
/** `footerLines`: the footer plus any status lines above it (a preview, a result). */
export function computeLayout(columns: number, rows: number, headerLines = 1, footerLines = 1): Layout {
  const height = Math.max(1, rows - 1);
  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  const columnHeader = 1;
  return {
    columns,
    height,
    headerLines,
    listRows: tooSmall ? 0 : Math.max(1, height - headerLines - columnHeader - footerLines),
    tooSmall,
  };
}
