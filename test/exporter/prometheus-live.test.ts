// The exporter as a fleet would use it: `oomlens serve` scraped by a real Prometheus (installed by the test
// when missing, run on 127.0.0.1 with a temporary config and data directory, stopped at the end). After a
// real cgroup OOM kill on this machine, the query API returns oomlens_oom_kills_total{scope="memcg"} ≥ 1
// and the shipped rule OomKillHappened fires. promtool accepts /metrics, the rules and the scrape example.
import assert from 'node:assert/strict';
import { test, before, after } from 'node:test';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { capSwapToo, cgroupSkipReason, TestCgroup } from '../helpers/cgroup-v1.js';
import { startDaemon, type Daemon } from '../helpers/daemon.js';
import { ensurePrometheus, startPrometheus } from '../helpers/prometheus.js';
import { PROJECT_DIR } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dirs.js';

const RULES = join(PROJECT_DIR, 'docs', 'prometheus', 'rules.yml');
const SCRAPE = join(PROJECT_DIR, 'docs', 'prometheus', 'scrape.yml');

let missing: string | null = null;
let serve: Daemon | null = null;
let metricsUrl = '';

before(async () => {
  missing = ensurePrometheus();
  if (missing !== null) console.log(`# skipping the Prometheus tests: ${missing}`);
  serve = startDaemon(['serve', '--listen', '127.0.0.1:0', '--interval', '0.5']);
  metricsUrl = (await serve.waitFor(/serving (http:\/\/\S+)/, 20_000))[1]!;
});

after(async () => {
  const code = await serve?.stop();
  assert.equal(code, 0, 'serve exits 0 on SIGTERM');
});

function promtool(args: string[], input?: string) {
  return spawnSync('promtool', args, { encoding: 'utf8', input });
}

test('promtool accepts /metrics, the shipped rules and the scrape example', async (t) => {
  if (missing !== null) return t.skip(missing);
  // The gauges exist from the first sample on: wait for it (a loaded machine takes a while), not a fixed time.
  const scrape = async () => {
    const response = await fetch(metricsUrl);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return response.text();
  };
  let body = await scrape();
  for (const deadline = Date.now() + 20_000; /^oomlens_last_sample_timestamp_seconds 0$/m.test(body) && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    body = await scrape();
  }
  for (const name of ['oomlens_oom_kills_total', 'oomlens_headroom_bytes', 'oomlens_memory_pressure_ratio', 'oomlens_last_sample_timestamp_seconds']) {
    assert.match(body, new RegExp(`^${name}\\{?`, 'm'), `${name} is exported`);
  }
  const metrics = promtool(['check', 'metrics'], body);
  assert.equal(metrics.status, 0, metrics.stdout + metrics.stderr);
  const rules = promtool(['check', 'rules', RULES]);
  assert.equal(rules.status, 0, rules.stdout + rules.stderr);
  assert.match(rules.stdout, /SUCCESS: 3 rules found/);
  const config = promtool(['check', 'config', SCRAPE]);
  assert.equal(config.status, 0, config.stdout + config.stderr);
  assert.equal((await fetch(metricsUrl.replace('/metrics', '/nope'))).status, 404);
});

test('a real Prometheus scrapes the OOM kill of a real cgroup, and the kill alert fires', { timeout: 120_000 }, async (t) => {
  if (missing !== null) return t.skip(missing);
  const skip = cgroupSkipReason();
  if (skip !== null) return t.skip(skip);
  const dir = tempDir('oomlens-prometheus-');
  const prometheus = await startPrometheus(dir, new URL(metricsUrl).host, RULES);
  const cgroup = new TestCgroup('prom', 16 << 20);
  try {
    capSwapToo(cgroup, 16 << 20);
    const poll = async <T>(what: string, probe: () => Promise<T | null>): Promise<T> => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const found = await probe();
        if (found !== null) return found;
        if (Date.now() > deadline) throw new Error(`Prometheus never showed ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    // The series exist (at 0) before the kill, so the rule's increase() sees the step.
    await poll('the memcg series at 0', async () => ((await prometheus.query('oomlens_oom_kills_total{scope="memcg"}')).length > 0 ? true : null));
    const hog = cgroup.run(['perl', '-e', 'my @a; push @a, "x" x (1 << 20) for 1 .. 64']);
    const [, signal] = (await once(hog, 'exit')) as [number | null, NodeJS.Signals | null];
    assert.equal(signal, 'SIGKILL', 'the kernel killed the hog');
    const killed = await poll('oomlens_oom_kills_total{scope="memcg"} >= 1', async () => {
      const result = await prometheus.query('oomlens_oom_kills_total{scope="memcg",killer="kernel"} >= 1');
      return result[0] ?? null;
    });
    assert.ok(Number(killed.value[1]) >= 1);
    assert.equal(killed.metric['job'], 'oomlens');
    const alert = await poll('the OomKillHappened alert', async () => {
      const body = (await prometheus.get('/api/v1/alerts')) as { data: { alerts: { labels: Record<string, string>; state: string }[] } };
      return body.data.alerts.find((a) => a.labels['alertname'] === 'OomKillHappened' && a.labels['scope'] === 'memcg') ?? null;
    });
    assert.equal(alert.state, 'firing');
    const info = await prometheus.query(`oomlens_last_kill_info{cgroup="/${cgroup.name}"}`);
    assert.equal(info[0]?.metric['scope'], 'memcg', 'the last kill names its cgroup');
  } finally {
    await prometheus.stop();
    await cgroup.remove();
  }
});
