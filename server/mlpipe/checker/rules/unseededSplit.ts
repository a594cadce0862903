import { attributesOf, bareName } from '../../binder.js';
import { workingSeed } from '../engineSplit.js';
import { DETERMINISTIC_SPLIT_SEED, isDeterministic, SUGGESTED_SEED } from '../../language/determinism.js';
import { oneOf, SPLIT_ORDERS } from '../../language/keywords.js';
import type { Rule } from '../rule.js';

/** A split without a seed is different on every run, so metrics cannot be compared or reproduced. */
export const unseededSplit: Rule = {
  name: 'repro/unseeded-split',
  phase: 2,
  file(ctx) {
    if (ctx.binding.blocks.has('split')) return;
    const seed = workingSeed(ctx) ?? SUGGESTED_SEED;
    const message = isDeterministic(ctx.binding)
      ? `no 'split' block: the default split is random, and with 'deterministic = true' it uses the fixed seed ${DETERMINISTIC_SPLIT_SEED}; add 'split { test = 0.2, seed = ${seed} }' to choose it`
      : `no 'split' block: the default split is random and unseeded; add 'split { test = 0.2, seed = ${seed} }'`;
    ctx.report('repro/unseeded-split', ctx.fileSpan(), message, {
      fix: 'add-seed',
      block: 'split',
      seed,
    });
  },
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'split' || ctx.singleton('split') !== block) return;
    const attrs = attributesOf(block);
    const order = attrs.get('order');
    const word = order && bareName(order.value)?.name;
    if (attrs.has('seed') || word === 'time') return;
    // An order that is no order ('newest') is invalid-value; whether a seed is wanted waits for it.
    if (order && !oneOf(SPLIT_ORDERS, word)) return;
    // The fix writes a seed whose split leaves both sides rows with a target.
    const seed = workingSeed(ctx) ?? SUGGESTED_SEED;
    const message = isDeterministic(ctx.binding)
      ? `the split has no 'seed': with 'deterministic = true' the fixed seed ${DETERMINISTIC_SPLIT_SEED} is used; add 'seed = ${seed}' to choose it`
      : `the split has no 'seed': every run would test on different rows; add 'seed = ${seed}'`;
    ctx.report('repro/unseeded-split', ctx.header(block), message, {
      fix: 'add-seed',
      block: 'split',
      seed,
    });
  },
};
