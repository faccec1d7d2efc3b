// The distribution in --once and --json, from os-release(5): what systeminformation's osInfo() gave
// (NAME and VERSION_ID), without starting a program.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hostname, release } from 'node:os';
import { test } from 'node:test';
import { liveHostFacts, parseOsRelease } from '../../src/runtime/host-facts.js';

test('os-release: NAME and VERSION_ID, quoted or not, escapes undone; no NAME, no distribution', () => {
  const debian = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
  assert.equal(parseOsRelease(debian), 'Debian GNU/Linux 12');
  assert.equal(parseOsRelease("NAME='Arch Linux'\nID=arch\nBUILD_ID=rolling\n"), 'Arch Linux', 'no VERSION_ID');
  assert.equal(parseOsRelease('NAME=Fedora\r\nVERSION_ID=40\n# comment\n'), 'Fedora 40');
  assert.equal(parseOsRelease('NAME="Say \\"hi\\""\nVERSION_ID=1'), 'Say "hi" 1');
  assert.equal(parseOsRelease('ID=debian\n'), null);
  assert.equal(parseOsRelease(''), null);
});

test('this machine: node:os hostname and kernel, and its own os-release', async () => {
  const facts = await liveHostFacts();
  assert.equal(facts.hostname, hostname());
  assert.equal(facts.kernel, release());
  let text: string | null = null;
  try {
    text = readFileSync('/etc/os-release', 'utf8');
  } catch {
    // none here
  }
  if (text !== null) assert.equal(facts.distro, parseOsRelease(text));
});
