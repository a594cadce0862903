import { attributesOf } from '../../binder.js';
import type { Rule } from '../rule.js';

/** Drift checks that trigger nothing only fill a log. */
export const noRetrain: Rule = {
  name: 'lifecycle/no-retrain',
  phase: 2,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'monitor') return;
    if (!block.entries.some((e) => e.kind === 'Drift') || attributesOf(block).has('on_drift')) return;
    ctx.report('lifecycle/no-retrain', ctx.header(block), "drift is measured but nothing happens on drift: add 'on_drift = retrain' or 'on_drift = alert'");
  },
};
