import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDocument } from '../../../server/backend/check/checkDocument.js';
import { DataInspector, inspectSource } from '../../../server/backend/data/inspect.js';
import { columnTexts, loadTable } from '../../../server/backend/data/load.js';
import type { NumericColumn, StringColumn } from '../../../server/mlpipe/data/table.js';
import type { DocAnalysis } from '../../../server/lsp/analyses.js';
import { hoverAt } from '../../../server/lsp/hover.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-parquet-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function writeParquet(name: string, rows: number): Promise<string> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const ids: string[] = [];
  const counts: Array<number | null> = [];
  const amounts: Array<number | null> = [];
  const plans: Array<string | null> = [];
  for (let i = 0; i < rows; i++) {
    ids.push(`C${String(i).padStart(5, '0')}`);
    counts.push(i % 10 === 3 ? null : i % 7);
    amounts.push(i % 11 === 5 ? null : i * 0.25);
    plans.push(i % 13 === 0 ? null : ['basic', 'premium'][i % 2]!);
  }
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: ids, type: 'STRING' },
      { name: 'count', data: counts, type: 'INT32' },
      { name: 'amount', data: amounts, type: 'DOUBLE' },
      { name: 'plan', data: plans, type: 'STRING' },
    ],
    rowGroupSize: 1000,
  });
  const p = join(dir, name);
  writeFileSync(p, new Uint8Array(buffer));
  return p;
}

test('a Parquet file loads into the same typed columns a CSV would give', async () => {
  const p = await writeParquet('t.parquet', 2500);
  const t = await loadTable('t', p);
  assert.equal(t.rowCount, 2500);
  const [id, count, amount, plan] = t.columns as [StringColumn, NumericColumn, NumericColumn, StringColumn];
  assert.equal(id.type, 'string');
  assert.equal(id.values[42], 'C00042');
  assert.equal(count.type, 'integer');
  assert.equal(count.values[6], 6);
  assert.ok(Number.isNaN(count.values[3]!));
  assert.equal(count.missing, 250);
  // Whole-valued doubles are integers by the one typing rule, as in a CSV; here 0.25 steps are not.
  assert.equal(amount.type, 'number');
  assert.equal(amount.values[9], 2.25);
  assert.ok(Number.isNaN(amount.values[5]!));
  assert.equal(plan.values[0], null);
  assert.equal(plan.values[1], 'premium');
});

test('inspecting Parquet: ok with columns, and sampled rows when over maxBytes', async () => {
  const p = await writeParquet('i.parquet', 5000);
  const info = await inspectSource(p);
  assert.equal(info.status, 'ok');
  assert.equal(info.format, 'parquet');
  assert.equal(info.rowsRead, 5000);
  assert.deepEqual(info.columns!.map((c) => [c.name, c.type, c.missing]), [
    ['id', 'string', 0],
    ['count', 'integer', 500],
    ['amount', 'number', 455],
    ['plan', 'string', 385],
  ]);
  assert.equal(info.values!('count')![7], '0');
  const sample = await inspectSource(p, { maxBytes: Math.floor(info.size! / 4) });
  assert.equal(sample.sampled, true);
  assert.ok(sample.rowsRead! > 0 && sample.rowsRead! < 5000);
  assert.equal(sample.hash, info.hash);
});

test('a broken Parquet file is unreadable with a precise error, and a load error', async () => {
  const p = join(dir, 'broken.parquet');
  writeFileSync(p, 'PAR1 this is not parquet');
  const info = await inspectSource(p);
  assert.equal(info.status, 'unreadable');
  assert.match(info.error!, /^not a readable Parquet file/);
  await assert.rejects(loadTable('b', p), /not a readable Parquet file/);
});

test('a Parquet file read as CSV says which way to fix it: its format line, or its name', async () => {
  const named = await writeParquet('named.parquet', 10);
  await assert.rejects(loadTable('t', named, { format: 'csv' }), /the file is Parquet, not CSV: its data block says 'format = csv': write 'format = parquet', or drop the line/);
  const unnamed = join(dir, 'unnamed.dat');
  writeFileSync(unnamed, readFileSync(named));
  await assert.rejects(loadTable('t', unnamed), /the file is Parquet, not CSV: add 'format = parquet' to its data block or give it a \.parquet name/);
});

test('DECIMAL columns read as their exact digits: IDs beyond 2^53 stay apart, so their collision is seen', async () => {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  // As Spark, Arrow and DuckDB store them: INT32, INT64 and fixed-length bytes (big-endian two's complement).
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: [12345678901234567000n, 12345678901234567001n, 12345678901234567002n] },
      { name: 'price', data: [1234567n, -5n, null] },
      { name: 'qty', data: [5, -12.5, 0] },
      { name: 'whole', data: [7n, 70n, -700n] },
    ],
    schema: [
      { name: 'root', num_children: 4 },
      { name: 'id', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 9, repetition_type: 'REQUIRED', converted_type: 'DECIMAL', precision: 20, scale: 0 },
      { name: 'price', type: 'INT64', repetition_type: 'OPTIONAL', converted_type: 'DECIMAL', precision: 18, scale: 4 },
      { name: 'qty', type: 'INT32', repetition_type: 'REQUIRED', converted_type: 'DECIMAL', precision: 9, scale: 2 },
      { name: 'whole', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16, repetition_type: 'REQUIRED', converted_type: 'DECIMAL', precision: 38, scale: 0 },
    ],
  });
  const p = join(dir, 'decimal.parquet');
  writeFileSync(p, new Uint8Array(buffer));
  const info = await inspectSource(p);
  assert.equal(info.status, 'ok', info.error);
  // As doubles the three IDs were one text, '12345678901234567000', and no collision could be told.
  assert.deepEqual(info.columns![0]!.collision, ['12345678901234567000', '12345678901234567001']);
  assert.equal(info.columns![0]!.distinct, 3);
  const texts = await columnTexts(p, ['id', 'price', 'qty', 'whole']);
  assert.deepEqual(texts, [
    ['12345678901234567000', '12345678901234567001', '12345678901234567002'],
    ['123.4567', '-0.0005', ''],
    ['5', '-12.5', '0'],
    ['7', '70', '-700'],
  ]);
  const t = await loadTable('t', p);
  assert.deepEqual(t.columns.map((c) => c.type), ['integer', 'number', 'number', 'integer']);
});

test('an empty, too short or cut short Parquet file says so in words, in the checker and the loader', async () => {
  const whole = readFileSync(await writeParquet('whole.parquet', 50));
  const cases: Array<[string, Uint8Array, string]> = [
    ['empty.parquet', new Uint8Array(0), 'the file is empty (0 bytes)'],
    ['short.parquet', Buffer.from('PAR1'), 'the file is 4 bytes long, too short to be Parquet'],
    ['cut.parquet', whole.subarray(0, whole.length - 100), "it starts as Parquet but does not end with Parquet's closing 'PAR1' mark: it was cut short (an unfinished write or copy)"],
    // CSV text under a Parquet name: what it starts as is said (it was only 'neither starts nor ends').
    ['text.parquet', Buffer.from('id,y\n1,0\n2,1\n'), "it neither starts nor ends with Parquet's 'PAR1' mark: it starts as text, as CSV does ('id,y')"],
    ['noise.parquet', Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]), "it neither starts nor ends with Parquet's 'PAR1' mark"],
  ];
  for (const [name, bytes, why] of cases) {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    const info = await inspectSource(p);
    assert.equal(info.error, `not a readable Parquet file: ${why}`, name);
    await assert.rejects(loadTable('t', p, { source: name }), (e: Error) => e.message === `${name}: not a readable Parquet file: ${why}`);
  }
});

test("a Parquet schema's empty last name is not blamed on a comma, nor its names on line ends", async () => {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  for (const [names, why, sep] of [
    // No 'line 1' (the check's message) nor ', line 1' (the run's): a Parquet file has no header line to look for.
    [['a', 'b', ''], 'header field 3 is empty: every column needs a name', ': '],
    [['a', 'b', 'a'], "column a: duplicate column name 'a' (header fields 1 and 3)", ', '],
    [['a', 'b\r'], undefined, ''],
  ] as const) {
    const p = join(dir, 'names.parquet');
    writeFileSync(p, new Uint8Array(parquetWriteBuffer({ columnData: names.map((name) => ({ name, data: [1, 2], type: 'INT32' as const })) })));
    const info = await inspectSource(p);
    if (why) {
      assert.equal(info.error, why);
      await assert.rejects(loadTable('t', p, { source: 'names.parquet' }), (e: Error) => e.message === `names.parquet${sep}${why}`);
    } else {
      assert.equal(info.status, 'ok', info.error);
      assert.equal((await loadTable('t', p)).columns[1]!.name, 'b\r');
    }
  }
});

test('GZIP Parquet is read; LZO, the one codec left, says which and what to write instead', async () => {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const { gzipSync } = await import('node:zlib');
  const gzip = join(dir, 'gzip.parquet');
  writeFileSync(gzip, new Uint8Array(parquetWriteBuffer({ codec: 'GZIP', compressors: { GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)) }, columnData: [{ name: 'x', data: [1, 2], type: 'INT32' }] })));
  // It was refused: 'its columns are compressed with GZIP, and mlpipe reads Parquet compressed with SNAPPY or uncompressed'.
  assert.deepEqual((await columnTexts(gzip, ['x']))[0], ['1', '2']);
  // No tool writes LZO by default; these bytes are only labelled so.
  const lzo = join(dir, 'lzo.parquet');
  writeFileSync(lzo, new Uint8Array(parquetWriteBuffer({ codec: 'LZO', compressors: { LZO: (b: Uint8Array) => b }, columnData: [{ name: 'x', data: [1, 2], type: 'INT32' }] })));
  const why = "its columns are compressed with LZO, which mlpipe does not read: write it with compression 'zstd' or 'snappy'";
  assert.equal((await inspectSource(lzo)).error, why);
  await assert.rejects(loadTable('t', lzo, { source: 'lzo.parquet' }), (e: Error) => e.message === `lzo.parquet: ${why}`);
});

test('a binary column (bytes, no STRING annotation) is left out as nested ones are: named in check and hover, never read as text', async () => {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  // Two distinct blobs that are not UTF-8 (they read as one text, '\uFFFD\u0000'), one with a NUL.
  const blobs = [Uint8Array.of(0xff, 0x00), Uint8Array.of(0xfe, 0x00), Uint8Array.of(0xff, 0x00), Uint8Array.of(0xfe, 0x00)];
  const p = join(dir, 'blob.parquet');
  writeFileSync(
    p,
    new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'x', data: [1, 2, 3, 4], type: 'INT32' },
          { name: 'blob', data: blobs, type: 'BYTE_ARRAY' },
          { name: 'plan', data: ['a', 'b', 'a', 'b'], type: 'STRING' },
          { name: 'y', data: [0, 1, 0, 1], type: 'INT32' },
        ],
      }),
    ),
  );
  // `run` loads the table without it, `check` reads the same columns: both go by the schema.
  const loaded = await loadTable('t', p);
  assert.deepEqual(loaded.columns.map((c) => c.name), ['x', 'plan', 'y']);
  const info = await inspectSource(p);
  assert.equal(info.status, 'ok', info.error);
  assert.deepEqual(info.columns!.map((c) => c.name), ['x', 'plan', 'y']);
  assert.deepEqual(info.unread, [{ name: 'blob', kind: 'binary' }]);

  const text = (feature: string) => `pipeline p\n\ndata t {\n  source = "blob.parquet"\n  target = y\n}\n\nfeature a = ${feature}\n\nmodel m {\n  kind   = logistic\n  inputs = [a]\n  seed   = 1\n}\n`;
  const path = join(dir, 'p.mlpipe');
  const checked = await checkDocument(path, text('one_hot(blob)'), new DataInspector());
  assert.deepEqual(
    checked.diagnostics.filter((d) => d.code === 'unknown-reference').map((d) => d.message),
    ["'blob': 'blob' in 't' (blob.parquet) is a binary Parquet column (bytes with no STRING annotation), which mlpipe does not read: its values are bytes, not text; if it holds text, write it as a string column."],
  );
  const ok = text('one_hot(plan)');
  const a: DocAnalysis = { ...(await checkDocument(path, ok, new DataInspector())), uri: `file://${path}`, version: 1, path, text: ok };
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.match(JSON.stringify(hoverAt(a, ok.indexOf('data t') + 5)), /Not read: `blob` \(binary\), binary Parquet column \(no STRING annotation\): bytes, not text\./);
});
