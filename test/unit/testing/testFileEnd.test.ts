/**
 * How scripts/test.mjs and scripts/soak.mjs run test files (scripts/test-run.mjs): every result a
 * file writes is counted, and a file that hangs after a failure is still ended. With
 * --test-force-exit, which the runner used before, node 20 on Linux ended a file's process while
 * its pipe still held the last results (nodejs/node#64833): they were never reported and the run
 * passed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
// @ts-expect-error: a plain .mjs script of the repository, without types
import { lostResults, runTests } from '../../../scripts/test-run.mjs';

/** The environment without this run's NODE_TEST_CONTEXT, which makes a nested `--test` skip its files. */
const env = (extra: Record<string, string>) => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT')),
  ...extra,
});
const run = (files: string[], extra: string[] = []): { status: number; output: string } =>
  runTests(files, { capture: true, extra, env: env({ MLPIPE_TEST_LINGER_MS: '200' }) });

describe('the test runner (scripts/test-run.mjs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-runner-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ends a file whose test failed and left its server listening, with the failure reported', () => {
    const file = join(dir, 'hangs.test.mjs');
    writeFileSync(
      file,
      "import { test } from 'node:test';\nimport { createServer } from 'node:net';\n" +
        "test('passes first', () => {});\n" +
        "test('fails before closing its server', async () => {\n" +
        '  const server = createServer();\n' +
        '  await new Promise((listening) => server.listen(0, listening));\n' +
        "  throw new Error('the check failed');\n" +
        '});\n',
    );
    const r = run([file]);
    assert.equal(r.status, 1, r.output);
    assert.match(r.output, /✖ fails before closing its server/);
    assert.match(r.output, /the check failed/);
    assert.match(r.output, /with handles still open: .*TCPServerWrap/);
    assert.match(r.output, /^ℹ pass 1$/m);
    assert.match(r.output, /^ℹ fail 1$/m);
  });

  // Files that each write more than a pipe holds (64 KiB) while the runner reads them all: under
  // --test-force-exit some of the last results went missing on every run seen (793 and 797 of
  // 800 reported), and the run passed.
  const files = 4;
  const tests = 200;
  const many = join(dir, 'many');
  mkdirSync(many);
  const names: string[] = [];
  for (let f = 0; f < files; f++) {
    const lines = ["import { test } from 'node:test';"];
    for (let t = 0; t < tests; t++) lines.push(`test('file ${f} test ${t} ${'x'.repeat(2000)}', () => {});`);
    names.push(join(many, `f${f}.test.mjs`));
    writeFileSync(names[f], `${lines.join('\n')}\n`);
  }

  it('reports every result of many files that write a lot', () => {
    const r = run(names);
    assert.equal(r.status, 0, r.output.slice(-2000));
    assert.match(r.output, new RegExp(`^ℹ tests ${files * tests}$`, 'm'));
  });

  it('tells a loss from the counts: more written naming a file than received', () => {
    const ledger = join(dir, 'ledger');
    mkdirSync(join(ledger, 'wrote'), { recursive: true });
    writeFileSync(join(ledger, 'wrote', '1.json'), JSON.stringify({ file: '/a.test.ts', results: { '/a.test.ts': 3, '/t.mjs': 2 } }));
    writeFileSync(join(ledger, 'wrote', '2.json'), JSON.stringify({ file: '/b.test.ts', results: { '/t.mjs': 2 } }));
    writeFileSync(join(ledger, 'received.json'), JSON.stringify({ '/a.test.ts': 3, '/t.mjs': 3, '/runner-own.test.ts': 1 }));
    assert.deepEqual(lostResults(join(ledger, 'wrote'), join(ledger, 'received.json')), [
      { name: '/t.mjs', wrote: 4, received: 3, files: ['/a.test.ts', '/b.test.ts'] },
    ]);
  });
});
