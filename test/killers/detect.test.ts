// Detection over process rows as the sampler has them (comm, space-joined cmdline). The command lines
// are the ones the killers' own service files run:
//   earlyoom      earlyoom.service.in (rfjakob/earlyoom master 750a7c0): ExecStart=:TARGET:/earlyoom $EARLYOOM_ARGS,
//                 with Debian's earlyoom.default EARLYOOM_ARGS="-r 3600"
//   systemd-oomd  systemd-oomd.service in Debian bookworm's systemd-oomd 252.39: ExecStart=/lib/systemd/systemd-oomd
//   nohang        systemd/nohang.service.in (hakavlad/nohang 1d49838): ExecStart=:TARGET_SBINDIR:/nohang --monitor --config :TARGET_SYSCONFDIR:/nohang/nohang.conf
//   kubelet       kubeadm's 10-kubeadm.conf: ExecStart=/usr/bin/kubelet ... $KUBELET_CONFIG_ARGS, where
//                 KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argvFromCmdline, detectKillers } from '../../src/killers/detect.js';

const row = (pid: number, name: string, cmdline: string) => ({ pid, name, cmdline });

test('each killer is found by its comm (and nohang by its --monitor command line), in the order given', () => {
  const found = detectKillers([
    row(1, 'systemd', '/sbin/init'),
    row(501, 'earlyoom', '/usr/bin/earlyoom -r 3600'),
    row(502, 'systemd-oomd', '/lib/systemd/systemd-oomd'),
    row(503, 'nohang', '/usr/bin/python3 /usr/sbin/nohang --monitor --config /etc/nohang/nohang.conf'),
    row(504, 'python3', 'python3 -u /usr/local/sbin/nohang --monitor --config /etc/nohang/nohang-desktop.conf'),
    row(505, 'kubelet', '/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --eviction-hard=memory.available<500Mi'),
  ]);
  assert.deepEqual(found.map((killer) => [killer.name, killer.pid]), [
    ['earlyoom', 501], ['systemd-oomd', 502], ['nohang', 503], ['nohang', 504], ['kubelet', 505],
  ]);
  assert.deepEqual(found[0]?.argv, ['/usr/bin/earlyoom', '-r', '3600']);
});

test('look-alikes are not killers: an editor on nohang.conf, a one-shot nohang --tasks, a python script named otherwise', () => {
  const found = detectKillers([
    row(10, 'vim', 'vim /etc/nohang/nohang.conf'),
    row(11, 'nohang', '/usr/sbin/nohang --tasks --config /etc/nohang/nohang.conf'),
    row(12, 'python3', 'python3 /home/u/nohang-fork/run.py --monitor'),
    row(13, 'python3', 'python3 /usr/sbin/nohang --check --config /etc/nohang/nohang.conf'),
    row(14, 'earlyoom-exporter', '/usr/bin/earlyoom-exporter'),
    row(15, '__proto__', ''),
    row(16, 'constructor', ''),
  ]);
  assert.deepEqual(found, []);
});

test('argvFromCmdline drops the empty words of doubled spaces', () => {
  assert.deepEqual(argvFromCmdline('/usr/bin/earlyoom  -m 5'), ['/usr/bin/earlyoom', '-m', '5']);
  assert.deepEqual(argvFromCmdline(''), []);
});
