// Turns a terminal capture with SGR escapes (what `tmux capture-pane -p -e` prints) into a self-contained SVG
// that looks like a dark terminal window. Pure: text in, text out.
//
// Every piece of text sits at x = column × cellWidth, so columns line up whatever the font's advance is.
// Backgrounds, underlines and strike-throughs are rectangles over the cells, never text decorations, so spaces
// need not be drawn at all. Style carries over line ends, as it does in tmux's output. Colours are presentation
// attributes, so the stylesheet must never set `fill` on text (a CSS rule would override them).
import stringWidth from 'string-width';

type Attribute = 'bold' | 'dim' | 'italic' | 'underline' | 'inverse' | 'hidden' | 'strike';
export type CellStyle = Readonly<Record<Attribute, boolean>> & {
  readonly fg?: string | undefined; // '#rrggbb', undefined = the terminal's default
  readonly bg?: string | undefined;
};

/** One grapheme on the screen; a wide one (CJK, most emoji) takes two cells. */
export interface ScreenCell {
  readonly text: string;
  readonly width: 1 | 2;
  readonly style: CellStyle;
}

export interface SvgOptions {
  readonly caption: string;
  /** The terminal's size; the grid grows if a line is wider or there are more lines. */
  readonly columns?: number;
  readonly rows?: number;
}

export const GEOMETRY = { fontSize: 14, cellWidth: 8.4, cellHeight: 18, padding: 14, titleBarHeight: 30 };
export const DEFAULT_FG = '#d3d7cf';
export const DEFAULT_BG = '#1b1d23';
const FONT_STACK = `'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', 'Noto Sans Mono CJK SC', monospace`;

/** The 16 ANSI colours (Tango, as GNOME Terminal draws them). */
export const ANSI_16 = [
  '#2e3436', '#cc0000', '#4e9a06', '#c4a000', '#3465a4', '#75507b', '#06989a', '#d3d7cf',
  '#555753', '#ef2929', '#8ae234', '#fce94f', '#729fcf', '#ad7fa8', '#34e2e2', '#eeeeec',
];

const PLAIN: CellStyle = {
  bold: false, dim: false, italic: false, underline: false, inverse: false, hidden: false, strike: false,
};

function hex(red: number, green: number, blue: number): string {
  const byte = (value: number) => Math.max(0, Math.min(255, value | 0)).toString(16).padStart(2, '0');
  return `#${byte(red)}${byte(green)}${byte(blue)}`;
}

/** xterm's 256-colour palette: 16 ANSI colours, a 6×6×6 cube, 24 greys. */
export function xterm256(index: number): string {
  if (index < 16) return ANSI_16[index] ?? DEFAULT_FG;
  if (index >= 232) return hex(8 + 10 * (index - 232), 8 + 10 * (index - 232), 8 + 10 * (index - 232));
  const level = (step: number) => (step === 0 ? 0 : 55 + 40 * step);
  const cube = index - 16;
  return hex(level(Math.floor(cube / 36)), level(Math.floor(cube / 6) % 6), level(cube % 6));
}

/** 38/48 arguments, either `5;n` / `2;r;g;b` (following params) or `5:n` / `2::r:g:b` (sub-params). */
function extendedColor(args: readonly string[], colonForm: boolean): { color: string | undefined; used: number } {
  const numbers = args.map((arg) => Number(arg || '0'));
  if (numbers[0] === 5) return { color: xterm256((numbers[1] ?? 0) & 255), used: 2 };
  if (numbers[0] === 2) {
    const rgb = colonForm && numbers.length >= 5 ? numbers.slice(2, 5) : numbers.slice(1, 4);
    return { color: hex(rgb[0] ?? 0, rgb[1] ?? 0, rgb[2] ?? 0), used: 4 };
  }
  return { color: undefined, used: args.length };
}

type MutableStyle = { -readonly [K in keyof CellStyle]: CellStyle[K] };

/** SGR codes that set or clear one attribute (or a colour back to the default). */
const ATTRIBUTE_CODES: Record<number, Partial<MutableStyle>> = {
  1: { bold: true }, 2: { dim: true }, 3: { italic: true }, 4: { underline: true }, 7: { inverse: true },
  8: { hidden: true }, 9: { strike: true }, 21: { underline: true }, 22: { bold: false, dim: false },
  23: { italic: false }, 24: { underline: false }, 27: { inverse: false }, 28: { hidden: false },
  29: { strike: false }, 39: { fg: undefined }, 49: { bg: undefined },
};

function applyCode(style: MutableStyle, code: number, subparams: readonly string[]): void {
  if (code >= 30 && code <= 37) style.fg = ANSI_16[code - 30];
  else if (code >= 90 && code <= 97) style.fg = ANSI_16[code - 90 + 8];
  else if (code >= 40 && code <= 47) style.bg = ANSI_16[code - 40];
  else if (code >= 100 && code <= 107) style.bg = ANSI_16[code - 100 + 8];
  else if (code === 0) Object.assign(style, PLAIN, { fg: undefined, bg: undefined });
  else if (code === 4) style.underline = subparams[0] !== '0'; // 4:0 is "no underline", 4:1..4:5 its styles
  else Object.assign(style, ATTRIBUTE_CODES[code]);
}

/** The style after one SGR sequence, `ESC [ params m`. */
export function applySgr(current: CellStyle, paramText: string): CellStyle {
  const style: MutableStyle = { ...current };
  const params = paramText === '' ? ['0'] : paramText.split(';');
  for (let i = 0; i < params.length; i += 1) {
    const [codeText = '', ...subparams] = (params[i] ?? '').split(':');
    const code = Number(codeText || '0');
    if (code === 38 || code === 48 || code === 58) {
      const colonForm = subparams.length > 0;
      const { color, used } = extendedColor(colonForm ? subparams : params.slice(i + 1), colonForm);
      if (!colonForm) i += used;
      if (code === 38) style.fg = color;
      if (code === 48) style.bg = color;
    } else {
      applyCode(style, code, subparams);
    }
  }
  return style;
}

// CSI (any final byte), OSC (ends at BEL or ST), other two-byte escapes, stray C0 controls, a line end, or text.
const TOKEN = /\x1b\[([0-9;:<=>?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]?|\n|[\x00-\x1f\x7f]|[^\x00-\x1f\x7f]+/g;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function appendText(row: ScreenCell[], text: string, style: CellStyle): void {
  for (const { segment } of graphemes.segment(text)) {
    const width = stringWidth(segment);
    const previous = row.at(-1);
    if (width === 0 && previous) row[row.length - 1] = { ...previous, text: previous.text + segment };
    else if (width > 0) row.push({ text: segment, width: width >= 2 ? 2 : 1, style });
  }
}

/** The capture as rows of cells. A final line end does not make an extra row. */
export function parseCapture(capture: string): ScreenCell[][] {
  const rows: ScreenCell[][] = [[]];
  let style = PLAIN;
  for (const match of capture.matchAll(TOKEN)) {
    const token = match[0];
    if (token === '\n') rows.push([]);
    else if (match[2] === 'm' && !/^[<=>?]/.test(match[1] ?? '')) style = applySgr(style, match[1] ?? '');
    else if (!/^[\x00-\x1f\x7f]/.test(token)) appendText(rows[rows.length - 1]!, token, style);
  }
  if (rows.length > 1 && rows.at(-1)!.length === 0 && capture.endsWith('\n')) rows.pop();
  return rows;
}

export function escapeXml(text: string): string {
  return text
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '\ufffd')
    .replace(/[&<>"']/g, (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char]};`);
}

/** Colours as drawn: inverse swaps them, the defaults filled in. bg undefined means the window shows through. */
export function drawnColors(style: CellStyle): { fg: string; bg: string | undefined } {
  if (!style.inverse) return { fg: style.fg ?? DEFAULT_FG, bg: style.bg };
  return { fg: style.bg ?? DEFAULT_BG, bg: style.fg ?? DEFAULT_FG };
}

const number = (value: number) => String(Math.round(value * 100) / 100);
export const columnX = (column: number) => GEOMETRY.padding + column * GEOMETRY.cellWidth;
const rowTop = (row: number) => GEOMETRY.titleBarHeight + GEOMETRY.padding / 2 + row * GEOMETRY.cellHeight;
const baseline = (row: number) => rowTop(row) + Math.round(GEOMETRY.cellHeight * 0.74);

/** Block elements (U+2580..U+259F) as rectangles in fractions of a cell, [left, top, right, bottom]. */
function blockElement(text: string): { parts: number[][]; opacity: number } | undefined {
  const code = text.length === 1 ? text.charCodeAt(0) : 0;
  if (code < 0x2580 || code > 0x259f) return undefined;
  if (code === 0x2580) return { parts: [[0, 0, 1, 0.5]], opacity: 1 };
  if (code <= 0x2588) return { parts: [[0, 1 - (code - 0x2580) / 8, 1, 1]], opacity: 1 }; // lower n/8, full
  if (code <= 0x258f) return { parts: [[0, 0, (0x2590 - code) / 8, 1]], opacity: 1 }; // left 7/8 .. 1/8
  if (code === 0x2590) return { parts: [[0.5, 0, 1, 1]], opacity: 1 };
  if (code <= 0x2593) return { parts: [[0, 0, 1, 1]], opacity: (code - 0x2590) / 4 }; // light, medium, dark shade
  if (code === 0x2594) return { parts: [[0, 0, 1, 1 / 8]], opacity: 1 };
  if (code === 0x2595) return { parts: [[7 / 8, 0, 1, 1]], opacity: 1 };
  const quadrants = [4, 8, 1, 13, 9, 7, 11, 2, 6, 14][code - 0x2596] ?? 0; // 1 UL, 2 UR, 4 LL, 8 LR
  const corners = [[0, 0, 0.5, 0.5], [0.5, 0, 1, 0.5], [0, 0.5, 0.5, 1], [0.5, 0.5, 1, 1]];
  return { parts: corners.filter((_, bit) => quadrants & (1 << bit)), opacity: 1 };
}

/** Block elements drawn as filled rectangles, as terminals draw them: they fill the cell, so bars join up. */
function blockRects(row: readonly ScreenCell[], index: number): string[] {
  const drawn: { left: number; top: number; right: number; bottom: number; fill: string; opacity: number }[] = [];
  let column = 0;
  for (const cell of row) {
    const block = cell.style.hidden ? undefined : blockElement(cell.text);
    const fill = drawnColors(cell.style).fg;
    const opacity = (block?.opacity ?? 1) * (cell.style.dim ? 0.6 : 1);
    for (const [left = 0, top = 0, right = 1, bottom = 1] of block?.parts ?? []) {
      const last = drawn.at(-1);
      const joins = last && last.right === column + left && last.top === top && last.bottom === bottom;
      if (joins && last.fill === fill && last.opacity === opacity) last.right = column + right;
      else drawn.push({ left: column + left, top, right: column + right, bottom, fill, opacity });
    }
    column += cell.width;
  }
  return drawn.map(({ left, top, right, bottom, fill, opacity }) => {
    const height = (bottom - top) * GEOMETRY.cellHeight;
    const shape = rect(left, rowTop(index) + top * GEOMETRY.cellHeight, right - left, height, fill);
    return opacity === 1 ? shape : shape.replace('/>', ` opacity="${number(opacity)}"/>`);
  });
}

interface Span { column: number; cells: number; key: string }

/** Consecutive cells whose `keyOf` is equal and not undefined, merged into spans. */
function spansOf(row: readonly ScreenCell[], keyOf: (cell: ScreenCell) => string | undefined): Span[] {
  const spans: Span[] = [];
  let column = 0;
  for (const cell of row) {
    const key = keyOf(cell);
    const last = spans.at(-1);
    if (key !== undefined && last && last.key === key && last.column + last.cells === column) last.cells += cell.width;
    else if (key !== undefined) spans.push({ column, cells: cell.width, key });
    column += cell.width;
  }
  return spans;
}

function rect(column: number, top: number, cells: number, height: number, fill: string): string {
  const width = number(cells * GEOMETRY.cellWidth);
  return `<rect x="${number(columnX(column))}" y="${number(top)}" width="${width}" height="${number(height)}" fill="${fill}"/>`;
}

function rowRects(row: readonly ScreenCell[], index: number): string[] {
  const top = rowTop(index);
  const backgrounds = spansOf(row, (cell) => drawnColors(cell.style).bg)
    .map((span) => rect(span.column, top, span.cells, GEOMETRY.cellHeight, span.key));
  const lines = (flag: 'underline' | 'strike', y: number) =>
    spansOf(row, (cell) => (cell.style[flag] && !cell.style.hidden ? drawnColors(cell.style).fg : undefined))
      .map((span) => rect(span.column, y, span.cells, 1, span.key));
  return [...backgrounds, ...lines('underline', baseline(index) + 2), ...lines('strike', top + GEOMETRY.cellHeight / 2)];
}

function textKey(style: CellStyle): string {
  const classes = [style.bold && 'b', style.dim && 'd', style.italic && 'i'].filter(Boolean).join(' ');
  return `${drawnColors(style).fg}|${classes}`;
}

interface TextChunk { column: number; cells: number; text: string; key: string; graphemes: number }

/**
 * Same-style text, split at wide characters and at runs of two or more spaces, each chunk at its own column.
 * Spaces and block elements are not text here: rectangles draw them.
 */
function textChunks(row: readonly ScreenCell[]): TextChunk[] {
  const chunks: TextChunk[] = [];
  let column = 0;
  let open: TextChunk | undefined;
  let spaces = 0;
  for (const cell of row) {
    if (cell.text === ' ' || cell.style.hidden || blockElement(cell.text)) spaces += cell.width;
    else {
      const key = textKey(cell.style);
      if (open && open.key === key && spaces <= 1 && cell.width === 1) {
        open.text += ' '.repeat(spaces) + cell.text;
        open.cells += spaces + 1;
        open.graphemes += spaces + 1;
      } else {
        open = { column, cells: cell.width, text: cell.text, key, graphemes: 1 };
        chunks.push(open);
      }
      if (cell.width === 2) open = undefined;
      spaces = 0;
    }
    column += cell.width;
  }
  return chunks;
}

function rowTexts(row: readonly ScreenCell[], index: number): string[] {
  return textChunks(row).map((chunk) => {
    const [fill, classes] = chunk.key.split('|');
    const fillAttribute = fill === DEFAULT_FG ? '' : ` fill="${fill}"`;
    const classAttribute = classes ? ` class="${classes}"` : '';
    const length = chunk.graphemes > 1
      ? ` textLength="${number(chunk.cells * GEOMETRY.cellWidth)}" lengthAdjust="spacingAndGlyphs"` : '';
    const position = `x="${number(columnX(chunk.column))}" y="${number(baseline(index))}"`;
    return `<text ${position}${fillAttribute}${classAttribute}${length}>${escapeXml(chunk.text)}</text>`;
  });
}

function windowFrame(width: number, height: number, caption: string): string[] {
  const bar = GEOMETRY.titleBarHeight;
  // Centred between the traffic lights and their mirror image, at about 7 px a character of 13 px sans.
  const captionChars = Math.max(1, Math.floor((width - 2 * 80) / 7));
  const fitted = [...caption].length > captionChars ? `${[...caption].slice(0, captionChars - 1).join('')}…` : caption;
  const dots = ['#ff5f57', '#febc2e', '#28c840']
    .map((color, i) => `<circle cx="${18 + i * 20}" cy="${bar / 2}" r="6" fill="${color}"/>`);
  return [
    `<rect width="${width}" height="${height}" rx="8" fill="${DEFAULT_BG}"/>`,
    `<path d="M0 ${bar}V8a8 8 0 0 1 8-8H${width - 8}a8 8 0 0 1 8 8V${bar}Z" fill="#2c2f37"/>`,
    ...dots,
    `<text class="caption" x="${number(width / 2)}" y="${bar / 2 + 4.5}" text-anchor="middle">${escapeXml(fitted)}</text>`,
  ];
}

/** The capture as an SVG document of a terminal window with `caption` in its title bar. */
export function ansiToSvg(capture: string, options: SvgOptions): string {
  const rows = parseCapture(capture);
  const columns = Math.max(options.columns ?? 0, ...rows.map((row) => row.reduce((sum, cell) => sum + cell.width, 0)));
  const rowCount = Math.max(options.rows ?? 0, rows.length);
  const width = Math.ceil(columnX(columns) + GEOMETRY.padding);
  const height = Math.ceil(rowTop(rowCount) + GEOMETRY.padding / 2);
  const style = [
    `text{font-family:${FONT_STACK};font-size:${GEOMETRY.fontSize}px;white-space:pre}`,
    '.b{font-weight:bold}.i{font-style:italic}.d{opacity:.6}',
    `.caption{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;fill:#a0a4ad}`,
  ].join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xml:space="preserve">`,
    `<style>${style}</style>`,
    ...windowFrame(width, height, options.caption),
    '<g shape-rendering="crispEdges">',
    ...rows.flatMap(rowRects),
    ...rows.flatMap(blockRects),
    '</g>',
    `<g fill="${DEFAULT_FG}">`,
    ...rows.flatMap(rowTexts),
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
