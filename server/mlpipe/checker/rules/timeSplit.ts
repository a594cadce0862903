import { attributesOf, bareName } from '../../binder.js';
import { splitConfig, timeIsTargetProblem } from '../../language/splitConfig.js';
import type { Rule } from '../rule.js';

/** A time-ordered split sorts the primary table by its `time`: without one there is no order. */
export const timeSplit: Rule = {
  name: 'missing-attribute/time-split',
  phase: 0,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'split') return;
    const order = attributesOf(block).get('order');
    const p = ctx.binding.primary;
    if (!order || bareName(order.value)?.name !== 'time' || !p || p.time !== undefined) return;
    ctx.report(
      'missing-attribute',
      ctx.header(p.decl),
      `'split' orders rows by time (line ${ctx.lines.positionAt(order.start).line + 1}), and 'data ${p.name}' has no 'time': name its time column with 'time = COLUMN'`,
    );
  },
};

/**
 * A time-ordered split over a `time` that is the target sorts the rows by their label: refused by
 * the runner (`partitionRows`) in the same words, reported at the table's `time = …`.
 */
export const timeIsTarget: Rule = {
  name: 'invalid-value/time-is-target',
  phase: 0,
  file(ctx) {
    const p = ctx.binding.primary;
    const at = p?.attrs.get('time');
    const problem = p && at ? timeIsTargetProblem(p, splitConfig(ctx.binding).order) : undefined;
    if (problem) ctx.report('invalid-value', at!.value, problem);
  },
};
