import type { Rule } from '../rule.js';

/** A served model nobody watches rots silently as the world drifts. */
export const unmonitoredServing: Rule = {
  name: 'lifecycle/unmonitored-serving',
  phase: 2,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'serve' || ctx.singleton('serve') !== block) return;
    if (ctx.binding.blocks.has('monitor')) return;
    ctx.report('lifecycle/unmonitored-serving', ctx.header(block), "the served model has no 'monitor' block: drift would go unnoticed", {
      fix: 'add-monitor',
    });
  },
};
