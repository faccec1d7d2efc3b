// Where oomlens keeps what outlives a run (the adjustments log, incident files): its directory in the XDG
// state home. Pure over the environment and the home directory, so tests pass their own.
import { join } from 'node:path';

/**
 * $XDG_STATE_HOME/oomlens, else ~/.local/state/oomlens. The XDG Base Directory Specification: paths in
 * these variables must be absolute, and a relative one is invalid and must be ignored (as is an empty one).
 */
export function oomlensStateDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const stateHome = env['XDG_STATE_HOME'];
  const base = stateHome !== undefined && stateHome.startsWith('/') ? stateHome : join(home, '.local', 'state');
  return join(base, 'oomlens');
}
