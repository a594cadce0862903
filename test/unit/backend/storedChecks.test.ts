/**
 * The last check of a pipeline kept between CLI runs (`StoredChecks`), on real files through
 * `checkFiles`, as `mlpipe check` runs it: each run has a fresh inspector and hash cache, as a
 * new process does. A reused check must read exactly as the checker's, and anything the check
 * consulted (the text, a data file's bytes even at the same size and mtime, a file's existence,
 * a folder's files, the build) must send it back to the checker.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkFiles } from '../../../server/backend/check/checkFiles.js';
import { fileExistsFrom } from '../../../server/backend/check/pipelinePaths.js';
import { StoredChecks } from '../../../server/backend/check/storedChecks.js';
import { HashCache } from '../../../server/backend/data/hash.js';
import { DataInspector } from '../../../server/backend/data/inspect.js';
import type { Diagnostic } from '../../../server/mlpipe/diagnostics.js';

const REPO = join(__dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'mlpipe-stored-checks-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A store in a folder of its own, for one build. */
function storeIn(folder: string, build = 'build-a'): StoredChecks {
  return new StoredChecks(build, () => folder);
}

/** One CLI-like run: a fresh inspector and hash cache. */
async function run(file: string, stored?: StoredChecks): Promise<Diagnostic[]> {
  const [r] = await checkFiles([file], new DataInspector({ hashCache: new HashCache() }), stored);
  assert.ok(r!.diagnostics, r!.unreadable);
  return r!.diagnostics;
}

/** What the store answers now for `file` (undefined: the checker must run). */
async function find(stored: StoredChecks, file: string): Promise<Diagnostic[] | undefined> {
  return (await stored.find(resolve(file), readFileSync(file, 'utf8'), new DataInspector({ hashCache: new HashCache() }), fileExistsFrom(file)))?.diagnostics;
}

describe('a stored check reads exactly as the checker', () => {
  const pipelines = [
    'examples/churn/churn.mlpipe',
    'test/fixtures/pipelines/clean.mlpipe',
    'test/fixtures/pipelines/no-split.mlpipe',
    'test/fixtures/pipelines/problems.mlpipe',
    'test/fixtures/real/seattle-weather.mlpipe',
  ];
  for (const p of pipelines)
    it(p, async () => {
      const file = join(REPO, p);
      const folder = mkdtempSync(join(scratch, 'same-'));
      const stored = storeIn(folder);
      const fresh = await run(file);
      assert.deepEqual(await run(file, stored), fresh, 'a miss runs the checker');
      assert.equal(readdirSync(folder).length, 1, 'one entry per pipeline');
      const reused = await find(stored, file);
      assert.ok(reused, 'an unchanged pipeline is answered from the store');
      assert.deepEqual(reused, fresh);
      assert.deepEqual(await run(file, stored), fresh);
    });

  it('diagnostics with quick-fix data come back whole', async () => {
    const file = join(REPO, 'test/fixtures/pipelines/problems.mlpipe');
    const stored = storeIn(mkdtempSync(join(scratch, 'fix-')));
    const fresh = await run(file, stored);
    assert.ok(fresh.some((d) => d.data !== undefined), 'the fixture has a diagnostic with a fix');
    assert.deepEqual(await find(stored, file), fresh);
  });
});

describe('anything a check consulted sends it back to the checker', () => {
  const ROUND = new Date('2025-01-01T00:00:00Z');
  /** A copy of the churn example whose stored check says something the checker never would. */
  async function project() {
    const dir = mkdtempSync(join(scratch, 'churn-'));
    cpSync(join(REPO, 'examples/churn'), dir, { recursive: true, filter: (s) => !s.includes('.mlpipe/') && !s.endsWith('/.mlpipe') });
    // Whole seconds, which every file system keeps exactly: a test can put an mtime back.
    for (const f of ['customers.csv', 'orders.csv']) utimesSync(join(dir, 'data', f), ROUND, ROUND);
    const file = join(dir, 'churn.mlpipe');
    const folder = join(dir, 'stored');
    const stored = storeIn(folder);
    const fresh = await run(file, stored);
    const [entryName] = readdirSync(folder);
    const entry = join(folder, entryName!);
    const doc = JSON.parse(readFileSync(entry, 'utf8'));
    const marker: Diagnostic = { code: 'lifecycle/no-retrain', severity: 'info', message: 'from the store', start: 0, end: 1, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
    doc.diagnostics = [marker];
    writeFileSync(entry, JSON.stringify(doc));
    assert.deepEqual(await find(stored, file), [marker], 'unchanged: the stored answer, not the checker');
    return { dir, file, folder, stored, fresh, entry, marker };
  }

  it('a data file changed in place, same size and mtime', async () => {
    const { dir, file, stored } = await project();
    const csv = join(dir, 'data/customers.csv');
    const { mtimeMs, size } = statSync(csv);
    const text = readFileSync(csv, 'utf8');
    // One digit for another: same size; the mtime is put back.
    const at = text.indexOf('\n') + 1 + text.slice(text.indexOf('\n') + 1).search(/[0-8]/);
    writeFileSync(csv, text.slice(0, at) + String(Number(text[at]) + 1) + text.slice(at + 1));
    utimesSync(csv, ROUND, ROUND);
    assert.equal(statSync(csv).size, size);
    assert.equal(statSync(csv).mtimeMs, mtimeMs);
    assert.equal(await find(stored, file), undefined);
    const now = await run(file, stored);
    assert.ok(now.some((d) => d.code === 'repro/data-changed'), 'the pinned version no longer matches');
  });

  it('a data file gone', async () => {
    const { dir, file, stored } = await project();
    unlinkSync(join(dir, 'data/orders.csv'));
    assert.equal(await find(stored, file), undefined);
    assert.ok((await run(file, stored)).some((d) => d.code === 'repro/missing-source'));
  });

  it('the files of a folder a missing source was matched against', async () => {
    const { dir, file, stored } = await project();
    const orders = readFileSync(join(dir, 'data/orders.csv'));
    unlinkSync(join(dir, 'data/orders.csv'));
    const gone = (await run(file, stored)).find((d) => d.code === 'repro/missing-source');
    assert.equal(gone?.data, undefined, 'nothing close yet');
    assert.ok(await find(stored, file), 'unchanged: answered from the store');
    writeFileSync(join(dir, 'data/order.csv'), orders);
    assert.equal(await find(stored, file), undefined);
    const near = (await run(file, stored)).find((d) => d.code === 'repro/missing-source');
    assert.deepEqual(near?.data, { fix: 'did-you-mean', name: 'data/order.csv' });
  });

  it('the pipeline text, by one comment', async () => {
    const { file, stored, fresh } = await project();
    writeFileSync(file, readFileSync(file, 'utf8') + '# one more line\n');
    assert.equal(await find(stored, file), undefined);
    assert.deepEqual(await run(file, stored), fresh);
  });

  it('whether a file it names exists (the lockfile)', async () => {
    const { dir, file, stored } = await project();
    unlinkSync(join(dir, 'package-lock.json'));
    assert.equal(await find(stored, file), undefined);
    assert.ok((await run(file, stored)).some((d) => d.code === 'repro/unpinned-environment'));
  });

  it('another build, or a corrupt or foreign entry', async () => {
    const { file, folder, entry, fresh } = await project();
    assert.equal(await find(storeIn(folder, 'build-b'), file), undefined);
    const stored = storeIn(folder);
    for (const bad of ['{"version":1,', '[]', JSON.stringify({ version: 1, build: 'build-a' }), '{"version":1,"build":"build-a","pipeline":1}']) {
      writeFileSync(entry, bad);
      assert.equal(await find(stored, file), undefined, bad);
      assert.deepEqual(await run(file, stored), fresh);
    }
  });

  it('an entry whose diagnostics are not diagnostics is no answer', async () => {
    const { file, stored, entry } = await project();
    const doc = JSON.parse(readFileSync(entry, 'utf8'));
    doc.diagnostics = [{ code: 'no-such-code', severity: 'info', message: 'x', start: 0, end: 1, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }];
    writeFileSync(entry, JSON.stringify(doc));
    assert.equal(await find(stored, file), undefined);
  });

  it('an unwritable store changes nothing but speed', async () => {
    const file = join(REPO, 'examples/churn/churn.mlpipe');
    const blocker = join(scratch, 'a-file');
    writeFileSync(blocker, '');
    const stored = storeIn(join(blocker, 'under-a-file'));
    assert.deepEqual(await run(file, stored), await run(file));
    assert.equal(await find(stored, file), undefined);
  });
});
