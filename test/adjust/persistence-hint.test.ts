// How to make a value last, per cgroup shape (src/model/persistence-hint.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { persistenceHint } from '../../src/model/steering/persistence-hint.js';

const ID = '3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708';

test('system service: systemctl edit UNIT with [Service] OOMScoreAdjust=', () => {
  const hint = persistenceHint('/system.slice/mysql.service', -500);
  assert.equal(hint.kind, 'system-service');
  assert.equal(hint.subject, 'mysql.service');
  assert.match(hint.summary, /systemctl edit mysql\.service/);
  assert.ok(hint.lines.includes('  systemctl edit mysql.service'));
  const text = hint.lines.join('\n');
  assert.match(text, / {2}\[Service\]\n {2}OOMScoreAdjust=-500/);
  assert.match(text, /next start/);
});

test('system service: a template instance also names the template; odd unit names are quoted', () => {
  const getty = persistenceHint('/system.slice/system-getty.slice/getty@tty1.service', 200);
  assert.equal(getty.subject, 'getty@tty1.service');
  assert.match(getty.lines.join('\n'), /systemctl edit getty@\.service/);
  const escaped = persistenceHint('/system.slice/my\\x2dapp.service', 100);
  assert.ok(escaped.lines.includes("  systemctl edit 'my\\x2dapp.service'"));
  // A subgroup inside a service (v2 delegation) still names the service.
  assert.equal(persistenceHint('/system.slice/app.service/workers', 0).subject, 'app.service');
});

test('user service: systemctl --user edit, and the unprivileged manager cannot lower', () => {
  const hint = persistenceHint('/user.slice/user-1000.slice/user@1000.service/app.slice/syncthing.service', -200);
  assert.equal(hint.kind, 'user-service');
  assert.equal(hint.subject, 'syncthing.service');
  assert.match(hint.summary, /systemctl --user edit syncthing\.service/);
  assert.match(hint.lines.join('\n'), /user 1000/);
  assert.match(hint.lines.join('\n'), /OOMScoreAdjust=-200/);
  assert.match(hint.lines.join('\n'), /lowering/);
  // The user manager itself lives in user@UID.service/init.scope: that is a system unit.
  const manager = persistenceHint('/user.slice/user-1000.slice/user@1000.service/init.scope', 100);
  assert.equal(manager.kind, 'system-service');
  assert.equal(manager.subject, 'user@1000.service');
});

test('scopes (login sessions, apps): systemctl edit cannot help; systemd-run or choom', () => {
  const session = persistenceHint('/user.slice/user-0.slice/session-3.scope', -500);
  assert.equal(session.kind, 'scope');
  assert.match(session.summary, /login session/);
  const text = session.lines.join('\n');
  assert.match(text, /cannot/);
  assert.match(text, /systemd-run --unit=NAME -p OOMScoreAdjust=-500 -- CMD/);
  assert.match(text, /choom -n -500 -- CMD/);
  const app = persistenceHint('/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-1.scope', 300);
  assert.equal(app.kind, 'scope');
  assert.equal(app.subject, 'vte-spawn-1.scope');
});

test('docker: systemd and cgroupfs drivers; run flag and compose key', () => {
  for (const path of [`/system.slice/docker-${ID}.scope`, `/docker/${ID}`]) {
    const hint = persistenceHint(path, -500);
    assert.equal(hint.kind, 'docker', path);
    assert.equal(hint.subject, ID.slice(0, 12));
    const text = hint.lines.join('\n');
    assert.match(text, /docker run --oom-score-adj=-500/);
    assert.match(text, /oom_score_adj: -500/);
  }
});

test('podman and LXC containers', () => {
  const podman = persistenceHint(`/machine.slice/libpod-${ID}.scope/container`, 250);
  assert.equal(podman.kind, 'podman');
  assert.match(podman.lines.join('\n'), /podman run --oom-score-adj=250/);
  const lxc = persistenceHint('/lxc.payload.web1/system.slice/nginx.service', -100);
  assert.equal(lxc.kind, 'lxc');
  assert.equal(lxc.subject, 'web1');
  assert.match(lxc.lines.join('\n'), /lxc\.proc\.oom_score_adj = -100/);
  assert.equal(persistenceHint('/lxc/web2', 0).subject, 'web2');
});

test('kubernetes: kubelet sets it from the QoS class; no flag is offered', () => {
  const cases: [string, string][] = [
    [`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice/cri-containerd-${ID}.scope`, 'Burstable'],
    [`/kubepods/besteffort/pod1234/${ID}`, 'BestEffort'],
    [`/kubepods/pod1234/${ID}`, 'Guaranteed'],
  ];
  for (const [path, qos] of cases) {
    const hint = persistenceHint(path, -500);
    assert.equal(hint.kind, 'kubernetes', path);
    assert.match(hint.summary, new RegExp(`QoS ${qos}`));
    const text = hint.lines.join('\n');
    assert.match(text, /kubelet/);
    assert.match(text, /-997/);
    assert.doesNotMatch(text, /--oom-score-adj/);
  }
});

test('init, unknown and plain cgroups get the right words', () => {
  assert.equal(persistenceHint('/init.scope', -500).kind, 'init');
  for (const path of [null, '/', '/user.slice', '/oomprobe']) {
    const hint = persistenceHint(path, -500);
    assert.equal(hint.kind, 'generic', String(path));
    const text = hint.lines.join('\n');
    assert.match(text, /choom -n -500 -- CMD/);
    assert.match(text, /echo -500 > \/proc\/self\/oom_score_adj/);
    assert.equal(hint.summary, 'It is lost when the process restarts; to keep it, start it with choom -n -500 -- CMD.');
  }
});

test('the summary is a sentence; a reset to 0 has nothing to keep', () => {
  for (const path of [null, '/oomprobe']) {
    const reset = persistenceHint(path, 0);
    assert.match(reset.summary, /^Nothing to keep: 0 is the value a process starts with/);
    assert.doesNotMatch(reset.lines.join('\n'), /choom|echo 0/);
  }
  for (const path of [null, '/system.slice/mysql.service', '/user.slice/user-0.slice/session-3.scope', `/docker/${ID}`, '/init.scope']) {
    const { summary } = persistenceHint(path, 300);
    assert.match(summary, /^[A-Z].*\.$/, `a sentence: ${summary}`);
    assert.doesNotMatch(summary, /: .*: /, `no chain of colons: ${summary}`);
  }
});
