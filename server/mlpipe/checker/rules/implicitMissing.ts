import { readsOf } from '../../features/dependencies.js';
import type { Rule } from '../rule.js';

/**
 * A column with missing values read without `fill_missing` makes training drop or mangle those
 * rows and serving reject the request. A `fill_missing` anywhere between the column and the
 * feature's root covers it. History columns read through a window are not request fields:
 * windows skip their missing values by definition, the same way in training and serving.
 */
export const implicitMissing: Rule = {
  name: 'skew/implicit-missing',
  phase: 2,
  feature(decl, ctx, inServe) {
    if (inServe) return;
    const { binding } = ctx;
    const reported = new Set<string>();
    const bound = binding.features.get(decl.name.name);
    const reads = bound?.decl === decl ? bound.reads : readsOf(decl.value, binding.features);
    for (const read of reads.columns) {
      if (read.covered || read.window) continue;
      const table = read.table === undefined ? binding.primary : binding.tables.get(read.table);
      if (!table || read.column === table.time) continue;
      const info = ctx.column(table, read.column);
      const data = ctx.readData(table);
      const id = table.name + '.' + read.column;
      if (!info || info.missing === 0 || reported.has(id)) continue;
      reported.add(id);
      const share = data?.rowsRead ? ` (${((100 * info.missing) / data.rowsRead).toFixed(1)}% of rows)` : '';
      if (read.asOf && read.call) {
        // 'as_of' takes a column, so the fill goes around the window (which is a number). Training
        // reads a row without the moment as an empty window (a count or sum of 0, else missing);
        // /predict refuses a request without it.
        ctx.report(
          'skew/implicit-missing',
          read.call,
          `'${id}' has ${info.missing} missing values${share}, and '${read.call.callee.name}' reads a row without it as an empty window in training while /predict refuses a request without it: wrap the window in 'fill_missing(…, value)' so training and serving fill it the same way`,
          { fix: 'fill-missing', value: '0' },
        );
        continue;
      }
      ctx.report(
        'skew/implicit-missing',
        read.node,
        `'${id}' has ${info.missing} missing values${share}, and the run leaves out the rows where a model input is missing: wrap it in 'fill_missing(…, value)' so training and serving fill them the same way`,
        // The engine fills text with a string and numbers with a number: the fix must match.
        { fix: 'fill-missing', value: info.type === 'string' ? '"missing"' : '0' },
      );
    }
  },
};
