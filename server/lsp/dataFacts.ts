import type { TableSymbol } from '../mlpipe/binder.js';
import type { ColumnInfo, DataInfo } from '../mlpipe/data/info.js';
import type { DocAnalysis } from './analyses.js';

/** What the inspector learned of a table's source, when the source is a string. */
export function tableData(a: DocAnalysis, table: TableSymbol | undefined): DataInfo | undefined {
  return table?.source === undefined ? undefined : a.data.get(table.source);
}

/** The columns of a table from its data header, when the file was read. */
export function tableColumns(a: DocAnalysis, table: TableSymbol | undefined): ColumnInfo[] | undefined {
  const d = tableData(a, table);
  return d?.status === 'ok' ? d.columns : undefined;
}

export function missingShare(info: DataInfo, column: ColumnInfo): string {
  if (!info.rowsRead) return '—';
  const pct = (100 * column.missing) / info.rowsRead;
  return column.missing === 0 ? '0%' : `${pct < 0.1 ? pct.toFixed(2) : pct.toFixed(1)}%`;
}
