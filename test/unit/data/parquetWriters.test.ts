import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readParquetRows } from '../../../server/backend/data/parquet.js';

/**
 * Parquet as the tools users have write it: DuckDB's writer and arrow-rs (Polars' and pyarrow's
 * family), with their codecs, page versions, row groups and types. The files and the CSV DuckDB
 * wrote for the same rows are in test/fixtures/parquet/ (generate.mjs made them; the tests need
 * only the files).
 */
const dir = join(__dirname, '..', '..', 'fixtures', 'parquet');
const at = (name: string) => join(dir, name);

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
