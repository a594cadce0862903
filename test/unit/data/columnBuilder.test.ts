import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ColumnBuilder } from '../../../server/mlpipe/data/columnBuilder.js';
import { IntegerCollisions } from '../../../server/mlpipe/data/keys.js';
import { inferType, isMissing } from '../../../server/mlpipe/data/values.js';

/** Cells that keep a column numeric, turn it to text on any row, or leave it all missing. */
const CELL = fc.constantFrom<string | null>(
  null, '', 'NA', 'null', '0', '-0', '1', '01', '2.5', '1e5', '9007199254740993', '9007199254740992', '02134', 'a', 'B',
);

test('typed columns are those of each whole column, stored a batch at a time, with the second pass for late text', () => {
  fc.assert(
    fc.property(
      // Narrow tables are stored row by row, from 64 columns on in batches (rowBatches.ts): both.
      fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 64, max: 66 })).chain((width) =>
        fc.tuple(
          // Mostly numbers, so a column often turns to text late (past a batch boundary).
          fc.array(fc.array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom('3', '4.5', '-7') }, { weight: 1, arbitrary: CELL }), { minLength: width, maxLength: width }), { maxLength: 400, size: 'max' }),
          fc.subarray(Array.from({ length: width }, (_, c) => `c${c}`)),
        ),
      ),
      ([rows, kept]) => {
        const width = rows[0]?.length ?? 2;
        const header = Array.from({ length: width }, (_, c) => `c${c}`);
        const b = new ColumnBuilder(header, new Set(kept));
        rows.forEach((row) => b.addRow(row));
        assert.equal(b.rowCount, rows.length);
        for (const [c, before] of b.textNeeded()) for (let r = 0; r < before; r++) b.setText(c, r, rows[r]![c] ?? null);
        const columns = b.finish();
        header.forEach((name, c) => {
          const cells = rows.map((row) => row[c] ?? null);
          const present = cells.filter((s): s is string => !isMissing(s));
          const type = kept.includes(name) ? 'string' : (inferType(cells) ?? 'number');
          const col = columns[c]!;
          assert.equal(col.type, type, name);
          assert.equal(col.missing, cells.length - present.length);
          const want = cells.map((s) => (isMissing(s) ? (type === 'string' ? null : NaN) : type === 'string' ? s : Number(s)));
          assert.deepEqual([...col.values], want);
          const collisions = new IntegerCollisions();
          if (type === 'integer') for (const s of present) collisions.add(s, Number(s));
          assert.deepEqual(col.type === 'string' ? undefined : col.collision, collisions.first);
        });
      },
    ),
  );
});
