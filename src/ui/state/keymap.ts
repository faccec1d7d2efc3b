// Key → action, per mode. Pure: the Ink hook feeds it useInput's (input, key).
import type { Key } from 'ink';
import { isAdjustKey } from '../../model/steering/adjust-keys.js';
import type { Action, Mode } from './state.js';

export type KeyInfo = Pick<
  Key,
  'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'ctrl' | 'backspace' | 'delete' | 'tab' | 'meta'
>;

export const NO_KEY: KeyInfo = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false,
  return: false, escape: false, ctrl: false, backspace: false, delete: false, tab: false, meta: false,
};

function movementKeys(input: string, key: KeyInfo): Action | null {
  if (key.upArrow) return { type: 'move', delta: -1 };
  if (key.downArrow) return { type: 'move', delta: 1 };
  if (key.pageUp) return { type: 'page', direction: -1 };
  if (key.pageDown) return { type: 'page', direction: 1 };
  if (key.home || input === 'g') return { type: 'home' };
  if (key.end || input === 'G') return { type: 'end' };
  // 'k' toggles kernel threads, so vi's j/k pair is not used; Emacs' Ctrl-N/Ctrl-P move instead.
  if (key.ctrl && input === 'n') return { type: 'move', delta: 1 };
  if (key.ctrl && input === 'p') return { type: 'move', delta: -1 };
  return null;
}

function cgroupKeys(input: string, key: KeyInfo): Action | null {
  if (key.return) return { type: 'enterCgroup' };
  // Esc closes the OOM panel first, then the view.
  if (key.escape) return { type: 'escape' };
  if (input === 'c') return { type: 'closeOverlay' };
  if (input === 'o') return { type: 'togglePanel' };
  if (key.leftArrow) return { type: 'browsePanel', delta: -1 };
  if (key.rightArrow) return { type: 'browsePanel', delta: 1 };
  if (input === 'q') return { type: 'quit' };
  if (input === '?') return { type: 'openHelp' };
  if (input === 's') return { type: 'cycleCgroupSort' };
  return movementKeys(input, key);
}

function listKeys(input: string, key: KeyInfo): Action | null {
  const move = movementKeys(input, key);
  if (move) return move;
  if (key.escape) return { type: 'escape' };
  if (isAdjustKey(input)) return { type: 'adjustKey', key: input };
  if (key.leftArrow) return { type: 'browsePanel', delta: -1 };
  if (key.rightArrow) return { type: 'browsePanel', delta: 1 };
  if (key.ctrl) return null;
  switch (input) {
    case 'c': return { type: 'openCgroups' };
    case '=': return { type: 'startPrompt' };
    case 'u': return { type: 'undo' };
    case 'o': return { type: 'togglePanel' };
    case 'k': return { type: 'toggleKernelThreads' };
    case 's': return { type: 'cycleSort' };
    case '/': return { type: 'startFilter' };
    case ' ': return { type: 'togglePause' };
    case '?': case 'h': return { type: 'openHelp' };
    case 'q': return { type: 'quit' };
    default: return null;
  }
}

function filterKeys(input: string, key: KeyInfo): Action | null {
  if (key.return) return { type: 'filterAccept' };
  if (key.escape) return { type: 'filterCancel' };
  if (key.backspace || key.delete) return { type: 'filterBackspace' };
  if (key.upArrow) return { type: 'move', delta: -1 };
  if (key.downArrow) return { type: 'move', delta: 1 };
  if (key.ctrl || key.meta || key.tab) return null;
  // Printable text only: pasted control bytes never reach the filter.
  const text = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return text === '' ? null : { type: 'filterType', text };
}

/** A pending change: more steps, `=` for an exact value, Enter writes, Esc cancels. */
function adjustKeys(input: string, key: KeyInfo): Action | null {
  if (key.return) return { type: 'adjustAccept' };
  if (key.escape || input === 'q') return { type: 'cancelAdjust' };
  if (isAdjustKey(input)) return { type: 'adjustKey', key: input };
  if (input === '=') return { type: 'startPrompt' };
  return null;
}

/**
 * The `=` prompt: every printable character is typed as is, so that "1.5" or "1,000" shows as typed and is
 * refused (status-lines.ts, adjust-keys.ts) instead of silently becoming 15 or 1000.
 */
function promptKeys(input: string, key: KeyInfo): Action | null {
  if (key.return) return { type: 'adjustAccept' };
  if (key.escape) return { type: 'cancelAdjust' };
  if (key.backspace || key.delete) return { type: 'promptBackspace' };
  if (key.ctrl || key.meta || key.tab) return null;
  const text = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return text === '' ? null : { type: 'promptType', text };
}

/** The help scrolls as less does: space (or PgDn) a page on, b (or PgUp) back, ↑↓ a line. */
function helpKeys(input: string, key: KeyInfo): Action | null {
  if (input === 'q') return { type: 'quit' };
  if (key.escape || key.return || input === '?' || input === 'h') return { type: 'closeOverlay' };
  if (input === ' ') return { type: 'page', direction: 1 };
  if (input === 'b') return { type: 'page', direction: -1 };
  return movementKeys(input, key);
}

/** Ctrl-L redraws the whole screen in every mode, as in top, htop and the shell. */
export function isRedrawKey(input: string, key: KeyInfo): boolean {
  return key.ctrl && input === 'l';
}

export function keymap(input: string, key: KeyInfo, mode: Mode): Action | null {
  // Ctrl-C quits from anywhere; Ink's own handler is off so that the terminal is restored our way.
  if (key.ctrl && input === 'c') return { type: 'quit' };
  switch (mode) {
    case 'list': return listKeys(input, key);
    case 'cgroups': return cgroupKeys(input, key);
    case 'adjust': return adjustKeys(input, key);
    case 'prompt': return promptKeys(input, key);
    // The -1000 question: y writes, any other key cancels.
    case 'confirm': return input === 'y' || input === 'Y' ? { type: 'confirmYes' } : { type: 'cancelAdjust' };
    case 'filter': return filterKeys(input, key);
    case 'help': return helpKeys(input, key);
  }
}

/**
 * Ink hands over a chunk as it arrived: keys typed fast, sent by a script or pasted come as one string
 * ("-\rp"). Each printable character, Enter and Backspace in such a chunk is a key of its own.
 */
export function splitKeys(input: string, key: KeyInfo): Array<[string, KeyInfo]> {
  if ([...input].length <= 1 || key.ctrl || key.meta) return [[input, key]];
  return [...input].map((char): [string, KeyInfo] => {
    if (char === '\r' || char === '\n') return ['', { ...NO_KEY, return: true }];
    if (char === '\x7f' || char === '\b') return ['', { ...NO_KEY, backspace: true }];
    return [char, NO_KEY];
  });
}
