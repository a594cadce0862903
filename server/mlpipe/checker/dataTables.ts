import type { TableSymbol } from '../binder.js';
import type { Column, Table } from '../data/table.js';
import type { CheckContext } from './context.js';

/**
 * A table as the engine loads it, rebuilt from the cells the checker already holds
 * ('DataInfo.values', canonical keys typed by 'ColumnInfo.type'), with only `columns`. Every
 * row of the file or nothing: undefined when a column is unknown or only a sample of it was
 * read (a sampled file's 'wholeFile' covers its key and time columns only).
 */
export function wholeTable(ctx: CheckContext, table: TableSymbol, columns: Iterable<string>): Table | undefined {
  const data = ctx.readData(table);
  if (!data || table.source === undefined) return undefined;
  const values = data.sampled ? data.wholeFile?.values : data.values;
  const rowCount = data.sampled ? data.wholeFile?.rows : data.rowsRead;
  if (!values || rowCount === undefined) return undefined;
  let built = columnsBuilt.get(data);
  if (!built) columnsBuilt.set(data, (built = new Map()));
  const out: Column[] = [];
  for (const name of new Set(columns)) {
    const info = ctx.column(table, name);
    const cells = values(name);
    if (!info || !cells || cells.length !== rowCount) return undefined;
    const type = info.type === 'string' ? 'string' : (info.type ?? 'number');
    const key = `${type}\u0000${name}`;
    let column = built.get(key);
    if (!column) built.set(key, (column = columnOf(name, type, cells)));
    out.push(column);
  }
  return { name: table.name, source: table.source, rowCount, columns: out };
}

/**
 * Columns built from each data object's cells, by type and name: every model's verdict reads
 * the same few columns, and a split edit asks for them again for every model. Columns are
 * read-only to the feature code that reads them.
 */
const columnsBuilt = new WeakMap<object, Map<string, Column>>();

function columnOf(name: string, type: Column['type'], cells: ReadonlyArray<string | null>): Column {
  let missing = 0;
  for (const c of cells) if (c === null) missing++;
  return type === 'string'
    ? { name, type: 'string', values: [...cells], missing }
    : // Numeric keys are numbers as JavaScript prints them; a column with no value is 'number', all NaN.
      { name, type, values: Float64Array.from(cells, (c) => (c === null ? NaN : Number(c))), missing };
}
