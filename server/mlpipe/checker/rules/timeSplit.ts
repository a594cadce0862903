import { attributesOf, bareName } from '../../binder.js';
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
