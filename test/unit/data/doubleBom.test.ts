/**
 * A file that starts with two byte-order marks (saved twice with one, or two files joined) kept
 * the second in its first column's name: 'id' was reported missing from a header that shows it,
 * and 'mlpipe score' wrote no key column. The header's judge refuses it, so the check, the run,
 * 'mlpipe score' and a text/csv request body say the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectSource } from '../../../server/backend/data/inspect.js';
import { loadTable } from '../../../server/backend/data/load.js';
import { DataError } from '../../../server/mlpipe/data/errors.js';
import { validateHeader } from '../../../server/mlpipe/data/header.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-bom-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const TWO = 'the file starts with two byte-order marks (U+FEFF), the second left in the name \'id\' (a file saved twice with a mark, or files joined): save it as UTF-8 with one mark at most';

test('a second byte-order mark at the start of the file is refused by the inspector and the loader alike', async () => {
  const p = join(dir, 'two.csv');
  writeFileSync(p, '\ufeff\ufeffid,x\nC1,1\nC2,2\n');
  const info = await inspectSource(p);
  assert.equal(info.status, 'unreadable');
  assert.equal(info.error, `line 1, column id: ${TWO}`);
  await assert.rejects(loadTable('t', p), (e: unknown) => e instanceof DataError && e.line === 1 && e.column === 'id' && e.message.endsWith(TWO));
});

test('one byte-order mark is dropped as before', async () => {
  const p = join(dir, 'one.csv');
  writeFileSync(p, '\ufeffid,x\nC1,1\n');
  const info = await inspectSource(p);
  assert.equal(info.status, 'ok');
  assert.deepEqual(info.columns?.map((c) => c.name), ['id', 'x']);
});

test('a mark at the start of a later header field names that field', () => {
  assert.throws(
    () => validateHeader(['id', '\ufeffx'], 'd.csv'),
    (e: unknown) => e instanceof DataError && /header field 2 starts with a byte-order mark \(U\+FEFF\), left in the name 'x'/.test(e.message),
  );
  // Names given as a list (a Parquet schema, a JSON request's columns) are not CSV text.
  assert.doesNotThrow(() => validateHeader(['\ufeffid'], 'd.parquet', false));
});
