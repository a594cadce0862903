import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, loadTable, requireColumn } from '../../../server/backend/data/load.js';
import type { NumericColumn, StringColumn } from '../../../server/mlpipe/data/table.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-load-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

test('columns are typed: integers, numbers (NaN missing) and text (null missing)', async () => {
  const p = write('t.csv', '\ufeffid,age,score,city,empty\r\nC1,31,1.5,Paris,\r\nC2,NA,2,"Nice, FR",NA\r\nC3,40,,Lyon,\r\n');
  const t = await loadTable('people', p, { source: 'data/t.csv' });
  assert.equal(t.name, 'people');
  assert.equal(t.source, 'data/t.csv');
  assert.equal(t.rowCount, 3);
  const [id, age, score, city, empty] = t.columns as [StringColumn, NumericColumn, NumericColumn, StringColumn, NumericColumn];
  assert.deepEqual(id, { name: 'id', type: 'string', values: ['C1', 'C2', 'C3'], missing: 0 });
  assert.equal(age.type, 'integer');
  assert.deepEqual([...age.values], [31, NaN, 40]);
  assert.equal(age.missing, 1);
  assert.equal(score.type, 'number');
  assert.deepEqual([...score.values], [1.5, 2, NaN]);
  assert.deepEqual(city.values, ['Paris', 'Nice, FR', 'Lyon']);
  assert.equal(empty.type, 'number');
  assert.equal(empty.missing, 3);
  assert.deepEqual([...t.lines!], [2, 3, 4]);
});

test('a column that turns to text late keeps the exact text of its earlier rows', async () => {
  const rows = ['code,n'];
  for (let i = 0; i < 5000; i++) rows.push(`${i % 3 === 0 ? '007' : i % 3 === 1 ? '1.50' : 'NA'},${i}`);
  rows.push('X9,5000');
  const t = await loadTable('codes', write('late.csv', rows.join('\n') + '\n'));
  const code = t.columns[0] as StringColumn;
  assert.equal(code.type, 'string');
  assert.equal(code.values[0], '007');
  assert.equal(code.values[1], '1.50');
  assert.equal(code.values[2], null);
  assert.equal(code.values[5000], 'X9');
  assert.equal(code.missing, 1666);
  const n = t.columns[1] as NumericColumn;
  assert.equal(n.type, 'integer');
  assert.equal(n.values[5000], 5000);
  assert.equal(n.values.length, 5001);
});

test('loader errors name file, line and column', async () => {
  await assert.rejects(loadTable('t', write('ragged.csv', 'a,b\n1,2\n3\n'), { source: 'data/ragged.csv' }), (e: unknown) =>
    e instanceof DataError && e.file === 'data/ragged.csv' && e.line === 3 && /expected 2 fields \(as in the header\), found 1/.test(e.message),
  );
  await assert.rejects(loadTable('t', write('empty.csv', '')), /the file is empty: expected a header row/);
  await assert.rejects(loadTable('t', write('blank.csv', '\n\r\n')), /the file is empty/);
  await assert.rejects(loadTable('t', write('dup.csv', 'a,b,a\n1,2,3\n')), (e: unknown) =>
    e instanceof DataError && e.line === 1 && e.column === 'a' && /duplicate column name 'a' \(header fields 1 and 3\)/.test(e.message),
  );
  await assert.rejects(loadTable('t', write('noname.csv', 'a,,c\n1,2,3\n')), /header field 2 is empty: every column/);
  // Every line ending with a comma (a trailing separator) names where the empty name comes from.
  await assert.rejects(loadTable('t', write('trailing.csv', 'a,b,\n1,2,\n')), /header field 3 is empty \(the header line ends with a comma\): every column needs a name/);
  await assert.rejects(loadTable('t', join(dir, 'absent.csv'), { source: 'data/absent.csv' }), /data\/absent\.csv: no such file/);
  await assert.rejects(loadTable('t', dir), /not a file/);
});

test('header only gives an empty table', async () => {
  const t = await loadTable('t', write('header.csv', 'a,b\n'));
  assert.equal(t.rowCount, 0);
  assert.deepEqual(t.columns.map((c) => c.name), ['a', 'b']);
});

test('requireColumn: a text column where numbers are needed names the first non-number', async () => {
  const t = await loadTable('customers', write('c.csv', 'id,spend\nA,1\nB,NA\nC,"multi\nline"\nD,abc\n'), { source: 'data/customers.csv' });
  assert.throws(() => requireColumn(t, 'spend', 'numeric'), (e: unknown) =>
    e instanceof DataError && e.line === 4 && e.column === 'spend' &&
    e.message === "column spend of data/customers.csv is text at line 4 (data row 3) ('multi\nline'): expected numbers",
  );
  assert.equal(requireColumn(t, 'id').name, 'id');
  assert.throws(() => requireColumn(t, 'nope'), /no column 'nope' \(columns: id, spend\)/);
  const ok = await loadTable('n', write('n.csv', 'x\n1\n2\n'));
  assert.deepEqual([...requireColumn(ok, 'x', 'numeric').values], [1, 2]);
});

test('multi-byte characters split across read chunks survive', async () => {
  const cell = 'é😀'.repeat(300_000);
  const t = await loadTable('u', write('utf8.csv', `s\n${cell}\n`));
  assert.equal((t.columns[0] as StringColumn).values[0], cell);
});

test('columns: only the named ones are kept, in file order; the others are still read for the structure', async () => {
  const rows = ['event_id,code,note,n'];
  for (let i = 0; i < 3000; i++) rows.push(`E${i},${i % 2 === 0 ? '007' : '12'},free text ${i},${i}`);
  // A column kept that turns to text late: its early rows' exact text comes from the second
  // pass, by its place in the file, not in the kept list.
  rows.push('E3000,X9,last,3000');
  const p = write('events.csv', rows.join('\n') + '\n');
  const t = await loadTable('events', p, { columns: new Set(['n', 'code', 'absent']) });
  assert.deepEqual(
    t.columns.map((c) => c.name),
    ['code', 'n'],
  );
  assert.equal(t.rowCount, 3001);
  const code = t.columns[0] as StringColumn;
  assert.deepEqual([code.values[0], code.values[1], code.values[3000]], ['007', '12', 'X9']);
  assert.equal((t.columns[1] as NumericColumn).values[2999], 2999);
  // A ragged row in a column nobody keeps is still the file's error.
  const ragged = write('ragged.csv', 'id,n,extra\n1,2,3\n4,5\n');
  await assert.rejects(loadTable('r', ragged, { columns: new Set(['n']) }), (e: unknown) => e instanceof DataError && /line 3/.test(e.message));
});

test('columns: a Parquet file keeps only the named ones too', async () => {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: ['a', 'b', 'c'], type: 'STRING' },
      { name: 'v', data: [1.5, 2.5, null], type: 'DOUBLE' },
      { name: 'note', data: ['x', 'y', 'z'], type: 'STRING' },
    ],
  });
  const p = join(dir, 'h.parquet');
  writeFileSync(p, new Uint8Array(buffer));
  const t = await loadTable('h', p, { columns: new Set(['v', 'id']) });
  assert.deepEqual(
    t.columns.map((c) => c.name),
    ['id', 'v'],
  );
  assert.deepEqual([...(t.columns[1] as NumericColumn).values], [1.5, 2.5, NaN]);
});
