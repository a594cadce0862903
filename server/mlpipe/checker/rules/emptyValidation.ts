import { noValidationRowProblem } from '../../data/split.js';
import { attributesOf } from '../../binder.js';
import { splitConfig } from '../../language/splitConfig.js';
import type { Rule } from '../rule.js';

/**
 * A `validation` share that rounds to no row of the primary table (`validation = 0.001` over 400
 * rows): the runner refuses it with the same sentence (`partitionRows`), where it trained without
 * a validation loss and said nothing. Needs the table's row count: a sampled file's is known only
 * when the inspector read its split columns whole.
 */
export const emptyValidation: Rule = {
  name: 'invalid-value/empty-validation',
  phase: 1,
  file(ctx) {
    const block = ctx.singleton('split');
    const attr = block ? attributesOf(block).get('validation') : undefined;
    const p = ctx.binding.primary;
    if (!attr || !p?.source) return;
    const cfg = splitConfig(ctx.binding);
    // A share out of range is invalid-value's own error (errors do not cascade).
    if (!cfg.valid) return;
    const data = ctx.readData(p);
    const rows = data?.wholeFile?.rows ?? (data?.sampled ? undefined : data?.rowsRead);
    const problem = rows === undefined ? undefined : noValidationRowProblem(cfg.validation, rows, p.source);
    if (problem) ctx.report('invalid-value', attr.value, problem);
  },
};
