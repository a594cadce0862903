import { bindArgs } from '../../language/callArgs.js';
import { forEachCall } from '../../syntax/visit.js';
import { literalValue } from '../../syntax/literals.js';
import { defaultMismatchMessage, sameFill } from '../../features/defaultMismatch.js';
import { servedFeatures } from '../../served.js';
import type { Rule } from '../rule.js';

/**
 * A serving default must be the value training filled in. Each call of a transform that
 * `coversMissing` (`fill_missing(column, value)`) in a feature is compared with
 * `serve { defaults { column = … } }`, for the features the served model reads: no request
 * reaches another feature's fill, and serving refuses the serve block's errors at start.
 */
export const missingDefaultMismatch: Rule = {
  name: 'skew/missing-default-mismatch',
  phase: 2,
  attribute(attr, block, ctx) {
    if (block.type.name !== 'defaults') return;
    const p = ctx.binding.primary;
    const served = literalValue(attr.value);
    if (!p || served === undefined) return;
    const column = attr.name.name;
    for (const name of servedFeatures(ctx.binding)) {
      const f = ctx.binding.features.get(name);
      if (!f) continue;
      const found: Array<string | number | boolean> = [];
      forEachCall(f.decl.value, (e) => {
        const bound = bindArgs(e);
        const covers = bound?.spec.coversMissing;
        const x = covers ? bound.values.get('x') : undefined;
        const value = covers ? bound.values.get(covers.value) : undefined;
        if (!x || !value) return;
        const isCol =
          x.kind === 'Reference' &&
          ((x.parts.length === 1 && x.parts[0].name === column && !ctx.binding.features.has(column)) ||
            (x.parts.length === 2 && x.parts[0].name === p.name && x.parts[1].name === column));
        const v = literalValue(value);
        if (isCol && v !== undefined) found.push(v);
      });
      // Compared as serving reads both for the column (a text column's default 0 is the text '0').
      const type = ctx.column(p, column)?.type;
      const differing = found.find((v) => !sameFill(served, v, type));
      if (differing !== undefined) {
        ctx.report('skew/missing-default-mismatch', attr.value, defaultMismatchMessage(column, served, f.name, differing));
        return;
      }
    }
  },
};
