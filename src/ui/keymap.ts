// Key → action, per mode. Pure: the Ink hook feeds it useInput's (input, key).
import type { Key } from 'ink';
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
  if (key.escape || input === 'c') return { type: 'closeOverlay' };
  if (input === 'q') return { type: 'quit' };
  if (input === '?') return { type: 'openHelp' };
  return movementKeys(input, key);
}

function listKeys(input: string, key: KeyInfo): Action | null {
  const move = movementKeys(input, key);
  if (move) return move;
  if (key.escape) return { type: 'escape' };
  if (key.leftArrow) return { type: 'browsePanel', delta: -1 };
  if (key.rightArrow) return { type: 'browsePanel', delta: 1 };
  if (key.ctrl) return null;
  switch (input) {
    case 'c': return { type: 'openCgroups' };
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

function helpKeys(input: string, key: KeyInfo): Action | null {
  if (input === 'q') return { type: 'quit' };
  if (key.escape || key.return || input === '?' || input === 'h' || input === ' ') return { type: 'closeOverlay' };
  return null;
}

export function keymap(input: string, key: KeyInfo, mode: Mode): Action | null {
  // Ctrl-C quits from anywhere; Ink's own handler is off so that the terminal is restored our way.
  if (key.ctrl && input === 'c') return { type: 'quit' };
  switch (mode) {
    case 'list': return listKeys(input, key);
    case 'cgroups': return cgroupKeys(input, key);
    case 'filter': return filterKeys(input, key);
    case 'help': return helpKeys(input, key);
  }
}
