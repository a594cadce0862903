import { attributesOf, bareName } from '../../binder.js';
import type { Rule } from '../rule.js';

/** A split without a seed is different on every run, so metrics cannot be compared or reproduced. */
export const unseededSplit: Rule = {
  name: 'repro/unseeded-split',
  phase: 2,
  file(ctx) {
    if (ctx.binding.blocks.has('split')) return;
    ctx.report('repro/unseeded-split', ctx.fileSpan(), "no 'split' block: the default split is random and unseeded; add 'split { test = 0.2, seed = 42 }'", {
      fix: 'add-seed',
      block: 'split',
    });
  },
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'split' || ctx.singleton('split') !== block) return;
    const attrs = attributesOf(block);
    if (attrs.has('seed') || bareName(attrs.get('order')?.value)?.name === 'time') return;
    ctx.report('repro/unseeded-split', ctx.header(block), "the split has no 'seed': every run would test on different rows; add 'seed = 42'", {
      fix: 'add-seed',
      block: 'split',
    });
  },
};
