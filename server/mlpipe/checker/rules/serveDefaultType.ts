import { serveDefaultProblem } from '../../features/row.js';
import { literalValue } from '../../syntax/literals.js';
import { isNumeric } from '../exprType.js';
import type { Rule } from '../rule.js';

/**
 * A serve default that its column's type cannot take (`Pclass = "first"` for a column of
 * numbers, `true` for one): serving would refuse every request that relies on it (and now
 * refuses to start). The words are serving's own (`serveDefaultProblem`), the type the data's.
 * Before the default is compared with training's fill (`skew/missing-default-mismatch`, a
 * later phase that this error silences on the same value).
 */
export const serveDefaultType: Rule = {
  name: 'invalid-value',
  phase: 1,
  attribute(attr, block, ctx) {
    // 'defaults' is a block of 'serve' only (anywhere else it is unknown-block).
    if (block.type.name !== 'defaults') return;
    const p = ctx.binding.primary;
    const value = literalValue(attr.value);
    const type = p ? ctx.column(p, attr.name.name)?.type : undefined;
    if (value === undefined || type === undefined) return;
    const problem = serveDefaultProblem(attr.name.name, value, isNumeric(type));
    if (problem) ctx.report('invalid-value', attr.value, problem);
  },
};
