import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument } from '../../../server/backend/check/checkDocument.js';
import { DataInspector, inspectSource } from '../../../server/backend/data/inspect.js';
import { loadTable } from '../../../server/backend/data/load.js';
import { readParquetRows } from '../../../server/backend/data/parquet.js';
import type { DocAnalysis } from '../../../server/lsp/analyses.js';
import { hoverAt } from '../../../server/lsp/hover.js';
import { parseCsv } from '../../../server/mlpipe/data/csv.js';
import { timeColumn } from '../../../server/mlpipe/data/times.js';
import { isMissing, parseNumber, tryParseTime } from '../../../server/mlpipe/data/values.js';

/**
 * Parquet as the tools users have write it: DuckDB's writer and arrow-rs (Polars' and pyarrow's
 * family), with their codecs, page versions, row groups and types. The files and the CSV DuckDB
 * wrote for the same rows are in test/fixtures/parquet/ (generate.mjs made them; the tests need
 * only the files).
 */
const dir = join(__dirname, '..', '..', 'fixtures', 'parquet');
const at = (name: string) => join(dir, name);

const csv = parseCsv(readFileSync(at('types.csv'), 'utf8'), 'types.csv');
const TYPED = ['duckdb-types.parquet', 'duckdb-types-zstd-v2.parquet', 'arrow-zstd.parquet', 'arrow-lz4-v2.parquet', 'arrow-lz4raw-gzip.parquet'];

test('ZSTD, GZIP, BROTLI and LZ4 Parquet files are read, as DuckDB and arrow-rs write them', async () => {
  // They were refused ('mlpipe reads Parquet compressed with SNAPPY or uncompressed'): ZSTD is Polars' default.
  for (const codec of ['zstd', 'gzip', 'brotli', 'lz4']) {
    const t = await readParquetRows(at(`duckdb-${codec}.parquet`));
    assert.deepEqual(t.header, ['x', 's'], codec);
    assert.deepEqual(
      t.rows.map((r) => r.join(':')),
      Array.from({ length: 20 }, (_, i) => `${i}:${'abc'[i % 3]}`),
      codec,
    );
  }
  // arrow-rs: ZSTD in row groups of 3; Hadoop-framed LZ4 with data page v2; LZ4_RAW beside GZIP and
  // BROTLI columns, where an all-null column's empty dictionary page failed ('lz4 offset out of range 0').
  for (const name of TYPED) {
    const t = await readParquetRows(at(name));
    assert.equal(t.rows.length, 6, name);
    assert.equal(t.rows[5]![t.header.indexOf('plan')], 'premium', name);
  }
});

test('every cell of every writer types, keys and times as the CSV text of the same value', async () => {
  const { header, rows } = csv;
  for (const name of TYPED) {
    const pq = await readParquetRows(at(name));
    for (let c = 0; c < header.length; c++) {
      const p = pq.header.indexOf(header[c]!);
      assert.ok(p >= 0, `${name}: ${header[c]}`);
      for (let r = 0; r < rows.length; r++) {
        const want = rows[r]![c]!;
        const got = pq.rows[r]![p] ?? null;
        const where = `${name}, ${header[c]}, row ${r}: ${JSON.stringify(got)} for the CSV's ${JSON.stringify(want)}`;
        if (isMissing(want)) {
          assert.ok(got === null || isMissing(got), where);
          continue;
        }
        assert.ok(got !== null, where);
        const n = parseNumber(want);
        const t = tryParseTime(want);
        // A number is the same number ('1.0' and '1', '5.00' and '5'); a time the same instant, to the microsecond; else the same text.
        if (n !== undefined) assert.equal(parseNumber(got), n, where);
        else if (t !== undefined) assert.equal(tryParseTime(got), t, where);
        else assert.equal(got, want, where);
      }
    }
  }
});

test('times keep every digit the file holds; dates, times of day and FLOAT cells read as a CSV writes them', async () => {
  const pq = await readParquetRows(at('arrow-zstd.parquet'));
  const cell = (column: string, row: number) => pq.rows[row]![pq.header.indexOf(column)];
  // Through a JavaScript Date these were '…12:00:00.123Z': two events 0.4 ms apart were one time.
  assert.equal(cell('ts_ns', 0), '2025-03-01T12:00:00.123456');
  assert.equal(cell('ts_us', 1), '2025-03-01T13:30:00.123456');
  assert.equal(cell('ts_tz', 0), '2025-03-01T12:00:00.123456Z');
  assert.equal(cell('ts_ms', 0), '2025-03-01T12:00:00.123');
  // Before 1970 the milliseconds were rounded toward zero: '1970-01-01T00:00:00.000Z'.
  assert.equal(cell('ts_old', 0), '1969-12-31T23:59:59.9995');
  // A DATE was a midnight date-time ('2025-03-01T00:00:00.000Z'), a category no CSV's date matches.
  assert.equal(cell('d', 0), '2025-03-01');
  // A TIME was its count of microseconds, an integer column.
  assert.equal(cell('tod', 0), '12:34:56.5');
  // A FLOAT 0.1 was the double it widens to, '0.10000000149011612'.
  assert.equal(cell('f32', 1), '0.1');

  // Spark's INT96 (its default timestamp type) went through a Date too: '2025-03-01T12:00:00.123Z'.
  const spark = await readParquetRows(at('spark-int96.parquet'));
  assert.deepEqual(spark.rows, [['2025-03-01T12:00:00.123456789Z'], ['1969-12-31T23:59:59.9995Z'], [null]]);

  // A time column orders and joins as the CSV's: the same epoch seconds, row by row.
  const fromParquet = await loadTable('t', at('arrow-zstd.parquet'));
  const fromCsv = await loadTable('t', at('types.csv'));
  for (const column of ['ts_ns', 'ts_us', 'ts_tz', 'ts_ms', 'ts_old', 'd']) assert.deepEqual(timeColumn(fromParquet, column), timeColumn(fromCsv, column), column);
});

test('nested Parquet columns are left out, and a pipeline that names one is told why, in words', async () => {
  const t = await readParquetRows(at('duckdb-types.parquet'));
  assert.deepEqual(t.unread, [
    { name: 'tags', kind: 'list' },
    { name: 'info', kind: 'struct' },
  ]);
  // They were JSON texts ('{"a":"0","b":"y"}'), a category of each whole list or struct.
  assert.deepEqual(t.header, csv.header);
  const info = await inspectSource(at('duckdb-types.parquet'));
  assert.equal(info.status, 'ok', info.error);
  assert.deepEqual(info.unread, t.unread);

  const pipeline = (features: string) => `pipeline p

data t {
  source = "duckdb-types.parquet"
  target = flag
}

${features}

model m {
  kind   = logistic
  inputs = [a]
  seed   = 1
}
`;
  const unknown = async (features: string) =>
    (await checkDocument(at('p.mlpipe'), pipeline(features), new DataInspector())).diagnostics.filter((d) => d.code === 'unknown-reference').map((d) => d.message);
  // They were 'no column' at best; one_hot took each struct's JSON text as a category.
  assert.deepEqual(await unknown('feature a = one_hot(t.info)'), [
    "'t.info': 'info' in 't' (duckdb-types.parquet) is a nested Parquet column (a struct), which mlpipe does not read: a cell must hold one value; write its fields or elements as columns of their own.",
  ]);
  assert.deepEqual(await unknown('feature a = hash_bucket(tags, 8)'), [
    "'tags': 'tags' in 't' (duckdb-types.parquet) is a nested Parquet column (a list), which mlpipe does not read: a cell must hold one value; write its fields or elements as columns of their own.",
  ]);
  // A file with nested columns the pipeline does not name is read as usual; the hover says what it left out.
  assert.deepEqual(await unknown('feature a = one_hot(plan)'), []);
  const path = at('p.mlpipe');
  const text = pipeline('feature a = one_hot(plan)');
  const a: DocAnalysis = { ...(await checkDocument(path, text, new DataInspector())), uri: `file://${path}`, version: 1, path, text };
  const hover = JSON.stringify(hoverAt(a, text.indexOf('data t') + 5));
  assert.match(hover, /Not read: `tags` \(list\), `info` \(struct\), nested Parquet columns: a cell must hold one value\./);
});

test('a Parquet file of no rows has its header and types nothing', async () => {
  const info = await inspectSource(at('duckdb-empty.parquet'));
  assert.equal(info.status, 'ok', info.error);
  assert.equal(info.rowsRead, 0);
  assert.deepEqual(
    info.columns!.map((c) => c.name),
    csv.header,
  );
  assert.equal((await loadTable('t', at('duckdb-empty.parquet'))).rowCount, 0);
});
