import { serveDefaultProblem } from '../../features/row.js';
import { literalValue } from '../../syntax/literals.js';
import { isNumeric } from '../exprType.js';
import type { CheckContext } from '../context.js';
import type { Rule } from '../rule.js';

/**
 * A serve default that its column's type cannot take (`Pclass = "first"` for a column of
 * numbers, `true` for one), or that is no time for a column the served features read as one (a
 * window's `as_of`: `snapshot_at = "soon"`): serving would refuse every request that relies on
 * it (and now refuses to start). The words are serving's own (`serveDefaultProblem`), the type
 * the data's.
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
    const read = timeRead(ctx, attr.name.name);
    const problem = serveDefaultProblem(attr.name.name, value, isNumeric(type) && read !== 'only', read !== undefined);
    if (problem) ctx.report('invalid-value', attr.value, problem);
  },
};

/**
 * How a feature the served model reads (every model's, when nothing is served) reads the
 * primary-table column as a window's `as_of`, as the one dependency walk marks it: serving then
 * parses the field as a time. 'only' when nothing reads its value: the engine takes any time
 * cell there whatever the data's column type (`timeOnlyColumns`), so '2025-04-18' fits a column
 * of epoch seconds.
 */
function timeRead(ctx: CheckContext, column: string): 'only' | 'also' | undefined {
  const p = ctx.binding.primary;
  if (!p) return undefined;
  const served = ctx.servedModel();
  const features = served ? ctx.binding.featureClosure(served.inputs.map((i) => i.name)) : ctx.binding.usedFeatures;
  let asTime = false;
  let asValue = false;
  for (const name of features) {
    const f = ctx.binding.features.get(name);
    for (const c of f?.reads.columns ?? []) {
      if (c.window || c.column !== column || (c.table !== undefined && c.table !== p.name)) continue;
      if (c.asOf) asTime = true;
      else asValue = true;
    }
  }
  return asTime ? (asValue ? 'also' : 'only') : undefined;
}
