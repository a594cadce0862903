import { DataError } from './errors.js';
import { getColumn, type Table } from './table.js';
import { epochSeconds, parseTime } from './values.js';

/**
 * Epoch seconds of every row of a table's time column (NaN where missing). Numeric columns are
 * epoch seconds, or milli-, micro- or nanoseconds (`epochSeconds`); text columns go through `parseTime`, and the
 * first bad cell is a `DataError` naming the table's file, the data row and the value.
 */
export function timeColumn(table: Table, name: string): Float64Array {
  const column = getColumn(table, name);
  if (column === undefined) throw new DataError({ file: table.source, column: name }, `no column '${name}' in the table`);
  if (column.type !== 'string') return column.values.map(epochSeconds);
  const out = new Float64Array(table.rowCount);
  const values = column.values;
  for (let i = 0; i < out.length; i++) {
    try {
      out[i] = parseTime(values[i] ?? null);
    } catch (e) {
      // In the words a window's time refusal uses (FeatureDataError): file, data row, column.
      throw new DataError({ file: table.source, column: name }, '', `${table.source}, data row ${i + 1}, column ${name}: ${(e as Error).message}`);
    }
  }
  return out;
}
