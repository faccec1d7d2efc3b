// A real Prometheus for the exporter tests: Debian's package, installed by the test itself when missing
// (with a policy-rc.d that keeps its service from starting), run on 127.0.0.1 with a temporary config and
// data directory, stopped by its own pid. When apt cannot install it, the tests skip and say why.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const POLICY_RC_D = '/usr/sbin/policy-rc.d';

function found(command: string): string | null {
  const which = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : null;
}

/** Installs Debian's prometheus (prometheus + promtool) if missing; null when ready, else why not. */
export function ensurePrometheus(): string | null {
  if (found('prometheus') !== null && found('promtool') !== null) return null;
  if (process.getuid?.() !== 0) return 'prometheus is not installed and installing it needs root';
  if (found('apt-get') === null) return 'prometheus is not installed and there is no apt-get';
  // invoke-rc.d asks policy-rc.d before starting a service: 101 = "not allowed". Ours only if there is none.
  const ownPolicy = !existsSync(POLICY_RC_D);
  if (ownPolicy) writeFileSync(POLICY_RC_D, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'prometheus'], { encoding: 'utf8', env, timeout: 300_000 });
    let result = install();
    if (result.status !== 0) {
      spawnSync('apt-get', ['update'], { encoding: 'utf8', env, timeout: 300_000 });
      result = install();
    }
    if (result.status !== 0) return `apt-get install prometheus failed: ${(result.stderr || result.stdout).trim().split('\n').pop()}`;
  } finally {
    if (ownPolicy) unlinkSync(POLICY_RC_D);
  }
  // The package's own service, should anything have started it: not ours to leave running.
  spawnSync('sh', ['-c', 'command -v systemctl >/dev/null && systemctl stop prometheus 2>/dev/null; true']);
  return found('prometheus') !== null && found('promtool') !== null ? null : 'prometheus installed but prometheus or promtool not found';
}

/** A port free on 127.0.0.1 right now (Prometheus cannot be told port 0 and report it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

export interface RunningPrometheus {
  url: string;
  process: ChildProcess;
  /** The query API's result vector for `query`. */
  query(query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  get(path: string): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startPrometheus(dir: string, target: string, ruleFile: string | null): Promise<RunningPrometheus> {
  const port = await freePort();
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      ...(ruleFile === null ? [] : ['rule_files:', `  - ${JSON.stringify(ruleFile)}`]),
      'scrape_configs:',
      '  - job_name: oomlens',
      '    static_configs:',
      `      - targets: [${JSON.stringify(target)}]`,
      '',
    ].join('\n'),
  );
  const child = spawn(
    'prometheus',
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const get = async (path: string): Promise<unknown> => {
    const response = await fetch(`${url}${path}`);
    return response.json();
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}: ${log}`);
    try {
      const ready = await fetch(`${url}/-/ready`);
      if (ready.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`prometheus not ready in 30 s: ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    process: child,
    get,
    async query(query) {
      const body = (await get(`/api/v1/query?query=${encodeURIComponent(query)}`)) as { status: string; data: { result: [] } };
      if (body.status !== 'success') throw new Error(`query failed: ${JSON.stringify(body)}`);
      return body.data.result;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
