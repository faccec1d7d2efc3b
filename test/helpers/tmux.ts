// A real terminal for end-to-end tests: tmux on a private socket, so the test owns (and kills) only its
// own server. The program runs through a shell that prints its exit code afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const UNSET = ['NODE_ENV', 'CI', 'NO_COLOR', 'FORCE_COLOR', 'DEV'];

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

export class TmuxTerminal {
  private readonly socket = `oomlens-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly session = 'main';

  private socketPath: string | null = null;

  constructor(command: string, columns = 80, rows = 24, env: Record<string, string> = {}) {
    const exports = Object.entries(env).map(([key, value]) => `${key}=${shellQuote(value)}`).join(' ');
    // The program runs as a user would start it: not under the test runner's NODE_ENV (React's development
    // build), CI or colour settings, which the tmux server would otherwise pass on.
    const exported = exports === '' ? '' : `export ${exports}; `;
    const shell = `unset ${UNSET.join(' ')}; ${exported}${command}; echo "OOMLENS_EXIT=$?"; sleep 120`;
    this.tmux('new-session', '-d', '-s', this.session, '-x', String(columns), '-y', String(rows), shell);
    this.socketPath = this.pane('socket_path') || null;
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** The visible screen as text. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.session);
  }

  /** A tmux format variable of the pane, e.g. alternate_on, cursor_flag, pane_pid. */
  pane(format: string): string {
    return this.tmux('display-message', '-p', '-t', this.session, `#{${format}}`).trim();
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.session, ...keys);
  }

  async waitFor(predicate: (screen: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (predicate(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out; the screen was:\n${last}`);
  }

  /** Ends this terminal's own tmux server and removes its socket file (tmux 3.3 leaves it behind). */
  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    if (this.socketPath !== null) rmSync(this.socketPath, { force: true });
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
