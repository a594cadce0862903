import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ColumnBuilder } from '../../../server/mlpipe/data/columnBuilder.js';
import { CsvParser } from '../../../server/mlpipe/data/csv.js';
import type { Column } from '../../../server/mlpipe/data/table.js';
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

test('kept text cells hold their own characters, not the file text they were read from', () => {
  // A file's text arrives in chunks of 1 MiB; a cell of 13 characters or more cut from one is, in
  // V8, a view that keeps the whole chunk alive. Kept columns of an event log (a timestamp per row)
  // then held every chunk of the file: far more memory than the cells.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const rows = 40_000;
  const stamp = (i: number) => `2024-01-01T00:00:00.${String(i).padStart(6, '0')}Z`;
  gc();
  const before = process.memoryUsage().heapUsed;
  const { columns, fileBytes } = readEvents(rows, stamp);
  gc();
  const kept = process.memoryUsage().heapUsed - before;
  assert.equal(columns[1]!.values[rows - 1], stamp(rows - 1));
  // The cells themselves: 40,000 timestamps of 28 characters and 40,000 references to 500 ids,
  // about 3 MB; the file's text is 16 MB.
  assert.ok(kept < fileBytes / 3, `the columns hold ${(kept / 2 ** 20).toFixed(1)} MiB for a file of ${(fileBytes / 2 ** 20).toFixed(1)} MiB`);
});

/**
 * An event log's id and time columns, read as a file is: through the parser, 1 MiB at a time. The
 * file's text lives only here, so what the columns keep of it is all that stays.
 */
function readEvents(rows: number, stamp: (i: number) => string): { columns: Column[]; fileBytes: number } {
  const text = `id,at,note\n${Array.from({ length: rows }, (_, i) => `k${i % 500},${stamp(i)},${'x'.repeat(400)}${i}\n`).join('')}`;
  const builder = new ColumnBuilder(['id', 'at', 'note']);
  const parser = new CsvParser({ file: 'events.csv', onHeader: () => {}, onRecord: (fields) => builder.addRow([fields[0]!, fields[1]!, null]) });
  for (let at = 0; at < text.length; at += 1 << 20) parser.feed(text.slice(at, at + (1 << 20)));
  parser.end();
  return { columns: builder.finish(), fileBytes: text.length };
}
