import { attributesOf } from '../../binder.js';
import type { Rule } from '../rule.js';

/**
 * `compare_to` judges the candidate against a version of the model the pipeline registers; with
 * no `register` block there is no such model, and the runner skips the comparison without a
 * word. A line that gates nothing is refused, as a threshold line that gates nothing is.
 */
export const compareWithoutRegister: Rule = {
  name: 'invalid-value',
  phase: 1,
  file(ctx) {
    const evaluate = ctx.singleton('evaluate');
    const attr = evaluate ? attributesOf(evaluate).get('compare_to') : undefined;
    if (!attr || ctx.binding.registered.size > 0) return;
    ctx.report('invalid-value', attr.value, "'compare_to' compares with a version of the registered model, and this pipeline registers none: add a 'register' block, or remove 'compare_to'");
  },
};
