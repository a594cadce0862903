import type { Rule } from '../rule.js';

/**
 * A history table has many rows per example: only a window aggregate can read it. The reads
 * come from the one dependency walk, which marks a window's history column as such. A read
 * under a misspelt call ('window_cnt(orders.x, …)') is the call's error, not a second one.
 */
export const historyOutsideWindow: Rule = {
  name: 'history-outside-window',
  phase: 0,
  feature(_decl, ctx, _inServe, own) {
    if (!own) return;
    const { binding } = ctx;
    for (const read of own.reads.columns) {
      if (read.window || read.asOf || read.underUnknownCall || read.table === undefined) continue;
      const table = binding.tables.get(read.table);
      if (!table || !binding.primary || table === binding.primary) continue;
      // A text column takes only 'window_count': suggesting 'window_mean' there led straight to a
      // 'type-mismatch' on the suggested code.
      const agg = ctx.column(table, read.column)?.type === 'string' ? 'window_count' : 'window_mean';
      ctx.report(
        'history-outside-window',
        read.node,
        `'${read.table}.${read.column}' is a column of the history table '${read.table}', which has many rows per example: read it through a window aggregate, e.g. '${agg}(${read.table}.${read.column}, 90d, as_of = ${binding.primary.name}.${binding.primary.time ?? 'time'})'`,
      );
    }
  },
};
