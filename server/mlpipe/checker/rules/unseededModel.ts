import type { Rule } from '../rule.js';

/** Unseeded initial weights and batch order make two runs of the same pipeline differ. */
export const unseededModel: Rule = {
  name: 'repro/unseeded-model',
  phase: 2,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'model' || !block.name) return;
    const m = ctx.binding.models.get(block.name.name);
    if (!m || m.decl !== block || m.attrs.has('seed')) return;
    ctx.report('repro/unseeded-model', ctx.header(block), `model '${m.name}' has no 'seed': its weights would differ on every run; add 'seed = 7'`, {
      fix: 'add-seed',
      block: 'model',
    });
  },
};
