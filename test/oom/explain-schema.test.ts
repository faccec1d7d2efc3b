// `explain --json` against its written schema (docs/explain.schema.json), validated by Ajv: the output for
// every real fixture, for a log without a report, for this machine's log read through injected readers,
// and for a log whose reading fails half-way. The schema allows no undocumented key, so a key added to the
// output without its line in the schema fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Readable, Writable } from 'node:stream';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { EXPLAIN_SCHEMA_VERSION, runExplain, type ExplainOptions } from '../../src/cli/explain.js';
import { PROJECT_DIR, fixturePath, oomFixture, oomFixtureNames } from '../helpers/fixtures.js';
import { DENIED, FakeKmsg, fakeRunner } from '../helpers/kernel-log-fakes.js';

const schema = JSON.parse(readFileSync(`${PROJECT_DIR}/docs/explain.schema.json`, 'utf8')) as object;
// ajv-formats is CommonJS and sets both module.exports and exports.default to its plugin; under NodeNext
// TypeScript types the default import as the module, so it is called through the shape it has.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function problems(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`).join('\n');
}

async function explainJson(options: Omit<ExplainOptions, 'json'>, stdin = ''): Promise<unknown> {
  const chunks: string[] = [];
  const stdout = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  await runExplain({ ...options, json: true }, { stdout, stderr: new Writable({ write: (_c, _e, cb) => cb() }), stdin: Readable.from([stdin]) });
  return JSON.parse(chunks.join(''));
}

test('the schema is valid JSON Schema and names the version the output carries', () => {
  assert.equal((schema as { properties: { schemaVersion: { const: number } } }).properties.schemaVersion.const, EXPLAIN_SCHEMA_VERSION);
});

for (const name of oomFixtureNames()) {
  test(`explain --json of ${name} follows the schema`, async () => {
    const output = await explainJson({ source: fixturePath('oom', name) });
    assert.ok(validate(output), problems(validate.errors));
    const { reports, summary } = output as { reports: unknown[]; summary: { reports: number } };
    assert.ok(reports.length > 0);
    assert.equal(summary.reports, reports.length);
  });
}

test('explain --json of a log without a report, and of stdin, follows the schema', async () => {
  for (const output of [await explainJson({ source: '-' }, '[    1.000000] Linux version 6.18.0\n'), await explainJson({ source: '-' }, oomFixture('global-6.1-arch.txt'))]) {
    assert.ok(validate(output), problems(validate.errors));
  }
});

test("explain --json of this machine's log (wall times on this boot's clock) follows the schema", async () => {
  const records = oomFixture('real-memcg-v1-6.18-repeat-kmsg.txt').split('\n').filter((line) => line !== '').map((line) => `${line}\n`);
  const output = await explainJson({
    source: null,
    roots: { kmsgDevice: new FakeKmsg(records), runCommand: fakeRunner({}, DENIED).run },
    bootClock: () => ({ bootWallMs: 1795846839000, suspendedMs: 0 }),
  });
  assert.ok(validate(output), problems(validate.errors));
  const reports = (output as { reports: { wallTime: string | null }[] }).reports;
  assert.ok(reports.every((report) => report.wallTime !== null));
});

test('the summary counts kills, reports and rate-limited reports for the whole log', async () => {
  const storm = [
    oomFixture('global-6.1-arch.txt'),
    '[ 9000.000001] Out of memory: Killed process 201 (stress) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB',
    '[ 9000.100001] Out of memory: Killed process 202 (stress) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB',
  ].join('\n');
  const output = await explainJson({ source: '-' }, storm);
  assert.ok(validate(output), problems(validate.errors));
  assert.deepEqual((output as { summary: unknown }).summary, {
    reports: 3,
    kills: 3,
    rateLimitedReports: 2,
    reportsWithHeader: 1,
    panics: 0,
    noKills: 0,
    incompleteReports: 0,
    text: '3 kills, 1 report: the kernel rate-limited the rest.',
  });
});

test('the schema catches an undocumented key, a wall time without its offset, and a missing summary', async () => {
  const output = (await explainJson({ source: fixturePath('oom', 'global-6.1-arch.txt') })) as { reports: Record<string, unknown>[]; summary: unknown };
  const report = output.reports[0]!;
  assert.equal(validate({ ...output, reports: [{ ...report, surprise: 1 }] }), false);
  assert.equal(validate({ ...output, reports: [{ ...report, wallTime: '2026-11-28T07:15:58' }] }), false);
  assert.equal(validate({ ...output, reports: [{ ...report, wallTime: '2026-11-28T07:15:58+01:00' }] }), true);
  const { summary: _summary, ...withoutSummary } = output;
  assert.equal(validate(withoutSummary), false);
});
