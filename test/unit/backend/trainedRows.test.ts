import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Table } from '../../../server/mlpipe/data/table.js';
import { hasFingerprint, readTrainedRows, rowFingerprints, saveTrainedRows, TRAINED_ROWS_FILE } from '../../../server/backend/pipeline/trainedRows.js';

const table: Table = {
  name: 't',
  source: 't.csv',
  rowCount: 5,
  columns: [
    { name: 'k', type: 'string', values: ['a', 'a', 'ab', 'a', 'a'], missing: 0 },
    { name: 's', type: 'string', values: ['', null, null, '', ''], missing: 2 },
    { name: 'x', type: 'number', values: Float64Array.from([1.5, 1.5, 1.5, NaN, 1.5]), missing: 1 },
  ],
};

test('a row is known by its cells: equal rows alike, an empty text, a missing cell and a shifted boundary apart', () => {
  const fp = rowFingerprints(table, ['k', 's', 'x'], [0, 1, 2, 3, 4])!;
  assert.equal(fp[0], fp[4], 'the same cells');
  assert.equal(new Set(fp).size, 4, `('a', '') ('a', null) ('ab', null) and a missing number differ: ${[...fp]}`);
  for (const v of fp) assert.ok(Number.isSafeInteger(v) && v >= 0, 'a 52-bit integer, exact as a double');
  assert.notEqual(rowFingerprints(table, ['x', 's', 'k'], [0])![0], fp[0], 'in the header order training read');
  assert.equal(rowFingerprints(table, ['k', 'gone'], [0]), undefined, 'a column the table lacks: rows cannot be matched');
});

test('saved sorted, read back, looked up; a damaged file is refused by its path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-trained-rows-'));
  try {
    assert.equal(await readTrainedRows(dir), undefined, 'a version saved before them');
    const fp = rowFingerprints(table, ['k', 's', 'x'], [3, 0, 2])!;
    await saveTrainedRows(dir, fp);
    const back = (await readTrainedRows(dir))!;
    assert.deepEqual([...back], [...fp].sort((a, b) => a - b));
    for (const v of fp) assert.ok(hasFingerprint(back, v));
    assert.equal(hasFingerprint(back, rowFingerprints(table, ['k', 's', 'x'], [1])![0]), false);
    writeFileSync(join(dir, TRAINED_ROWS_FILE), Buffer.alloc(12));
    await assert.rejects(readTrainedRows(dir), new RegExp(`${TRAINED_ROWS_FILE}: 12 bytes, not a whole number of 8-byte fingerprints`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
