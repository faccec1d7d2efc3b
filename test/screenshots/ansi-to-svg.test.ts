import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ANSI_16, DEFAULT_BG, DEFAULT_FG, GEOMETRY, ansiToSvg, applySgr, columnX, escapeXml, parseCapture, xterm256,
} from '../../scripts/ansi-to-svg.js';

const ESC = '\x1b';

interface DrawnText { x: number; y: number; fill: string; classes: string; text: string }

/** The terminal text elements of an SVG (not the caption), with XML entities decoded. */
function texts(svg: string): DrawnText[] {
  const found: DrawnText[] = [];
  for (const match of svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"([^>]*)>([^<]*)<\/text>/g)) {
    const attributes = match[3] ?? '';
    found.push({
      x: Number(match[1]),
      y: Number(match[2]),
      fill: /fill="([^"]+)"/.exec(attributes)?.[1] ?? DEFAULT_FG,
      classes: /class="([^"]+)"/.exec(attributes)?.[1] ?? '',
      text: (match[4] ?? '').replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) =>
        ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name] ?? ''),
    });
  }
  return found;
}

function textOf(svg: string, text: string): DrawnText {
  const found = texts(svg).find((drawn) => drawn.text === text);
  assert.ok(found, `no <text> "${text}" in\n${svg}`);
  return found;
}

/** Background rectangles (full cell height) inside the terminal area. */
function backgrounds(svg: string): { x: number; width: number; fill: string }[] {
  return [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="([\d.]+)" fill="([^"]+)"\/>/g)]
    .filter((match) => Number(match[3]) === GEOMETRY.cellHeight)
    .map((match) => ({ x: Number(match[1]), width: Number(match[2]), fill: match[4]! }));
}

const near = (actual: number, expected: number, message?: string) =>
  assert.ok(Math.abs(actual - expected) < 0.02, message ?? `${actual} is not ${expected}`);

const svgOf = (capture: string) => ansiToSvg(capture, { caption: 'test', columns: 20, rows: 3 });

test('16 colours, bright colours, 256 colours and 24-bit colours, foreground and background', () => {
  const plain = parseCapture('x')[0]![0]!.style;
  assert.equal(applySgr(plain, '31').fg, ANSI_16[1]);
  assert.equal(applySgr(plain, '97').fg, ANSI_16[15]);
  assert.equal(applySgr(plain, '44').bg, ANSI_16[4]);
  assert.equal(applySgr(plain, '103').bg, ANSI_16[11]);
  assert.equal(applySgr(plain, '38;5;196').fg, '#ff0000');
  assert.equal(applySgr(plain, '38;5;16').fg, '#000000');
  assert.equal(applySgr(plain, '38;5;3').fg, ANSI_16[3]);
  assert.equal(applySgr(plain, '48;5;244').bg, '#808080');
  assert.equal(applySgr(plain, '38;2;1;2;255').fg, '#0102ff');
  assert.equal(applySgr(plain, '38:2::10:20:30').fg, '#0a141e', 'ITU colon form with an empty colour space');
  assert.equal(applySgr(plain, '48:5:21').bg, '#0000ff');
  assert.equal(applySgr(plain, '38;5;196;1').bold, true, 'parameters after an extended colour still apply');
  assert.equal(applySgr(applySgr(plain, '31;42'), '39').fg, undefined);
  assert.equal(applySgr(applySgr(plain, '31;42'), '49').bg, undefined);
  assert.equal(xterm256(231), '#ffffff');
  assert.equal(xterm256(255), '#eeeeee');

  const svg = svgOf(`${ESC}[31mred${ESC}[0m ${ESC}[38;2;255;128;0mrgb${ESC}[0m ${ESC}[42mgreen`);
  assert.equal(textOf(svg, 'red').fill, ANSI_16[1]);
  assert.equal(textOf(svg, 'rgb').fill, '#ff8000');
  assert.equal(textOf(svg, 'green').fill, DEFAULT_FG);
  assert.deepEqual(backgrounds(svg), [{ x: columnX(8), width: 5 * GEOMETRY.cellWidth, fill: ANSI_16[2] }]);
});

test('bold, dim and italic become classes; underline and strike-through become rectangles', () => {
  const svg = svgOf(`${ESC}[1mB${ESC}[22;2mD${ESC}[22;3mI${ESC}[0m ${ESC}[4mu l${ESC}[24m`);
  assert.equal(textOf(svg, 'B').classes, 'b');
  assert.equal(textOf(svg, 'D').classes, 'd');
  assert.equal(textOf(svg, 'I').classes, 'i');
  const underline = /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="1" fill="([^"]+)"\/>/.exec(svg);
  assert.ok(underline, 'an underline rectangle');
  near(Number(underline[1]), columnX(4));
  near(Number(underline[2]), 3 * GEOMETRY.cellWidth, 'the underline covers the space too');
});

test('inverse swaps the colours, with defaults filled in; 27 turns it off', () => {
  const svg = svgOf(`${ESC}[7mINV${ESC}[27m plain ${ESC}[31;42;7mRG`);
  assert.equal(textOf(svg, 'INV').fill, DEFAULT_BG);
  assert.equal(textOf(svg, 'plain').fill, DEFAULT_FG);
  assert.equal(textOf(svg, 'RG').fill, ANSI_16[2]);
  assert.deepEqual(backgrounds(svg).map((rect) => rect.fill), [DEFAULT_FG, ANSI_16[1]]);
  near(backgrounds(svg)[1]!.x, columnX(10));
});

test('resets: 0, an empty SGR, and style that carries over a line end without a reset', () => {
  const svg = svgOf(`${ESC}[1;31mA${ESC}[0mB${ESC}[32mC${ESC}[mD\n${ESC}[33mcarried\nstill${ESC}[0m\nplain`);
  assert.equal(textOf(svg, 'A').fill, ANSI_16[1]);
  assert.equal(textOf(svg, 'A').classes, 'b');
  assert.equal(textOf(svg, 'B').fill, DEFAULT_FG);
  assert.equal(textOf(svg, 'B').classes, '');
  assert.equal(textOf(svg, 'C').fill, ANSI_16[2]);
  assert.equal(textOf(svg, 'D').fill, DEFAULT_FG);
  assert.equal(textOf(svg, 'still').fill, ANSI_16[3], 'tmux does not repeat the style on the next line');
  assert.equal(textOf(svg, 'plain').fill, DEFAULT_FG);
  assert.equal(applySgr(applySgr(parseCapture('x')[0]![0]!.style, '1;2'), '22').dim, false, '22 ends bold and dim');
});

test('XML special characters are escaped in the text and in the caption', () => {
  const svg = ansiToSvg(`a<b> & "c" 'd' ]]>`, { caption: `<oomlens & "co">`, columns: 80 });
  assert.doesNotMatch(svg.replace(/<\/?[a-z][^>]*>/g, ''), /[<>]/, 'no bare < or > outside tags');
  assert.doesNotMatch(svg, /&(?!(amp|lt|gt|quot|apos);)/, 'every & starts an entity');
  assert.match(svg, /&lt;oomlens &amp; &quot;co&quot;&gt;/);
  assert.equal(texts(svg).map((drawn) => drawn.text).join(' '), `a<b> & "c" 'd' ]]>`);
  assert.equal(escapeXml('bad\ud800\x01'), 'bad\ufffd\ufffd', 'lone surrogates and C0 controls cannot break the XML');
});

test('other escape sequences and control characters are dropped', () => {
  const capture = `${ESC}]0;title${ESC}\\${ESC}]8;;http://x${ESC}\\ab${ESC}[2J${ESC}[10;1Hc\x07d\r${ESC}(B${ESC}[?25l${ESC}[>4;1m`;
  assert.deepEqual(parseCapture(capture).map((row) => row.map((cell) => cell.text).join('')), ['abcd']);
  assert.equal(parseCapture(`${capture}e`)[0]!.at(-1)!.style.bold, false, 'a private CSI ... m is not SGR');
});

test('wide characters take two cells and push what follows two columns on', () => {
  const rows = parseCapture('中文ab\n👩‍💻x\ne\u0301y');
  assert.deepEqual(rows[0]!.map((cell) => cell.width), [2, 2, 1, 1]);
  assert.deepEqual(rows[1]!.map((cell) => [cell.text, cell.width]), [['👩‍💻', 2], ['x', 1]]);
  assert.deepEqual(rows[2]!.map((cell) => cell.text), ['e\u0301', 'y'], 'a combining mark stays with its letter');
  const svg = svgOf('中文ab\n|x|');
  near(textOf(svg, '中').x, columnX(0));
  near(textOf(svg, '文').x, columnX(2));
  near(textOf(svg, 'ab').x, columnX(4));
  const wide = ansiToSvg('中'.repeat(30), { caption: 'wide', columns: 10 });
  assert.match(wide, new RegExp(`width="${Math.ceil(columnX(60) + GEOMETRY.padding)}"`), 'the grid grows to 60 columns');
});

test('columns line up: every chunk of text starts at its own column, whatever came before it', () => {
  const header = `${ESC}[1;7m  PID USER     SCORE${ESC}[0m`;
  const row = `${ESC}[31m12345${ESC}[0m ${ESC}[2mroot${ESC}[0m      ${ESC}[33;1m1333${ESC}[0m`;
  const svg = svgOf(`${header}\n${row}`);
  near(textOf(svg, 'PID USER').x, columnX(2), 'one space does not split a chunk');
  near(textOf(svg, '12345').x, columnX(0));
  near(textOf(svg, 'root').x, columnX(6));
  near(textOf(svg, 'SCORE').x, columnX(15));
  near(textOf(svg, '1333').x, columnX(16));
  assert.ok(textOf(svg, '12345').y < textOf(svg, 'root').y + 0.01, 'same row, same baseline');
  near(textOf(svg, 'PID USER').y + GEOMETRY.cellHeight, textOf(svg, 'root').y, 'the next row is one cell lower');
  const words = svgOf('one two  three');
  assert.deepEqual(texts(words).map((drawn) => drawn.text), ['one two', 'three'], 'split at two or more spaces');
  near(textOf(words, 'three').x, columnX(9));
});

test('block elements are rectangles that fill their cells; a run of full blocks is one rectangle', () => {
  const svg = svgOf(`a${ESC}[32m███${ESC}[0m▕▒b`);
  assert.deepEqual(texts(svg).map((drawn) => drawn.text), ['a', 'b'], 'blocks are not drawn as text');
  const [bar] = backgrounds(svg);
  assert.equal(bar?.fill, ANSI_16[2]);
  near(bar!.x, columnX(1));
  near(bar!.width, 3 * GEOMETRY.cellWidth);
  const eighth = /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="18" fill="#d3d7cf"\/>/.exec(svg);
  assert.ok(eighth, 'the right one-eighth block');
  near(Number(eighth[1]), columnX(4) + (GEOMETRY.cellWidth * 7) / 8);
  near(Number(eighth[2]), GEOMETRY.cellWidth / 8);
  assert.match(svg, new RegExp(`<rect x="${columnX(5)}" [^>]*fill="${DEFAULT_FG}" opacity="0.5"/>`), 'a medium shade');
  const lower = /<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="[^"]+"\/>/;
  const [, top, height] = lower.exec(svgOf('▂'))!;
  near(Number(height), GEOMETRY.cellHeight / 4, 'a lower quarter block');
  near(Number(top) + Number(height), GEOMETRY.titleBarHeight + GEOMETRY.padding / 2 + GEOMETRY.cellHeight);
});

test('the window has the requested size, a title bar with the caption, and an empty line ends no extra row', () => {
  const svg = ansiToSvg('hello\n', { caption: 'kill list', columns: 100, rows: 30 });
  assert.equal(parseCapture('hello\n').length, 1);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="(\d+)" height="(\d+)"/);
  const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg)!;
  assert.equal(Number(width), Math.ceil(columnX(100) + GEOMETRY.padding));
  assert.ok(Number(height) >= GEOMETRY.titleBarHeight + 30 * GEOMETRY.cellHeight);
  assert.match(svg, /<text class="caption"[^>]*>kill list<\/text>/);
  assert.match(svg, /<\/svg>\n$/);
  const narrow = ansiToSvg('x', { caption: 'a caption far too long for a window only forty columns wide', columns: 40 });
  assert.match(narrow, /<text class="caption"[^>]*>a caption[^<]*…<\/text>/, 'a long caption is cut to fit');
});
