import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellWriter, float32Text, instantText } from '../../../server/backend/data/parquetCells.js';

test("a FLOAT cell is the shortest decimal of its float, as pandas, Polars and DuckDB write it", () => {
  // Widened to a double, 0.1f printed '0.10000000149011612': another number than the CSV's '0.1'.
  for (const [x, text] of [[0.1, '0.1'], [1 / 3, '0.33333334'], [16777217, '16777216'], [1e-7, '1e-7'], [3.4028234663852886e38, '3.4028235e+38'], [-2.5, '-2.5'], [0, '0']] as const)
    assert.equal(float32Text(Math.fround(x)), text, String(x));
  for (let i = 0; i < 2000; i++) {
    const f = Math.fround((i - 1000) * 0.0137 * 10 ** ((i % 13) - 6));
    assert.equal(Math.fround(Number(float32Text(f))), f);
  }
  assert.equal(float32Text(NaN), null);
});

test('instants keep every digit of their unit, floor before 1970, and carry a zone only when adjusted to UTC', () => {
  assert.equal(instantText(1740830400123456789n, 1_000_000_000n, false), '2025-03-01T12:00:00.123456789');
  assert.equal(instantText(1740830400000000n, 1_000_000n, true), '2025-03-01T12:00:00Z');
  assert.equal(instantText(-500n, 1_000_000n, false), '1969-12-31T23:59:59.9995');
  const legacy = cellWriter({ name: 't', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' });
  assert.equal(legacy.text(1740830400250n), '2025-03-01T12:00:00.25Z');
  // Spark's INT96: hyparquet hands over its nanoseconds (INT96_NANOS), written as an instant in UTC.
  assert.equal(cellWriter({ name: 't', type: 'INT96' }).text(1740830400000001000n), '2025-03-01T12:00:00.000001Z');
  const naive = cellWriter({ name: 't', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' } });
  assert.equal(naive.plain, true);
  assert.equal(naive.text(null), null);
});
