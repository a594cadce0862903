/**
 * How many rows the column builders (`InfoBuilder`, `ColumnBuilder`) hold before adding them
 * column by column. Whole batches of a column at a time keep that column's map and arrays in
 * cache (row by row, a wide table's every cell went to another column's); but the held cells
 * outlive the young generation when a batch is large (128 rows of 10,000 columns, 1.3M strings,
 * made a load twice as slow, in the collector), so a batch is bounded in cells.
 */
export function batchRows(columns: number): number {
  // A narrow table's columns stay in cache row by row; holding its rows only cost (a 1M x 10 load
  // took 1.3x as long in batches of 128 rows).
  if (columns < MIN_COLUMNS) return 1;
  return Math.max(1, Math.min(MAX_ROWS, Math.floor(BATCH_CELLS / columns)));
}

const MIN_COLUMNS = 64;

const MAX_ROWS = 128;
// Measured with bench/csv.ts (wide and pixels shapes): 4,096 cells lost the inspection's gain on
// the wide shape, 65,536 and 262,144 were alike, unbounded rows slowed the wide load.
const BATCH_CELLS = 65_536;
