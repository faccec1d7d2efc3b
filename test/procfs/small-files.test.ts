import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMeminfo } from '../../src/procfs/meminfo.js';
import { cgroupLabel, memoryV1Path, parseCgroupFile, primaryCgroupPath, unifiedPath } from '../../src/procfs/pid/cgroup.js';
import { parseCmdline } from '../../src/procfs/pid/cmdline.js';
import { parseIntFile } from '../../src/procfs/pid/oom.js';
import { parseUptime } from '../../src/procfs/host.js';
import { counter, parseVmstat } from '../../src/procfs/vmstat.js';
import { parsePasswd } from '../../src/passwd/users.js';
import { fixtureText } from '../helpers/fixtures.js';

test('oom_score / oom_score_adj: integers, negative adj, and null for empty or junk', () => {
  assert.equal(parseIntFile('666\n'), 666);
  assert.equal(parseIntFile('-1000\n'), -1000);
  assert.equal(parseIntFile('0'), 0);
  assert.equal(parseIntFile(''), null);
  assert.equal(parseIntFile('12a\n'), null);
});

test('cmdline: NULs become spaces, trailing NULs dropped, escapes made visible', () => {
  assert.equal(parseCmdline(Buffer.from('/usr/sbin/mysqld\0--datadir=/x\0')), '/usr/sbin/mysqld --datadir=/x');
  assert.equal(parseCmdline(Buffer.from('')), '');
  assert.equal(parseCmdline(Buffer.from('a\0\0\0')), 'a');
  assert.equal(parseCmdline(Buffer.from('x\0\x1b]0;pwned\x07\0')), 'x \\e]0;pwned\\a');
  assert.equal(parseCmdline(Buffer.from([0x61, 0xff, 0x62, 0])), 'a\ufffdb');
});

test('cgroup (captured hybrid v1+v2): the memory controller and unified paths', () => {
  const memberships = parseCgroupFile(fixtureText('procfs', 'cgroup-6.18-hybrid.txt'));
  assert.ok(memberships.length >= 2);
  assert.equal(unifiedPath(memberships), '/');
  assert.match(memoryV1Path(memberships) ?? '', /^\/process_api\//);
});

test('cgroup: v2-only file, the systemd hierarchy first on hybrids, empty file', () => {
  const v2 = parseCgroupFile('0::/system.slice/nginx.service\n');
  assert.equal(primaryCgroupPath(v2), '/system.slice/nginx.service');
  const hybrid = parseCgroupFile('4:memory:/docker/abc\n1:name=systemd:/system.slice/docker.service\n0::/\n');
  assert.equal(primaryCgroupPath(hybrid), '/system.slice/docker.service');
  assert.equal(primaryCgroupPath(parseCgroupFile('')), null);
  // A path with colons stays whole.
  assert.equal(parseCgroupFile('0::/a:b:c\n')[0]?.path, '/a:b:c');
});

test('cgroup labels: unit, container id (12 hex), last component, root', () => {
  const id = '0123456789abcdef'.repeat(4);
  assert.equal(cgroupLabel('/system.slice/mysql.service'), 'mysql.service');
  assert.equal(cgroupLabel(`/docker/${id}`), '0123456789ab');
  assert.equal(cgroupLabel(`/system.slice/docker-${id}.scope`), '0123456789ab');
  assert.equal(cgroupLabel(`/kubepods.slice/kubepods-burstable.slice/cri-containerd-${id}.scope`), '0123456789ab');
  assert.equal(cgroupLabel('/user.slice/user-1000.slice/session-3.scope'), 'session-3.scope');
  assert.equal(cgroupLabel('/'), '/');
  // A 32-digit sandbox id (a Firecracker VM's process_api) is shortened as a container id is.
  assert.equal(cgroupLabel('/process_api/2f24c06f82b7dc0068f89b3c4775cceb'), '2f24c06f82b7');
  assert.equal(cgroupLabel('/abcdef0123'), 'abcdef0123', 'a short hex name stays whole');
});

test('meminfo (captured 6.18): MemAvailable from the kernel', () => {
  const meminfo = parseMeminfo(fixtureText('procfs', 'meminfo-6.18.txt'));
  assert.ok(meminfo);
  assert.equal(meminfo.availableIsKernel, true);
  assert.ok(meminfo.totalKb > meminfo.availableKb);
  assert.equal(meminfo.swapTotalKb, 0);
  assert.ok(meminfo.committedKb !== null && meminfo.commitLimitKb !== null);
});

test('meminfo before 3.14: no MemAvailable, estimated from Free + Cached + Buffers - Shmem', () => {
  const meminfo = parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 10 kB\nCached: 300 kB\nShmem: 50 kB\n');
  assert.ok(meminfo);
  assert.equal(meminfo.availableIsKernel, false);
  assert.equal(meminfo.availableKb, 360);
  assert.equal(meminfo.committedKb, null);
  assert.equal(parseMeminfo(''), null);
});

test('vmstat (captured 6.18): oom_kill and the swap counters; absent keys are null', () => {
  const vmstat = parseVmstat(fixtureText('procfs', 'vmstat-6.18.txt'));
  assert.equal(typeof counter(vmstat, 'oom_kill'), 'number');
  assert.equal(typeof counter(vmstat, 'pswpout'), 'number');
  assert.equal(counter(parseVmstat('pswpin 1\npswpout 2\n'), 'oom_kill'), null);
  assert.equal(counter(null, 'oom_kill'), null);
});

test('uptime and passwd', () => {
  assert.equal(parseUptime('1047600.12 2000000.00\n'), 1047600.12);
  assert.equal(parseUptime(''), null);
  const users = parsePasswd('root:x:0:0::/root:/bin/sh\nbroken\nmysql:x:110:118::/:/bin/false\n');
  assert.equal(users.get(0), 'root');
  assert.equal(users.get(110), 'mysql');
  assert.equal(users.size, 2);
});
