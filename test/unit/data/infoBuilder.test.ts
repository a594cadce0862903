import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DISTINCT_CAP } from '../../../server/mlpipe/data/info.js';
import { InfoBuilder } from '../../../server/mlpipe/data/infoBuilder.js';
import { cellKey, IntegerCollisions, joinKey } from '../../../server/mlpipe/data/keys.js';
import { inferType, isMissing } from '../../../server/mlpipe/data/values.js';

const BASE = { path: 't.csv', hash: 'sha256:0', bytes: 0 };

/**
 * Cells chosen so that one column meets every case the builder keys apart: missing spellings,
 * one number in several spellings, integers past 2^53 (two of them one double, one a double's
 * own digits), the decimal twin of such an integer, and text.
 */
const CELL = fc.constantFrom<string | null>(
  null, '', 'NA', 'nan', 'NULL',
  '0', '-0', '0.0', '1', '01', '1.0', '1e0', '2', '2.5', '-3', '1e5', '100000',
  '9007199254740993', '9007199254740992', '9007199254740992.0', '1234567890123456789', '1234567890123456768',
  'a', 'b', 'A',
);

/** The builder's answers, from their definitions over a whole column. */
function expected(cells: ReadonlyArray<string | null>) {
  const type = inferType(cells) ?? 'number';
  const present = cells.filter((c): c is string => !isMissing(c));
  const collisions = new IntegerCollisions();
  if (type === 'integer') for (const c of present) collisions.add(c, Number(c));
  return {
    type,
    missing: cells.length - present.length,
    distinct: new Set(present.map((c) => (type === 'string' ? c : joinKey(c)))).size,
    collision: collisions.first,
    values: cells.map((c) => cellKey(c, type)),
  };
}

test('the facts of a table are those of each whole column, however many rows are waiting to be added', () => {
  fc.assert(
    fc.property(
      // Narrow tables are added row by row, from 64 columns on in batches (rowBatches.ts): both.
      fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 64, max: 66 })).chain((width) => fc.array(fc.array(CELL, { minLength: width, maxLength: width }), { maxLength: 300, size: 'max' })),
      (rows) => {
        const width = rows[0]?.length ?? 3;
        const header = Array.from({ length: width }, (_, c) => `c${c}`);
        const b = new InfoBuilder(header);
        rows.forEach((row, r) => {
          b.addRow(row);
          assert.equal(b.rowCount, r + 1);
        });
        const info = b.finish(BASE);
        assert.equal(info.rowsRead, rows.length);
        header.forEach((name, c) => {
          const want = expected(rows.map((row) => row[c]!));
          const got = info.columns!.find((col) => col.name === name)!;
          assert.deepEqual({ type: got.type, missing: got.missing, distinct: got.distinct, collision: got.collision }, {
            type: want.type,
            missing: want.missing,
            distinct: want.distinct,
            collision: want.collision,
          });
          assert.deepEqual(info.values!(name), want.values);
        });
      },
    ),
  );
});

test('a column past the distinct cap counts as over it, and its cells keep their texts', () => {
  const rows = DISTINCT_CAP + 300;
  const b = new InfoBuilder(['id', 'flag']);
  for (let r = 0; r < rows; r++) b.addRow([`${r}.5`, String(r % 2)]);
  const info = b.finish(BASE);
  const [id, flag] = info.columns!;
  assert.ok(id!.distinct > DISTINCT_CAP);
  assert.equal(id!.type, 'number');
  assert.equal(flag!.distinct, 2);
  assert.equal(flag!.type, 'integer');
  assert.equal(info.values!('id')![rows - 1], `${rows - 1}.5`);
});
