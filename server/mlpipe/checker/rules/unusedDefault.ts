import type { Rule } from '../rule.js';
import { servedRequestFieldMap } from '../servedFields.js';

/**
 * A serve default for a primary-table column the served model never reads (no served feature
 * reads it, directly, through other features, or as a window's key or `as_of`): serving fills it
 * into a request field that nothing reads, so it does nothing, while the file reads as if missing
 * values of that column were handled. The fields are `servedRequestFields`, the list `/metadata`
 * gives and `/predict` validates against. Quiet when nothing is served or no plan can be made
 * (another rule's error), and for a column the data does not show (unknown-reference's, or no
 * data to know it by).
 */
export const unusedDefault: Rule = {
  name: 'lifecycle/unused-default',
  phase: 2,
  attribute(attr, block, ctx) {
    // 'defaults' is a block of 'serve' only (anywhere else it is unknown-block).
    if (block.type.name !== 'defaults') return;
    const p = ctx.binding.primary;
    const column = attr.name.name;
    if (!p || ctx.column(p, column) === undefined) return;
    const fields = servedRequestFieldMap(ctx);
    if (!fields || fields.has(column)) return;
    const model = ctx.servedModel()?.name;
    ctx.report(
      'lifecycle/unused-default',
      attr,
      `the serve default for '${column}' fills nothing: no feature of the served model '${model}' reads '${p.name}.${column}', so serving fills a request field nothing reads; remove the entry, or read the column in a feature the model uses`,
      { fix: 'remove-default' },
    );
  },
};
